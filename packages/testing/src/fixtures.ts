// The repository's one fixture reader: where the repository's testdata/ is, the
// fixtures in it and the `# expect:` lines that declare what an invalid fixture
// must report. Used by the tests of every package.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the nearest directory above this file holding pnpm-workspace.yaml. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function testdataDir(): string {
  return join(repoRoot(), "testdata");
}

/** The text of `testdata/<path>`. */
export function readTestdata(path: string): string {
  return readFileSync(join(testdataDir(), path), "utf8");
}

/** One expected problem of an invalid fixture: `# expect: <path> <rule>`. */
export interface Expectation {
  path: string;
  rule: string;
}

/**
 * The `# expect:` lines of a fixture. The rule is the last word of the line and the
 * path everything before it, so paths may hold spaces (`metadata.labels["a b"]`)
 * and a problem of the whole document has an empty path (`# expect:  yaml.duplicate_key`).
 */
export function expectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  for (const m of text.matchAll(/^# expect:(.*)$/gm)) {
    const line = (m[1] ?? "").trim();
    const cut = line.lastIndexOf(" ");
    out.push({ path: cut < 0 ? "" : line.slice(0, cut).trim(), rule: line.slice(cut + 1) });
  }
  return out;
}

export type FixtureGroup = "valid" | "invalid" | "known-gaps";

export interface Fixture {
  /** The directory of the kind, e.g. "kubernetes-job". */
  kind: string;
  group: FixtureGroup;
  /** Path relative to the repository root, as problems name it. */
  file: string;
  text: string;
  expected: Expectation[];
}

/** Every fixture under testdata/<kind>/<group>/, sorted by path. */
export function fixtures(): Fixture[] {
  const root = testdataDir();
  const out: Fixture[] = [];
  for (const kind of readdirSync(root, { withFileTypes: true })) {
    if (!kind.isDirectory()) continue;
    for (const group of ["valid", "invalid", "known-gaps"] as const) {
      const dir = join(root, kind.name, group);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).sort()) {
        if (!/\.(ya?ml|json)$/.test(name)) continue;
        const path = join(dir, name);
        const text = readFileSync(path, "utf8");
        out.push({ kind: kind.name, group, file: relative(repoRoot(), path), text, expected: expectations(text) });
      }
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}
