import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type {
  StackJobRunnerKubernetesSpec,
  StackJobRunnerKubernetesSpecSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/stackjobrunnerkubernetes/v1/spec_pb.js";
import { StackJobRunnerKubernetesStackInputSchema } from "@planton/gen/org/project_planton/provider/kubernetes/stackjobrunnerkubernetes/v1/stack_input_pb.js";
import { runKind } from "@planton/module-kit";
import { ResourceRecorder } from "@planton/module-kit/record";
import * as testing from "@planton/module-testing";
import { module, RUNNER_RULES, StackJobRunnerKubernetes } from "./index.js";

delete process.env.KUBECONFIG;
delete process.env.KUBE_CTX;
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("StackJobRunnerKubernetes module", () => {
  for (const check of testing.moduleChecks({ module, packageDir })) {
    it(check.name, check.fn);
  }
});

type Spec = Exclude<MessageInitShape<typeof StackJobRunnerKubernetesSpecSchema>, StackJobRunnerKubernetesSpec>;

function input(spec: Partial<Spec>) {
  return create(StackJobRunnerKubernetesStackInputSchema, {
    target: {
      metadata: { name: "runner" },
      spec: {
        namespace: { literalOrRef: { case: "value", value: "stack-jobs" } },
        image: { repo: "ghcr.io/acme/runner", tag: "v1" },
        ...spec,
      },
    },
  });
}

async function record(args: ReturnType<typeof input>) {
  const recorder = await ResourceRecorder.start();
  const runner = new StackJobRunnerKubernetes("runner", args, recorder.options);
  const records = await recorder.settle();
  return {
    runner,
    records,
    types: records.map((r) => r.type),
    find: (type: string) => records.find((r) => r.type === type),
  };
}

describe("StackJobRunnerKubernetes component", () => {
  it("grants the runner its permissions in its namespace with a Role and RoleBinding by default", async () => {
    const { types, find } = await record(input({}));
    assert.ok(types.includes("kubernetes:rbac.authorization.k8s.io/v1:Role"));
    assert.ok(!types.includes("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"));
    assert.deepEqual(find("kubernetes:rbac.authorization.k8s.io/v1:Role")?.inputs.rules, RUNNER_RULES);
    assert.deepEqual(find("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding")?.inputs.subjects, [
      { kind: "ServiceAccount", name: "runner", namespace: "stack-jobs" },
    ]);
  });

  it("uses a ClusterRole and ClusterRoleBinding with clusterWidePermissions", async () => {
    const { types, find } = await record(input({ clusterWidePermissions: true }));
    assert.ok(!types.includes("kubernetes:rbac.authorization.k8s.io/v1:Role"));
    const binding = find("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding");
    assert.deepEqual(binding?.inputs.roleRef, {
      apiGroup: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
      name: "stack-jobs-runner",
    });
    assert.deepEqual(find("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole")?.inputs.rules, RUNNER_RULES);
  });

  it("runs the image with the service account, port, TCP probes and a selector that is a subset of the pod labels", async () => {
    const { find } = await record(input({ replicas: 3, port: 9090 }));
    const deployment = find("kubernetes:apps/v1:Deployment")?.inputs as {
      spec: {
        replicas: number;
        selector: { matchLabels: Record<string, string> };
        template: {
          metadata: { labels: Record<string, string> };
          spec: { serviceAccountName: string; containers: Record<string, unknown>[] };
        };
      };
    };
    assert.equal(deployment.spec.replicas, 3);
    assert.equal(deployment.spec.template.spec.serviceAccountName, "runner");
    const container = deployment.spec.template.spec.containers[0] ?? {};
    assert.deepEqual(container.ports, [{ name: "http", containerPort: 9090, protocol: "TCP" }]);
    assert.deepEqual((container.livenessProbe as { tcpSocket: unknown }).tcpSocket, { port: "http" });
    assert.deepEqual((container.readinessProbe as { tcpSocket: unknown }).tcpSocket, { port: "http" });
    for (const [k, v] of Object.entries(deployment.spec.selector.matchLabels))
      assert.equal(deployment.spec.template.metadata.labels[k], v);
    const service = find("kubernetes:core/v1:Service")?.inputs as {
      spec: { type: string; selector: unknown; ports: unknown };
    };
    assert.equal(service.spec.type, "ClusterIP");
    assert.deepEqual(service.spec.selector, deployment.spec.selector.matchLabels);
    assert.deepEqual(service.spec.ports, [{ name: "http", port: 9090, targetPort: "http", protocol: "TCP" }]);
  });

  it("does not create the namespace when createNamespace is false", async () => {
    const { types, records } = await record(input({ createNamespace: false }));
    assert.ok(!types.includes("kubernetes:core/v1:Namespace"));
    for (const r of records)
      assert.deepEqual(
        r.dependsOn.filter((d) => d.includes("Namespace")),
        [],
      );
  });

  it("exports the stack outputs of stack_outputs.proto", async () => {
    const { runner } = await record(input({ port: 8081 }));
    const outputs = module.stackOutputs(runner);
    const values = Object.fromEntries(
      await Promise.all(Object.entries(outputs).map(async ([k, v]) => [k, await testing.outputValue(v)])),
    );
    assert.deepEqual(values, {
      namespace: "stack-jobs",
      service: "runner",
      port_forward_command: "kubectl port-forward -n stack-jobs service/runner 8081:8081",
      kube_endpoint: "runner.stack-jobs.svc.cluster.local:8081",
      external_hostname: "",
      internal_hostname: "runner.stack-jobs.svc.cluster.local",
    });
  });

  it("run() exports the outputs from a STACK_INPUT", async () => {
    await ResourceRecorder.start();
    const outputs = await runKind(module, {
      env: { STACK_INPUT: readFileSync(resolve(packageDir, "hack/stack-input.yaml")).toString("base64") },
    });
    assert.equal(
      await testing.outputValue(outputs.kube_endpoint),
      "stack-job-runner.stack-jobs.svc.cluster.local:8080",
    );
  });
});
