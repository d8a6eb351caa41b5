import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isPlantonError, PlantonError } from "./error.js";
import { problem } from "./problem.js";

describe("PlantonError", () => {
  test("carries a stable code, the message, a hint and the problems behind it", () => {
    const p = problem(
      "spec.restartPolicy",
      "must be in list [OnFailure, Never]",
      "string.in",
      { line: 12, column: 18 },
      "job.yaml",
    );
    const e = new PlantonError("ERR_PLANTON_INVALID_MANIFEST", "job.yaml is invalid", {
      hint: "fix the manifest",
      problems: [p],
    });
    assert.equal(e.name, "PlantonError");
    assert.equal(e.code, "ERR_PLANTON_INVALID_MANIFEST");
    assert.equal(
      e.describe(),
      "job.yaml is invalid\n  job.yaml:12:18: spec.restartPolicy: must be in list [OnFailure, Never]\nhint: fix the manifest",
    );
  });

  test("describe without problems or hint is the message alone", () => {
    assert.equal(new PlantonError("ERR_PLANTON_USAGE", "no manifest given").describe(), "no manifest given");
  });

  test("keeps the cause", () => {
    const cause = new Error("ENOENT");
    assert.equal(new PlantonError("ERR_PLANTON_IO", "cannot read", { cause }).cause, cause);
  });

  test("isPlantonError tells PlantonErrors from other errors", () => {
    assert.equal(isPlantonError(new PlantonError("ERR_PLANTON_USAGE", "x")), true);
    assert.equal(isPlantonError(new Error("x")), false);
    assert.equal(isPlantonError({ code: "ERR_PLANTON_USAGE", message: "x" }), false);
  });
});
