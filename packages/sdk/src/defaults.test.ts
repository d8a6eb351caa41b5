import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { equals, type Message } from "@bufbuild/protobuf";
import { altinity, fixtures, job, runner, seedJob } from "@planton/testing";
import { applyDefaults, fieldDefaultText, hasFieldDefault } from "./defaults.js";
import { findKind, type KindInfo } from "./kinds.js";
import { load } from "./load.js";

function loaded(text: string): { kind: KindInfo; message: Message } {
  const r = load(text, "test.yaml");
  assert.ok(r.ok, r.problems.map((p) => p.message).join("; "));
  return { kind: r.manifest.kind, message: r.manifest.message };
}

function defaultedSpec(text: string): Record<string, unknown> {
  const { kind, message } = loaded(text);
  return (applyDefaults(kind.schema, message) as unknown as { spec: Record<string, unknown> }).spec;
}

const literal = (v: unknown) => (v as { literalOrRef: { case: string; value: unknown } }).literalOrRef;
const cpuMemory = (v: unknown) => {
  const r = v as { limits: { cpu: string; memory: string }; requests: { cpu: string; memory: string } };
  return { limits: [r.limits.cpu, r.limits.memory], requests: [r.requests.cpu, r.requests.memory] };
};

describe("applyDefaults", () => {
  test("KubernetesJob: parallelism 1, completions 1, backoffLimit 6, NonIndexed, Never, not suspended, waits 600 s", () => {
    const spec = defaultedSpec(job());
    assert.equal(spec.parallelism, 1);
    assert.equal(spec.completions, 1);
    assert.equal(spec.backoffLimit, 6);
    assert.equal(spec.completionMode, "NonIndexed");
    assert.equal(spec.restartPolicy, "Never");
    assert.equal(spec.suspend, false);
    assert.equal(spec.waitForCompletion, true);
    assert.equal(spec.completionTimeoutSeconds, 600);
    assert.equal(spec.activeDeadlineSeconds, undefined, "no default deadline");
    assert.equal(spec.ttlSecondsAfterFinished, undefined, "no default TTL");
  });

  test("KubernetesJob: container resources default to upstream's requests 50m/100Mi, limits 1000m/1Gi", () => {
    assert.deepEqual(cpuMemory(defaultedSpec(job()).resources), {
      limits: ["1000m", "1Gi"],
      requests: ["50m", "100Mi"],
    });
  });

  test("an explicit zero stays zero: backoffLimit 0, parallelism 0, suspend false", () => {
    const spec = defaultedSpec(job("  backoffLimit: 0\n  parallelism: 0\n  suspend: false\n"));
    assert.equal(spec.backoffLimit, 0);
    assert.equal(spec.parallelism, 0);
    assert.equal(spec.suspend, false);
  });

  test("explicit values win over defaults", () => {
    const spec = defaultedSpec(seedJob());
    assert.equal(spec.backoffLimit, 3);
    assert.deepEqual(cpuMemory(spec.resources), { limits: ["2000m", "4Gi"], requests: ["500m", "1Gi"] });
  });

  test("resources the manifest sets partly are not merged with the default", () => {
    const spec = defaultedSpec(job("  resources:\n    limits:\n      cpu: 500m\n"));
    const resources = spec.resources as { limits?: { cpu: string; memory: string }; requests?: unknown };
    assert.equal(resources.limits?.cpu, "500m");
    assert.equal(resources.limits?.memory, "");
    assert.equal(resources.requests, undefined);
  });

  test("AltinityOperatorKubernetes: namespace altinity-operator, created, resources 100m/256Mi..1000m/1Gi", () => {
    const spec = defaultedSpec(altinity());
    assert.equal(spec.namespace, "altinity-operator");
    assert.equal(spec.createNamespace, true);
    assert.deepEqual(cpuMemory((spec.container as { resources: unknown }).resources), {
      limits: ["1000m", "1Gi"],
      requests: ["100m", "256Mi"],
    });
  });

  test("AltinityOperatorKubernetes: an explicit namespace and createNamespace false are kept", () => {
    const spec = defaultedSpec(altinity("spec:\n  namespace: clickhouse\n  createNamespace: false\n"));
    assert.equal(spec.namespace, "clickhouse");
    assert.equal(spec.createNamespace, false);
  });

  test("StackJobRunnerKubernetes: a namespace given by reference is not replaced by the default", () => {
    const m = runner().replace(
      "  namespace:\n    value: stack-jobs\n",
      "  namespace:\n    valueFrom:\n      name: ns\n",
    );
    assert.equal(literal(defaultedSpec(m).namespace).case, "valueFrom");
  });

  test("StackJobRunnerKubernetes: an empty spec (upstream's) gets namespace stack-jobs, created", () => {
    const spec = defaultedSpec(runner().replace(/spec:\n[\s\S]*$/, "spec: {}\n"));
    assert.deepEqual(literal(spec.namespace), { case: "value", value: "stack-jobs" });
    assert.equal(spec.createNamespace, true);
    assert.equal(spec.image, undefined);
  });

  test("StackJobRunnerKubernetes: port 8080, one replica, namespace created, resources 100m/256Mi..2000m/2Gi", () => {
    const spec = defaultedSpec(runner());
    assert.equal(spec.port, 8080);
    assert.equal(spec.replicas, 1);
    assert.equal(spec.createNamespace, true);
    assert.equal(spec.clusterWidePermissions, false);
    assert.deepEqual(cpuMemory(spec.resources), { limits: ["2000m", "2Gi"], requests: ["100m", "256Mi"] });
  });

  test("a required message the manifest leaves out stays unset, so validation can report it", () => {
    const { kind, message } = loaded(
      "apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperatorKubernetes\nmetadata:\n  name: a\n",
    );
    assert.equal((applyDefaults(kind.schema, message) as unknown as { spec?: unknown }).spec, undefined);
  });

  test("returns a copy: the input message is not modified", () => {
    const { kind, message } = loaded(job());
    const before = JSON.stringify((message as unknown as { spec: unknown }).spec, (_, v) =>
      typeof v === "bigint" ? String(v) : v,
    );
    applyDefaults(kind.schema, message);
    assert.equal(
      JSON.stringify((message as unknown as { spec: unknown }).spec, (_, v) => (typeof v === "bigint" ? String(v) : v)),
      before,
    );
    assert.equal((message as unknown as { spec: { parallelism?: number } }).spec.parallelism, undefined);
  });

  test("is idempotent on every valid fixture", () => {
    for (const f of fixtures().filter((x) => x.group === "valid")) {
      const { kind, message } = loaded(f.text);
      const once = applyDefaults(kind.schema, message);
      assert.ok(equals(kind.schema, applyDefaults(kind.schema, once), once), f.file);
    }
  });
});

describe("field defaults", () => {
  const spec = findKind("KubernetesJob")?.specSchema;
  const field = (name: string) => {
    const f = spec?.fields.find((x) => x.name === name);
    assert.ok(f, name);
    return f;
  };

  test("fieldDefaultText returns the default as written in the schema", () => {
    assert.equal(fieldDefaultText(field("backoff_limit")), "6");
    assert.equal(fieldDefaultText(field("restart_policy")), "Never");
    assert.equal(fieldDefaultText(field("active_deadline_seconds")), undefined);
  });

  test("hasFieldDefault is true for scalar and container-resources defaults only", () => {
    assert.equal(hasFieldDefault(field("parallelism")), true);
    assert.equal(hasFieldDefault(field("resources")), true);
    assert.equal(hasFieldDefault(field("image")), false);
    assert.equal(hasFieldDefault(field("create_namespace")), false);
  });
});
