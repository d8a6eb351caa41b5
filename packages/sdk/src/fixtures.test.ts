// Conformance-style fixtures: testdata/<kind>/{valid,invalid,known-gaps}/*.yaml.
// Valid manifests prepare with no problem; invalid ones report exactly the
// problems their `# expect:` lines declare, each with a position.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Expectation, expectations, type Fixture, fixtures } from "@planton/testing";
import { prepareManifest } from "./prepare.js";
import { formatProblem, type Problem } from "./problem.js";

const all = fixtures();
const key = (e: Expectation): string => `${e.path} ${e.rule}`;
const describeProblems = (ps: Problem[]): string =>
  ps.map((p) => `${formatProblem(p)} [${p.rule}]`).join("\n") || "(none)";

function count(kind: string, group: Fixture["group"]): number {
  return all.filter((f) => f.kind === kind && f.group === group).length;
}

describe("testdata fixtures", () => {
  test("every kind has the fixtures the issue asks for (>= 25 invalid KubernetesJob, >= 5 invalid per other kind)", () => {
    assert.ok(
      count("kubernetes-job", "invalid") >= 25,
      `${count("kubernetes-job", "invalid")} invalid KubernetesJob fixtures`,
    );
    for (const kind of ["stack-job-runner-kubernetes", "altinity-operator-kubernetes"]) {
      assert.ok(count(kind, "invalid") >= 5, `${kind}: ${count(kind, "invalid")} invalid fixtures`);
      assert.ok(count(kind, "valid") >= 2, `${kind}: ${count(kind, "valid")} valid fixtures`);
    }
  });

  test("every invalid fixture declares at least one expectation; valid fixtures declare none", () => {
    for (const f of all) {
      if (f.group === "invalid") assert.ok(f.expected.length > 0, `${f.file} has no "# expect:" line`);
      if (f.group === "valid") assert.deepEqual(f.expected, [], `${f.file} is valid but declares problems`);
    }
  });

  test("the expect parser takes the last word as the rule and the rest as the path", () => {
    assert.deepEqual(
      expectations('# expect: metadata.labels["team name"] k8s.qualified_name\n# expect:  yaml.duplicate_key\n'),
      [
        { path: 'metadata.labels["team name"]', rule: "k8s.qualified_name" },
        { path: "", rule: "yaml.duplicate_key" },
      ],
    );
  });

  for (const f of all.filter((x) => x.group === "valid")) {
    test(`${f.file} prepares with no problem`, () => {
      const r = prepareManifest(f.text, f.file);
      assert.equal(r.ok, true, describeProblems(r.problems));
      assert.deepEqual(r.problems, []);
      assert.ok(r.manifest, "a valid fixture yields its manifest");
    });
  }

  for (const f of all.filter((x) => x.group === "invalid")) {
    test(`${f.file} reports exactly ${f.expected.map(key).join(", ")}`, () => {
      const r = prepareManifest(f.text, f.file);
      assert.equal(r.ok, false, `${f.file} prepared without problems`);
      const got = r.problems.map((p) => key(p)).sort();
      assert.deepEqual(got, f.expected.map(key).sort(), describeProblems(r.problems));
      for (const p of r.problems) {
        assert.equal(p.file, f.file, `problem names its file: ${formatProblem(p)}`);
        assert.ok(p.message.length > 0);
        // A position exists for everything except an empty input.
        assert.ok(Number.isInteger(p.line) && (p.line as number) >= 1, `no line: ${formatProblem(p)}`);
        assert.ok(Number.isInteger(p.column) && (p.column as number) >= 1, `no column: ${formatProblem(p)}`);
      }
    });
  }

  for (const f of all.filter((x) => x.group === "known-gaps")) {
    test(`${f.file} is still a known gap (when this fails, move the file to valid/ or invalid/)`, () => {
      assert.match(f.text, /^# gap: /m, `${f.file} explains its gap`);
      const r = prepareManifest(f.text, f.file);
      const got = r.problems.map((p) => key(p)).sort();
      assert.notDeepEqual(got, f.expected.map(key).sort(), `${f.file} now behaves as expected: the gap is closed`);
    });
  }
});
