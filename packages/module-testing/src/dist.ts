// A package's built dist/ must not load test code: no production file (any
// .js but *.test.js) imports node:assert, node:test or a testing package.
import assert from "node:assert/strict";
import { globSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Specifiers only tests may import. */
const TEST_ONLY = /^(node:assert(\/strict)?|node:test|assert|@planton\/testing|@planton\/module-testing)(\/.*)?$/;

/** The module specifiers a compiled ES module imports (static `from "x"`, bare `import "x"` and `import("x")`). */
export function importedSpecifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\s*\(?\s*["']([^"']+)["']/g)) {
    out.push((m[1] ?? m[2]) as string);
  }
  return out;
}

/** Asserts no production file of `packageDir/dist` imports test code; returns how many files were read. */
export function assertNoTestCodeInDist(packageDir: string): number {
  const files = globSync("**/*.js", { cwd: join(packageDir, "dist") }).filter((f) => !f.endsWith(".test.js"));
  assert.ok(files.length > 0, `${packageDir}/dist has no .js files: build first`);
  for (const file of files) {
    const bad = importedSpecifiers(readFileSync(join(packageDir, "dist", file), "utf8")).filter((s) =>
      TEST_ONLY.test(s),
    );
    assert.deepEqual(bad, [], `dist/${file} imports test code`);
  }
  return files.length;
}
