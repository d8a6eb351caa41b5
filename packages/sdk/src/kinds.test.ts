import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { findKind, kindOfSchema, knownKindNames, listKinds, unknownKindMessage } from "./kinds.js";

describe("kind registry", () => {
  test("lists the kinds with a schema, sorted, with their registry metadata", () => {
    const kinds = listKinds().map((k) => [k.kind, k.number, k.idPrefix, k.apiVersion]);
    assert.deepEqual(kinds, [
      ["AltinityOperatorKubernetes", 831, "altopk8s", "kubernetes.project-planton.org/v1"],
      ["KubernetesCronJob", 801, "k8scron", "kubernetes.project-planton.org/v1"],
      ["KubernetesJob", 846, "k8sjob", "kubernetes.project-planton.org/v1"],
      ["StackJobRunnerKubernetes", 999, "sjrk8s", "kubernetes.project-planton.org/v1"],
    ]);
  });

  test("findKind returns the kind's manifest, spec, stack input and stack outputs schemas", () => {
    const k = findKind("KubernetesJob");
    assert.ok(k);
    assert.equal(k.schema.typeName, "org.project_planton.provider.kubernetes.kubernetesjob.v1.KubernetesJob");
    assert.equal(k.specSchema.name, "KubernetesJobSpec");
    assert.equal(k.stackInputSchema.name, "KubernetesJobStackInput");
    assert.equal(k.stackOutputsSchema.name, "KubernetesJobStackOutputs");
    assert.equal(k.provider, "kubernetes");
    assert.equal(k.version, "v1");
  });

  test("findKind is exact: wrong case or unknown names find nothing", () => {
    assert.equal(findKind("kubernetesjob"), undefined);
    assert.equal(findKind("KubernetesNamespace"), undefined);
    assert.equal(findKind(""), undefined);
  });

  test("knownKindNames includes registered kinds without a schema, never 'unspecified'", () => {
    const names = knownKindNames();
    assert.ok(names.includes("KubernetesNamespace"));
    assert.ok(names.includes("KubernetesJob"));
    assert.ok(!names.includes("unspecified"));
  });

  test("kindOfSchema maps a manifest, stack input or stack outputs schema back to its kind", () => {
    const runner = findKind("StackJobRunnerKubernetes");
    assert.ok(runner);
    assert.equal(kindOfSchema(runner.schema)?.kind, "StackJobRunnerKubernetes");
    assert.equal(kindOfSchema(runner.stackInputSchema)?.kind, "StackJobRunnerKubernetes");
    assert.equal(kindOfSchema(runner.stackOutputsSchema)?.kind, "StackJobRunnerKubernetes");
    assert.equal(kindOfSchema(runner.specSchema), undefined);
  });

  test("unknownKindMessage suggests the nearest kind and lists the supported ones", () => {
    assert.equal(
      unknownKindMessage("KubernetsJob"),
      'unknown kind "KubernetsJob"; did you mean "KubernetesJob"?; supported kinds: AltinityOperatorKubernetes, KubernetesCronJob, KubernetesJob, StackJobRunnerKubernetes',
    );
    assert.equal(
      unknownKindMessage("Deployment"),
      'unknown kind "Deployment"; supported kinds: AltinityOperatorKubernetes, KubernetesCronJob, KubernetesJob, StackJobRunnerKubernetes',
    );
  });

  test("unknownKindMessage says when a kind is registered but has no schema in this release", () => {
    assert.match(
      unknownKindMessage("KubernetesNamespace"),
      /^kind "KubernetesNamespace" is registered but has no schema in this release/,
    );
  });
});
