import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatProblem, type Problem, printable, problem, summarizeProblems } from "./problem.js";

describe("problems", () => {
  test("formatProblem reads like a compiler: file:line:col: path: message", () => {
    const p = problem(
      "spec.restartPolicy",
      "must be in list [OnFailure, Never]",
      "string.in",
      { line: 12, column: 7 },
      "job.yaml",
    );
    assert.equal(formatProblem(p), "job.yaml:12:7: spec.restartPolicy: must be in list [OnFailure, Never]");
  });

  test("formatProblem leaves out what is unknown: no position, no file, no path", () => {
    assert.equal(
      formatProblem(problem("spec", "is required", "required", undefined, "job.yaml")),
      "job.yaml: spec: is required",
    );
    assert.equal(formatProblem(problem("spec", "is required", "required")), "spec: is required");
    assert.equal(
      formatProblem(problem("", "the input is empty", "source.empty", undefined, "job.yaml")),
      "job.yaml: the input is empty",
    );
  });

  test("problem() sets line and column only when a position is given", () => {
    assert.deepEqual(problem("a", "m", "r"), { path: "a", message: "m", rule: "r" });
    assert.deepEqual(problem("a", "m", "r", { line: 1, column: 2 }), {
      path: "a",
      message: "m",
      rule: "r",
      line: 1,
      column: 2,
    });
  });

  test("formatProblem escapes bidi overrides, invisible and control characters copied from the input (Trojan Source)", () => {
    const p = problem(
      "spec.para\u202ellelism",
      'unknown field "para\u202ellelism"',
      "unknown_field",
      { line: 15, column: 3 },
      "job.yaml",
    );
    assert.equal(formatProblem(p), 'job.yaml:15:3: spec.para\\u202ellelism: unknown field "para\\u202ellelism"');
    assert.equal(printable("a\u200bb\u0007c\nd\ufeff"), "a\\u200bb\\u0007c\\u000ad\\ufeff");
    assert.equal(printable("größe: 1Gi"), "größe: 1Gi");
  });
});

test("summarizeProblems: the first problem and how many more, with or without its location", () => {
  const p = (path: string): Problem => ({ path, message: "bad", rule: "r", file: "job.yaml", line: 3, column: 5 });
  assert.equal(summarizeProblems([]), "");
  assert.equal(summarizeProblems([p("spec.a")]), "job.yaml:3:5 spec.a: bad");
  assert.equal(summarizeProblems([p("spec.a"), p("spec.b")], false), "spec.a: bad (and 1 more problem)");
  assert.equal(summarizeProblems([p("spec.a"), p("spec.b"), p("spec.c")], false), "spec.a: bad (and 2 more problems)");
});
