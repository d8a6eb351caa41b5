import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { seedJob } from "@planton/testing";
import { isPlantonError } from "./error.js";
import { findKind, type KindInfo } from "./kinds.js";
import { outputsJson, outputsToMessage, writeStatusOutputs } from "./outputs.js";
import { prepareManifest } from "./prepare.js";

const jobKind = findKind("KubernetesJob") as KindInfo;
const runnerKind = findKind("StackJobRunnerKubernetes") as KindInfo;

describe("outputs", () => {
  test("outputsToMessage maps snake_case and camelCase output names onto the kind's StackOutputs", () => {
    assert.deepEqual(
      outputsJson(jobKind, outputsToMessage(jobKind, { namespace: "batch-jobs", job_name: "data-migration" })),
      {
        namespace: "batch-jobs",
        jobName: "data-migration",
      },
    );
    assert.deepEqual(outputsJson(jobKind, outputsToMessage(jobKind, { jobName: "data-migration" })), {
      jobName: "data-migration",
    });
  });

  test("outputs of other names are ignored; numbers become text; null and undefined are unset", () => {
    const m = outputsToMessage(runnerKind, {
      namespace: "stack-jobs",
      service: 5,
      kube_endpoint: null,
      port_forward_command: undefined,
      extra: "x",
    });
    assert.deepEqual(outputsJson(runnerKind, m), { namespace: "stack-jobs", service: "5" });
  });

  test("an output of the wrong type is an ERR_PLANTON_PULUMI error naming it", () => {
    assert.throws(
      () => outputsToMessage(jobKind, { namespace: { name: "x" } }),
      (e: unknown) =>
        isPlantonError(e) &&
        e.code === "ERR_PLANTON_PULUMI" &&
        // Not quoted: a stack output may be a secret.
        e.message === "output namespace should be a string, got an object",
    );
  });

  test("writeStatusOutputs adds status.outputs and keeps comments and the rest of the document", () => {
    const text = `# the nightly migration\n${seedJob().replace("backoffLimit: 3", "backoffLimit: 3 # three tries")}`;
    const out = writeStatusOutputs(
      text,
      jobKind,
      outputsToMessage(jobKind, { namespace: "batch-jobs", job_name: "data-migration" }),
    );
    assert.ok(out.startsWith(text), "everything before status is unchanged");
    assert.equal(
      out.slice(text.length),
      "status:\n  outputs:\n    namespace: batch-jobs\n    jobName: data-migration\n",
    );
    const r = prepareManifest(out, "job.yaml");
    assert.ok(r.ok, "the written manifest is still valid");
    assert.deepEqual(
      (r.manifest.message as unknown as { status: { outputs: { jobName: string } } }).status.outputs.jobName,
      "data-migration",
    );
  });

  test("writeStatusOutputs replaces the outputs of an earlier deployment", () => {
    const first = writeStatusOutputs(seedJob(), jobKind, outputsToMessage(jobKind, { namespace: "a", job_name: "b" }));
    const second = writeStatusOutputs(first, jobKind, outputsToMessage(jobKind, { job_name: "c" }));
    assert.match(second, /status:\n {2}outputs:\n {4}jobName: c\n$/);
    assert.doesNotMatch(second, /namespace: a/);
  });

  test("writeStatusOutputs refuses text that is not YAML", () => {
    assert.throws(
      () => writeStatusOutputs("a: [\n", jobKind, outputsToMessage(jobKind, {})),
      (e: unknown) =>
        isPlantonError(e) &&
        e.code === "ERR_PLANTON_INVALID_MANIFEST" &&
        e.message ===
          "cannot update status: Flow sequence in block collection must be sufficiently indented and end with a ] (line 2, column 1)",
    );
  });
});
