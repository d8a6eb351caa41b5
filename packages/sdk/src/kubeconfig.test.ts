import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { KubernetesProviderConfigSchema } from "@planton/gen/org/project_planton/provider/kubernetes/provider_config_pb.js";
import { isKubeconfigContent, normalizeProviderConfig } from "./kubeconfig.js";
import { REDACTED, redact, sensitiveValues } from "./redact.js";

const content = "apiVersion: v1\nkind: Config\nusers: [{name: u, user: {token: t0k3n}}]\n";

describe("kubeconfig content where a path belongs", () => {
  test("is told from a path", () => {
    for (const c of [content, '{"apiVersion":"v1"}', "users: []", "current-context: x"])
      assert.ok(isKubeconfigContent(c), c);
    for (const p of ["/home/me/.kube/config", "~/.kube/config", "C:\\Users\\me\\config", "kube config.yaml"])
      assert.ok(!isKubeconfigContent(p), p);
  });

  test("is moved to the sensitive kubeconfig field, and redacted where it is left", () => {
    const moved = create(KubernetesProviderConfigSchema, { kubeconfigPath: content, context: "c" });
    normalizeProviderConfig(moved);
    assert.equal(moved.kubeconfig, content);
    assert.equal(moved.kubeconfigPath, "");
    const both = create(KubernetesProviderConfigSchema, { kubeconfig: "x", kubeconfigPath: content });
    normalizeProviderConfig(both);
    assert.equal(both.kubeconfigPath, content, "left for validation to refuse");
    assert.equal(redact(KubernetesProviderConfigSchema, both).kubeconfigPath, REDACTED);
    assert.deepEqual(
      sensitiveValues(KubernetesProviderConfigSchema, both).map((s) => s.path),
      ["kubeconfig", "kubeconfigPath"],
    );
    const path = create(KubernetesProviderConfigSchema, { kubeconfigPath: "/home/me/.kube/config" });
    assert.equal(redact(KubernetesProviderConfigSchema, path).kubeconfigPath, "/home/me/.kube/config");
  });
});
