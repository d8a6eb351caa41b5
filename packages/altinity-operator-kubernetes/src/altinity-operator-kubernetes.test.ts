import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type {
  AltinityOperatorKubernetesSpec,
  AltinityOperatorKubernetesSpecSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/altinityoperatorkubernetes/v1/spec_pb.js";
import { AltinityOperatorKubernetesStackInputSchema } from "@planton/gen/org/project_planton/provider/kubernetes/altinityoperatorkubernetes/v1/stack_input_pb.js";
import { runKind } from "@planton/module-kit";
import { ResourceRecorder } from "@planton/module-kit/record";
import * as testing from "@planton/module-testing";
import { PlantonError } from "@planton/sdk";
import { AltinityOperatorKubernetes, DEFAULT_CHART, module } from "./index.js";

delete process.env.KUBECONFIG;
delete process.env.KUBE_CTX;
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("AltinityOperatorKubernetes module", () => {
  for (const check of testing.moduleChecks({ module, packageDir })) {
    it(check.name, check.fn);
  }
});

type Spec = Exclude<MessageInitShape<typeof AltinityOperatorKubernetesSpecSchema>, AltinityOperatorKubernetesSpec>;

function input(spec: Partial<Spec>, name = "altinity-operator") {
  return create(AltinityOperatorKubernetesStackInputSchema, { target: { metadata: { name }, spec } });
}

const RELEASE = "kubernetes:helm.sh/v3:Release";

async function release(args: ReturnType<typeof input>) {
  const recorder = await ResourceRecorder.start();
  const operator = new AltinityOperatorKubernetes("altinity", args, recorder.options);
  const records = await recorder.settle();
  return { operator, records, release: records.find((r) => r.type === RELEASE) };
}

describe("AltinityOperatorKubernetes component", () => {
  it("installs chart 0.23.6 from the Altinity repository, atomically, with CRDs and the default resources, in altinity-operator", async () => {
    const { release: r, records } = await release(input({}));
    assert.deepEqual(
      { ...r?.inputs, values: undefined },
      {
        name: "altinity-operator",
        namespace: "altinity-operator",
        chart: "altinity-clickhouse-operator",
        version: "0.23.6",
        repositoryOpts: { repo: "https://docs.altinity.com/clickhouse-operator/" },
        atomic: true,
        cleanupOnFail: true,
        // Set by @pulumi/kubernetes itself.
        compat: "true",
        timeout: 300,
        createNamespace: false,
        skipCrds: false,
        values: undefined,
      },
    );
    assert.deepEqual(r?.inputs.values, {
      operator: { resources: { limits: { cpu: "1000m", memory: "1Gi" }, requests: { cpu: "100m", memory: "256Mi" } } },
    });
    assert.ok(records.some((x) => x.type === "kubernetes:core/v1:Namespace"));
    assert.deepEqual(r?.dependsOn, ["kubernetes:core/v1:Namespace::altinity-namespace"]);
  });

  it("installs a local chart path without repository or version", async () => {
    const { release: r } = await release(
      input({ chart: { path: "./charts/altinity-clickhouse-operator-0.23.6.tgz" } }),
    );
    assert.equal(r?.inputs.chart, "./charts/altinity-clickhouse-operator-0.23.6.tgz");
    assert.equal(r?.inputs.version, undefined);
    assert.equal(r?.inputs.repositoryOpts, undefined);
  });

  it("takes an OCI repository as the chart reference and a pinned version", async () => {
    const { release: r } = await release(
      input({ chart: { repository: "oci://registry.example.com/charts/", version: "0.24.0" } }),
    );
    assert.equal(r?.inputs.chart, `oci://registry.example.com/charts/${DEFAULT_CHART.name}`);
    assert.equal(r?.inputs.version, "0.24.0");
    assert.equal(r?.inputs.repositoryOpts, undefined);
  });

  it("refuses a metadata.name Helm cannot use as a release name, before registering anything", async () => {
    const recorder = await ResourceRecorder.start();
    assert.throws(
      () => new AltinityOperatorKubernetes("altinity", input({}, "a".repeat(54)), recorder.options),
      (e: unknown) =>
        e instanceof PlantonError &&
        e.problems[0]?.path === "target.metadata" &&
        e.problems[0]?.rule === "metadata.name.helm_release",
    );
    await recorder.settle();
    assert.equal(recorder.registrations, 0);
  });

  it("exports namespace and release_name", async () => {
    const { operator } = await release(input({ createNamespace: false, namespace: "clickhouse-system" }));
    const outputs = module.stackOutputs(operator);
    assert.equal(await testing.outputValue(outputs.namespace), "clickhouse-system");
    assert.equal(await testing.outputValue(outputs.release_name), "altinity-operator");
  });

  it("run() exports the outputs from a STACK_INPUT", async () => {
    await ResourceRecorder.start();
    const outputs = await runKind(module, {
      env: { STACK_INPUT: readFileSync(resolve(packageDir, "hack/stack-input.yaml")).toString("base64") },
    });
    assert.deepEqual(Object.keys(outputs).sort(), ["namespace", "release_name"]);
  });
});
