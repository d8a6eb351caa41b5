// Bundles the compiled CLI (dist/main.js and everything it imports, statically or
// lazily, but the Pulumi modules) into one file, dist/planton.bundle.mjs, which
// bin/planton.js runs: a cold start then resolves and reads one file instead of
// ~200 through pnpm's symlinks. Run by the workspace's `build` after `tsc -b`.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));

await build({
  entryPoints: [`${dist}main.js`],
  outfile: `${dist}planton.bundle.mjs`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  // The Pulumi programs (and Pulumi itself) load only for pulumi/render commands,
  // from their own packages.
  external: [
    "@pulumi/*",
    "@planton/kubernetes-job",
    "@planton/stack-job-runner-kubernetes",
    "@planton/altinity-operator-kubernetes",
  ],
  // CommonJS dependencies (yaml) call require() for Node's built-ins.
  banner: {
    js: 'import { createRequire as __plantonRequire } from "node:module"; const require = __plantonRequire(import.meta.url);',
  },
  legalComments: "none",
  logLevel: "warning",
});
