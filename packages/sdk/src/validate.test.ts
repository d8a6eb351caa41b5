import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { KubernetesJobSchema } from "@planton/gen/org/project_planton/provider/kubernetes/kubernetesjob/v1/api_pb.js";
import { KubernetesJobStackInputSchema } from "@planton/gen/org/project_planton/provider/kubernetes/kubernetesjob/v1/stack_input_pb.js";
import { job, seedJob } from "@planton/testing";
import { applyDefaults } from "./defaults.js";
import { load } from "./load.js";
import type { Problem } from "./problem.js";
import { validate, violationPath } from "./validate.js";

const brief = (ps: Problem[]) => ps.map((p) => [p.path, p.rule, p.line, p.column]);

function check(text: string) {
  const r = load(text, "job.yaml");
  assert.ok(r.ok, r.problems.map((p) => p.message).join("; "));
  const { kind, message, sourceMap } = r.manifest;
  return validate(kind.schema, applyDefaults(kind.schema, message), sourceMap);
}

describe("validate", () => {
  test("the seed's KubernetesJob is valid", () => {
    assert.deepEqual(check(seedJob()), { valid: true, violations: [] });
  });

  test("a rule violation carries the camelCase path, rule id, message, file and the value's position", () => {
    const r = check(job("  restartPolicy: Always\n"));
    assert.equal(r.valid, false);
    assert.deepEqual(r.violations, [
      {
        path: "spec.restartPolicy",
        message: "must be in list [OnFailure, Never]",
        rule: "string.in",
        line: 10,
        column: 18,
        file: "job.yaml",
      },
    ]);
  });

  test("map key violations point at the key and say so", () => {
    const r = check(job("  env:\n    secrets:\n      1API_KEY:\n        value: x\n"));
    assert.deepEqual(brief(r.violations), [['spec.env.secrets["1API_KEY"]', "k8s.env_var_name", 12, 7]]);
    assert.match(r.violations[0]?.message ?? "", /^key: must be a valid environment variable name/);
  });

  test("a missing required field is reported at the object that lacks it", () => {
    const r = check(job().replace("    repo: ghcr.io/acme/report\n", "    tag: v1\n"));
    assert.deepEqual(brief(r.violations), [["spec.image.repo", "required", 9, 5]]);
    assert.equal(r.violations[0]?.message, "is required: Kubernetes rejects a container without an image");
    const metadata = check(job().replace("  name: nightly-report\n", "  org: acme\n"));
    assert.equal(metadata.violations[0]?.message, "is required");
  });

  test("a oneof with no member set is reported at its message as 'set exactly one of'", () => {
    const r = check(job().replace("  namespace:\n    value: batch-jobs\n", "  namespace: {}\n"));
    assert.deepEqual(brief(r.violations), [["spec.namespace", "required", 6, 14]]);
    assert.equal(r.violations[0]?.message, "set exactly one of value, valueFrom");
  });

  test("CEL rules of a message are reported at the message: names in both variables and secrets", () => {
    const r = check(
      job("  env:\n    variables:\n      A:\n        value: x\n    secrets:\n      A:\n        value: y\n"),
    );
    assert.deepEqual(brief(r.violations), [["spec.env", "env.distinct_names", 11, 5]]);
  });

  test("requests above limits are caught by the SDK's quantity rule (CEL has no quantity arithmetic)", () => {
    const r = check(
      job(
        "  resources:\n    limits:\n      cpu: 500m\n      memory: 1Gi\n    requests:\n      cpu: '1'\n      memory: 1025Mi\n",
      ),
    );
    assert.deepEqual(brief(r.violations), [
      ["spec.resources.requests.cpu", "k8s.resources.request_le_limit", 15, 12],
      ["spec.resources.requests.memory", "k8s.resources.request_le_limit", 16, 15],
    ]);
    assert.equal(r.violations[0]?.message, "must be less than or equal to the cpu limit (500m), got 1");
  });

  test("violations are sorted by position", () => {
    const r = check(job("  restartPolicy: Always\n  completionMode: Sometimes\n", "  labels:\n    owner: a@b\n"));
    assert.deepEqual(
      r.violations.map((p) => p.line),
      [6, 12, 13],
    );
  });

  test("without a source map, violations have paths but no positions", () => {
    const m = create(KubernetesJobSchema, { apiVersion: "kubernetes.project-planton.org/v1", kind: "KubernetesJob" });
    const r = validate(KubernetesJobSchema, m);
    assert.deepEqual(brief(r.violations), [
      ["metadata", "required", undefined, undefined],
      ["spec", "required", undefined, undefined],
    ]);
  });

  test("validates whole stack inputs, with basePath prefixing every path", () => {
    const input = create(KubernetesJobStackInputSchema, { kubernetesNamespace: "Not_A_Label" });
    const r = validate(KubernetesJobStackInputSchema, input);
    assert.deepEqual(r.violations.map((p) => [p.path, p.rule]).sort(), [
      ["kubernetesNamespace", "k8s.dns_label"],
      ["target", "required"],
    ]);
    const prefixed = validate(KubernetesJobStackInputSchema, input, undefined, "stackInput");
    assert.ok(prefixed.violations.every((p) => p.path.startsWith("stackInput.")));
  });

  test("the wrong apiVersion violates its constant", () => {
    const r = check(job().replace("kubernetes.project-planton.org/v1", "batch/v1"));
    assert.deepEqual(brief(r.violations), [["apiVersion", "string.const", 1, 13]]);
  });
});

describe("violationPath", () => {
  test("spells fields in camelCase, list items as [i] and map keys plainly or quoted", () => {
    const spec = KubernetesJobSchema.fields.find((f) => f.name === "spec");
    const specDesc = spec?.message;
    assert.ok(spec && specDesc);
    const volumeMounts = specDesc.fields.find((f) => f.name === "volume_mounts");
    assert.ok(volumeMounts);
    const mountPath = volumeMounts.message?.fields.find((f) => f.name === "mount_path");
    assert.ok(mountPath);
    assert.equal(
      violationPath([spec, volumeMounts, { kind: "list_sub", index: 1 } as never, mountPath]),
      "spec.volumeMounts[1].mountPath",
    );
    const metadata = KubernetesJobSchema.fields.find((f) => f.name === "metadata");
    const labels = metadata?.message?.fields.find((f) => f.name === "labels");
    assert.ok(metadata && labels);
    assert.equal(
      violationPath([metadata, labels, { kind: "map_sub", key: "app.kubernetes.io/name" } as never]),
      'metadata.labels["app.kubernetes.io/name"]',
    );
    assert.equal(
      violationPath([metadata, labels, { kind: "map_sub", key: "team" } as never], "target"),
      "target.metadata.labels.team",
    );
  });
});

describe("docker config rule", () => {
  test("a docker config that is not JSON, or has no auths, is refused without quoting it", () => {
    const base = {
      target: {
        apiVersion: "kubernetes.project-planton.org/v1",
        kind: "KubernetesJob",
        metadata: { name: "job" },
        spec: { namespace: { literalOrRef: { case: "value" as const, value: "ns" } }, image: { repo: "r" } },
      },
    };
    for (const [config, message] of [
      ["{not json s3cr3t", "does not parse as JSON"],
      ['{"credsStore":"s3cr3t"}', 'an "auths" object'],
    ] as const) {
      const input = create(KubernetesJobStackInputSchema, { ...base, dockerConfigJson: config });
      const result = validate(KubernetesJobStackInputSchema, input);
      const p = result.violations.find((v) => v.rule === "docker_config.json");
      assert.ok(p, JSON.stringify(result.violations));
      assert.equal(p.path, "dockerConfigJson");
      assert.match(p.message, new RegExp(message));
      assert.ok(!p.message.includes("s3cr3t"));
    }
    const ok = create(KubernetesJobStackInputSchema, { ...base, dockerConfigJson: '{"auths":{}}' });
    assert.equal(validate(KubernetesJobStackInputSchema, ok).valid, true);
  });
});

describe("literal secrets size", () => {
  test("literal secret values adding up to more than 1 MiB (one Secret) are env.secrets_size", () => {
    const big = (c: string) => c.repeat(600_000);
    const r = check(
      job(`  env:\n    secrets:\n      A:\n        value: ${big("a")}\n      B:\n        value: ${big("b")}\n`),
    );
    assert.deepEqual(
      r.violations.map((v) => [v.path, v.rule]),
      [["spec.env", "env.secrets_size"]],
    );
    assert.ok(!JSON.stringify(r.violations).includes("aaaa"));
  });
});
