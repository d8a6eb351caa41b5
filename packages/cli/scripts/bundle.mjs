// Bundles the compiled CLI (dist/main.js and everything it imports, statically or
// lazily, but the Pulumi modules) into one file, dist/planton.bundle.mjs, which
// bin/planton.js runs: a cold start then resolves and reads one file instead of
// ~200 through pnpm's symlinks. Run by the workspace's `build` after `tsc -b`.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));

// The kind packages, from the CLI's one kind table: they (and Pulumi, and the
// module kit) load only for the commands that need them, from their own packages.
const { kindDescriptors } = await import(new URL("kind-modules.js", `file://${dist}`).href);
const kindPackages = (await kindDescriptors()).map((d) => d.packageName);

await build({
  entryPoints: [`${dist}main.js`],
  outfile: `${dist}planton.bundle.mjs`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  external: ["@pulumi/*", "@planton/module-kit", ...kindPackages],
  // CommonJS dependencies (yaml) call require() for Node's built-ins.
  banner: {
    js: 'import { createRequire as __plantonRequire } from "node:module"; const require = __plantonRequire(import.meta.url);',
  },
  legalComments: "none",
  logLevel: "warning",
});
