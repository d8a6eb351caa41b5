// Runs every test file of the workspace with node's test runner: the compiled tests
// of each package (dist/**/*.test.js) and the TypeScript tests of tools/ (run
// directly; Node strips their types). Fails when no test file is found.
import { spawnSync } from "node:child_process";
import { globSync } from "node:fs";

const patterns = [
  "packages/*/dist/**/*.test.js",
  "examples/*/dist/**/*.test.js",
  "tools/**/*.test.ts",
  "test/robustness/*.test.mjs",
  "test/compat/*.test.mjs",
  // The JSON Schemas in the real yaml-language-server (a devDependency), over LSP.
  "test/lsp/*.test.mjs",
];
const files = patterns.flatMap((p) => globSync(p, { exclude: (f) => f.includes("node_modules") }));
if (files.length === 0) {
  console.error("error: no test files found; run `pnpm build` first");
  process.exit(1);
}
const extra = process.argv.slice(2);
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...extra, ...files], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
