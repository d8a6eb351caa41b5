import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type {
  KubernetesJobSpec,
  KubernetesJobSpecSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/kubernetesjob/v1/spec_pb.js";
import {
  type KubernetesJobStackInput,
  KubernetesJobStackInputSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/kubernetesjob/v1/stack_input_pb.js";
import { KubernetesProviderConfigSchema } from "@planton/gen/org/project_planton/provider/kubernetes/provider_config_pb.js";
import { providerArgs, runKind } from "@planton/module-kit";
import { type RecordedResource, ResourceRecorder, revealSecrets } from "@planton/module-kit/record";
import * as testing from "@planton/module-testing";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KubernetesJob, module } from "./index.js";

delete process.env.KUBECONFIG;
delete process.env.KUBE_CTX;
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("KubernetesJob module", () => {
  for (const check of testing.moduleChecks({ module, packageDir })) {
    it(check.name, check.fn);
  }
});

type Spec = Exclude<MessageInitShape<typeof KubernetesJobSpecSchema>, KubernetesJobSpec>;

type Rest = Omit<Exclude<MessageInitShape<typeof KubernetesJobStackInputSchema>, KubernetesJobStackInput>, "target">;

function input(spec: Partial<Spec>, rest: Rest = {}) {
  return create(KubernetesJobStackInputSchema, {
    target: {
      metadata: { name: "demo" },
      spec: {
        namespace: { literalOrRef: { case: "value", value: "jobs" } },
        image: { repo: "busybox", tag: "1.36" },
        ...spec,
      },
    },
    ...rest,
  });
}

async function record(args: ReturnType<typeof input>, opts: pulumi.ComponentResourceOptions = {}) {
  const recorder = await ResourceRecorder.start();
  const job = new KubernetesJob("demo", args, { ...recorder.options, ...opts });
  const records = await recorder.settle();
  const find = (type: string, name: string): RecordedResource => {
    const found = records.find((r) => r.type === type && r.name === name);
    assert.ok(found, `no ${type} ${name}`);
    return found;
  };
  return { recorder, records, job, find };
}

interface JobInputs {
  metadata: { annotations?: Record<string, string> };
  spec: {
    activeDeadlineSeconds?: number;
    ttlSecondsAfterFinished?: number;
    template: {
      spec: {
        imagePullSecrets?: { name: string }[];
        volumes?: unknown[];
        containers: { env?: unknown[]; volumeMounts?: unknown[] }[];
      };
    };
  };
}

describe("KubernetesJob component", () => {
  it("waits for completion with customTimeouts by default, and only skips awaiting when waitForCompletion is false", async () => {
    const waiting = (await record(input({ completionTimeoutSeconds: 120 }))).find(
      "kubernetes:batch/v1:Job",
      "demo-job",
    );
    assert.deepEqual(waiting.options?.customTimeouts, { create: "120s", update: "120s" });
    assert.equal((waiting.inputs as unknown as JobInputs).metadata.annotations, undefined);
    const skipping = (await record(input({ waitForCompletion: false }))).find("kubernetes:batch/v1:Job", "demo-job");
    assert.equal(skipping.options?.customTimeouts, undefined);
    assert.deepEqual((skipping.inputs as unknown as JobInputs).metadata.annotations, {
      "pulumi.com/skipAwait": "true",
    });
    assert.equal(skipping.options?.deleteBeforeReplace, true);
  });

  it("omits activeDeadlineSeconds, ttlSecondsAfterFinished, parallelism and completions when 0 or unset (upstream's reading)", async () => {
    const none = (await record(input({ activeDeadlineSeconds: 0n }))).find("kubernetes:batch/v1:Job", "demo-job");
    const spec = (none.inputs as unknown as JobInputs).spec;
    assert.equal("activeDeadlineSeconds" in spec, false);
    assert.equal("ttlSecondsAfterFinished" in spec, false);
    const zero = (await record(input({ ttlSecondsAfterFinished: 0, activeDeadlineSeconds: 60n }))).find(
      "kubernetes:batch/v1:Job",
      "demo-job",
    );
    assert.equal("ttlSecondsAfterFinished" in (zero.inputs as unknown as JobInputs).spec, false);
    assert.equal((zero.inputs as unknown as JobInputs).spec.activeDeadlineSeconds, 60);
    const zeros = (await record(input({ parallelism: 0, completions: 0, ttlSecondsAfterFinished: 30 }))).find(
      "kubernetes:batch/v1:Job",
      "demo-job",
    );
    const z = (zeros.inputs as unknown as JobInputs).spec as unknown as Record<string, unknown>;
    assert.equal("parallelism" in z, false);
    assert.equal("completions" in z, false);
    assert.equal(z.ttlSecondsAfterFinished, 30);
  });

  it("creates the image pull Secret from dockerConfigJson as a Pulumi secret and uses it instead of pullSecretName", async () => {
    const dockerConfigJson = '{"auths":{"registry.example.com":{"auth":"dXNlcjpzM2NyZXQtcGFzcw=="}}}';
    const { records, recorder, find } = await record(
      input({ image: { repo: "registry.example.com/app", pullSecretName: "other" } }, { dockerConfigJson }),
    );
    const secret = find("kubernetes:core/v1:Secret", "demo-image-pull-secret");
    assert.equal(secret.inputs.type, "kubernetes.io/dockerconfigjson");
    assert.deepEqual(revealSecrets(secret.inputs.stringData), { ".dockerconfigjson": dockerConfigJson });
    const resource = recorder.resource<k8s.core.v1.Secret>("kubernetes:core/v1:Secret", "demo-image-pull-secret");
    assert.ok(resource && (await pulumi.isSecret(resource.stringData)));
    testing.assertSecretsHidden(records, [dockerConfigJson]);
    const job = find("kubernetes:batch/v1:Job", "demo-job");
    assert.deepEqual((job.inputs as unknown as JobInputs).spec.template.spec.imagePullSecrets, [
      { name: "demo-image-pull-secret" },
    ]);
    assert.ok(job.dependsOn.includes("kubernetes:core/v1:Secret::demo-image-pull-secret"));
    assert.equal((job.inputs as unknown as JobInputs).spec.template.spec.containers[0]?.env, undefined);
  });

  it("creates one ConfigMap per configMaps entry and mounts each volume source", async () => {
    const { find } = await record(
      input({
        configMaps: { "app-config": "a: 1\n" },
        volumeMounts: [
          {
            name: "config",
            mountPath: "/etc/app",
            readOnly: true,
            subPath: "app.yaml",
            configMap: { name: "app-config", defaultMode: 0o444 },
          },
          { name: "scratch", mountPath: "/scratch", emptyDir: {} },
          { name: "data", mountPath: "/data", pvc: { claimName: "data", readOnly: true } },
        ],
      }),
    );
    const cm = find("kubernetes:core/v1:ConfigMap", "demo-configmap-app-config");
    assert.deepEqual(cm.inputs.data, { "app-config": "a: 1\n" });
    assert.equal((cm.inputs.metadata as { name: string }).name, "app-config");
    const job = find("kubernetes:batch/v1:Job", "demo-job");
    const pod = (job.inputs as unknown as JobInputs).spec.template.spec;
    assert.deepEqual(pod.volumes, [
      { name: "config", configMap: { name: "app-config", defaultMode: 292 } },
      { name: "scratch", emptyDir: {} },
      { name: "data", persistentVolumeClaim: { claimName: "data", readOnly: true } },
    ]);
    assert.deepEqual(pod.containers[0]?.volumeMounts, [
      { name: "config", mountPath: "/etc/app", readOnly: true, subPath: "app.yaml" },
      { name: "scratch", mountPath: "/scratch" },
      { name: "data", mountPath: "/data" },
    ]);
    assert.ok(job.dependsOn.includes("kubernetes:core/v1:ConfigMap::demo-configmap-app-config"));
  });

  it("deploys to the stack input's kubernetesNamespace over spec.namespace", async () => {
    const { job, records } = await record(input({ createNamespace: true }, { kubernetesNamespace: "resolved-ns" }));
    assert.equal(await testing.outputValue(job.namespace), "resolved-ns");
    for (const r of testing.kubernetesObjects(records)) {
      const meta = r.inputs.metadata as { name: string; namespace?: string };
      assert.equal(r.type === "kubernetes:core/v1:Namespace" ? meta.name : meta.namespace, "resolved-ns", r.name);
    }
  });

  it("builds the provider from the provider config: kubeconfig contents as a secret, a path, a context", async () => {
    const kubeconfig = "apiVersion: v1\nkind: Config\nusers: [{name: u, user: {token: s3cr3t-token}}]\n";
    const content = await record(input({}, { providerConfig: { kubeconfig, context: "kind-planton" } }));
    const provider = content.find("pulumi:providers:kubernetes", "demo-provider");
    assert.deepEqual(provider.inputs.kubeconfig, { $secret: kubeconfig });
    assert.equal(provider.inputs.context, "kind-planton");
    testing.assertSecretsHidden(content.records, [kubeconfig]);
    const path = await record(input({}, { providerConfig: { kubeconfigPath: "/home/me/.kube/config" } }));
    assert.equal(path.find("pulumi:providers:kubernetes", "demo-provider").inputs.kubeconfig, "/home/me/.kube/config");
    const eks = await record(
      input(
        {},
        {
          providerConfig: {
            awsEks: {
              clusterEndpoint: "https://eks.example.com",
              clusterCaData: "Y2E=",
              clusterName: "prod",
              region: "eu-west-1",
            },
          },
        },
      ),
    );
    const generated = revealSecrets<string>(eks.find("pulumi:providers:kubernetes", "demo-provider").inputs.kubeconfig);
    assert.match(
      generated,
      /"command":"aws","args":\["eks","get-token","--cluster-name","prod","--region","eu-west-1"/,
    );
  });

  it("builds the provider from upstream's provider configs: digitalOceanDoks, gcpGke, provider alone, KUBE_CTX", async () => {
    const kubeConfig = "apiVersion: v1\nkind: Config\nusers: [{name: u, user: {token: doks-t0ken}}]\n";
    const doks = await record(input({}, { providerConfig: { provider: 4, digitalOceanDoks: { kubeConfig } } }));
    assert.deepEqual(doks.find("pulumi:providers:kubernetes", "demo-provider").inputs.kubeconfig, {
      $secret: kubeConfig,
    });
    testing.assertSecretsHidden(doks.records, [kubeConfig]);
    const gke = await record(
      input({}, { providerConfig: { provider: 1, gcpGke: { clusterEndpoint: "34.1.2.3", clusterCaData: "Y2E=" } } }),
    );
    const generated = revealSecrets<string>(gke.find("pulumi:providers:kubernetes", "demo-provider").inputs.kubeconfig);
    assert.match(generated, /"server":"https:\/\/34\.1\.2\.3".*"command":"gke-gcloud-auth-plugin"/);
    // Upstream without the block: the ambient kubeconfig.
    assert.deepEqual(providerArgs(create(KubernetesProviderConfigSchema, { provider: 1 }), {}), {});
    assert.deepEqual(providerArgs(undefined, { KUBE_CTX: "kind-dev" }), { context: "kind-dev" });
    assert.deepEqual(providerArgs(undefined, {}), {});
  });

  it("creates no provider without a provider config: the children inherit the program's default provider", async () => {
    const { records } = await record(input({}, { providerConfig: {} }));
    assert.equal(records.filter((r) => r.type === "pulumi:providers:kubernetes").length, 0);
    testing.assertProvider(records, undefined);
  });

  it("uses the caller's provider when one is passed and the stack input names no cluster", async () => {
    const recorder = await ResourceRecorder.start();
    const provider = new k8s.Provider("mine", {});
    new KubernetesJob("demo", input({}), { ...recorder.options, provider });
    const records = await recorder.settle();
    assert.equal(records.filter((r) => r.type === "pulumi:providers:kubernetes").length, 1);
    testing.assertProvider(records, "mine");
  });

  it("run() exports namespace and job_name from a STACK_INPUT", async () => {
    await ResourceRecorder.start();
    const outputs = await runKind(module, {
      env: { STACK_INPUT: readFileSync(resolve(packageDir, "hack/stack-input.yaml")).toString("base64") },
    });
    assert.deepEqual(Object.keys(outputs).sort(), ["job_name", "namespace"]);
    assert.equal(await testing.outputValue(outputs.namespace), "batch-jobs");
    assert.equal(await testing.outputValue(outputs.job_name), "data-migration");
  });
});
