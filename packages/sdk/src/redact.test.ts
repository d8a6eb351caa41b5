import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { create, type Message } from "@bufbuild/protobuf";
import { KubernetesProviderConfigSchema } from "@planton/gen/org/project_planton/provider/kubernetes/provider_config_pb.js";
import { readTestdata } from "@planton/testing";
import { findKind, type KindInfo } from "./kinds.js";
import { load } from "./load.js";
import { isSensitive, REDACTED, redact, sensitiveValues } from "./redact.js";
import { buildStackInput, serializeStackInput, stackInputJson } from "./stack-input.js";

const jobKind = findKind("KubernetesJob") as KindInfo;
const kubeconfig =
  "apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    token: eyJhbGciOiJSUzI1NiJ9.secret-token\n";
const dockerConfig = '{"auths":{"ghcr.io":{"auth":"Y2k6Z2hwX3NlY3JldA=="}}}';

function input(): Message {
  const r = load(readTestdata("kubernetes-job/valid/literal-secrets.yaml"), "job.yaml");
  assert.ok(r.ok);
  return buildStackInput(jobKind, r.manifest.message, {
    dockerConfigJson: dockerConfig,
    providerConfig: create(KubernetesProviderConfigSchema, { kubeconfig, context: "ci" }),
  });
}

describe("redaction", () => {
  test("sensitiveValues lists literal env secrets, the docker config and the kubeconfig with their paths", () => {
    assert.deepEqual(
      sensitiveValues(jobKind.stackInputSchema, input())
        .map((s) => [s.path, s.value])
        .sort(),
      [
        ["dockerConfigJson", dockerConfig],
        ["providerConfig.kubeconfig", kubeconfig],
        ["target.spec.env.secrets.API_TOKEN.value", "tok_live_1234567890abcdef"],
        ["target.spec.env.secrets.WEBHOOK_SECRET.value", "correct horse battery staple"],
      ],
    );
  });

  test("redact replaces every sensitive value and nothing else", () => {
    const json = stackInputJson(jobKind, redact(jobKind.stackInputSchema, input())) as {
      dockerConfigJson: string;
      providerConfig: { kubeconfig: string; context: string };
      target: { spec: { env: { secrets: Record<string, { value?: string; secretRef?: { name: string } }> } } };
    };
    assert.equal(json.dockerConfigJson, REDACTED);
    assert.equal(json.providerConfig.kubeconfig, REDACTED);
    assert.equal(json.providerConfig.context, "ci");
    assert.equal(json.target.spec.env.secrets.API_TOKEN?.value, REDACTED);
    assert.equal(json.target.spec.env.secrets.WEBHOOK_SECRET?.value, REDACTED);
    assert.deepEqual(json.target.spec.env.secrets.DATABASE_PASSWORD?.secretRef?.name, "db-credentials");
  });

  test("a redacted stack input holds none of the secret values in any encoding", () => {
    const redacted = redact(jobKind.stackInputSchema, input());
    const secrets = sensitiveValues(jobKind.stackInputSchema, input()).map((s) => s.value);
    for (const format of ["yaml", "json", "binary"] as const) {
      const text = Buffer.from(serializeStackInput(jobKind, redacted, format)).toString("latin1");
      for (const s of secrets) assert.ok(!text.includes(s), `${format} leaks ${s.slice(0, 10)}`);
    }
    assert.deepEqual(
      sensitiveValues(jobKind.stackInputSchema, redacted).map((s) => s.value),
      [REDACTED, REDACTED, REDACTED, REDACTED],
    );
  });

  test("redact returns a copy: the input keeps its secrets", () => {
    const original = input();
    redact(jobKind.stackInputSchema, original);
    assert.equal(
      sensitiveValues(jobKind.stackInputSchema, original).find((s) => s.path === "dockerConfigJson")?.value,
      dockerConfig,
    );
  });

  test("empty sensitive values are neither listed nor redacted", () => {
    const empty = buildStackInput(jobKind, (input() as unknown as { target: Message }).target, {
      dockerConfigJson: "",
    });
    assert.ok(!sensitiveValues(jobKind.stackInputSchema, empty).some((s) => s.path === "dockerConfigJson"));
  });

  test("isSensitive is read from the schema's sensitive option", () => {
    const field = (name: string) => jobKind.stackInputSchema.fields.find((f) => f.name === name);
    assert.equal(isSensitive(field("docker_config_json") as never), true);
    assert.equal(isSensitive(field("kubernetes_namespace") as never), false);
  });
});
