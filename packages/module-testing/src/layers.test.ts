// The layers hold in what is built: gen ← sdk ← module-kit ← kinds ← cli, no
// kind importing another, no test code in a production dist/, and the light
// `./kind` entries load no Pulumi.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, test } from "node:test";
import { repoRoot } from "@planton/testing";
import { assertNoTestCodeInDist, importedSpecifiers } from "./dist.js";

interface PackageJson {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
}

const packagesDir = join(repoRoot(), "packages");
const packages = readdirSync(packagesDir)
  .map((dir) => ({ dir: join(packagesDir, dir), json: join(packagesDir, dir, "package.json") }))
  .filter((p) => existsSync(p.json))
  .map((p) => ({ dir: p.dir, pkg: JSON.parse(readFileSync(p.json, "utf8")) as PackageJson }));
const published = packages.filter((p) => !p.pkg.private);
/** Kind packages: those built on the module kit with a `./kind` export. */
const kinds = published.filter(
  (p) => p.pkg.exports?.["./kind"] !== undefined && p.pkg.dependencies?.["@planton/module-kit"] !== undefined,
);

/** The bare specifiers `file` and the files it imports relatively (transitively) import. */
function bareImports(file: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(file)) return out;
  seen.add(file);
  for (const s of importedSpecifiers(readFileSync(file, "utf8"))) {
    if (s.startsWith(".")) for (const x of bareImports(resolve(dirname(file), s), seen)) out.add(x);
    else out.add(s);
  }
  return out;
}

describe("layers", () => {
  test("there are kind packages, and the private packages are the testing ones", () => {
    assert.ok(
      kinds.length >= 3 && !kinds.some((k) => k.pkg.name === "@planton/cli"),
      `kind packages: ${kinds.map((k) => k.pkg.name).join(", ")}`,
    );
    for (const p of packages.filter((x) => x.pkg.private)) assert.match(p.pkg.name, /testing$/);
  });

  for (const { dir, pkg } of published) {
    test(`${pkg.name}: dist/ holds no test code and depends on no testing package`, () => {
      if (pkg.name !== "@planton/cli" || existsSync(join(dir, "dist"))) assertNoTestCodeInDist(dir);
      for (const dep of Object.keys(pkg.dependencies ?? {})) {
        assert.ok(!/testing$/.test(dep), `${pkg.name} depends on ${dep} in production`);
      }
    });
  }

  for (const { dir, pkg } of kinds) {
    test(`${pkg.name}: imports no other kind package, and its ./kind entry loads no Pulumi`, () => {
      const others = kinds.filter((k) => k.pkg.name !== pkg.name).map((k) => k.pkg.name);
      for (const dep of Object.keys(pkg.dependencies ?? {})) assert.ok(!others.includes(dep), `depends on ${dep}`);
      const all = bareImports(join(dir, "dist", "index.js"));
      for (const s of all) assert.ok(!others.some((o) => s === o || s.startsWith(`${o}/`)), `imports ${s}`);
      assert.deepEqual([...bareImports(join(dir, "dist", "kind.js"))], ["@planton/module-kit/kind"]);
    });
  }

  test("@planton/module-kit/kind loads nothing but itself", () => {
    assert.deepEqual([...bareImports(join(packagesDir, "module-kit", "dist", "kind.js"))], []);
  });

  test("the SDK does not import module-kit, Pulumi or a kind", () => {
    const bare = bareImports(join(packagesDir, "sdk", "dist", "index.js"));
    for (const s of bare) assert.doesNotMatch(s, /^@pulumi\/|^@planton\/(?!gen\/)/, `the SDK imports ${s}`);
  });
});
