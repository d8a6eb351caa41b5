import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type {
  KubernetesCronJobSpec,
  KubernetesCronJobSpecSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/kubernetescronjob/v1/spec_pb.js";
import {
  type KubernetesCronJobStackInput,
  KubernetesCronJobStackInputSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/kubernetescronjob/v1/stack_input_pb.js";
import { runKind } from "@planton/module-kit";
import { type RecordedResource, ResourceRecorder, revealSecrets } from "@planton/module-kit/record";
import * as testing from "@planton/module-testing";
import { PlantonError } from "@planton/sdk";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KubernetesCronJob, module } from "./index.js";

delete process.env.KUBECONFIG;
delete process.env.KUBE_CTX;
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("KubernetesCronJob module", () => {
  for (const check of testing.moduleChecks({ module, packageDir })) {
    it(check.name, check.fn);
  }
});

type Spec = Exclude<MessageInitShape<typeof KubernetesCronJobSpecSchema>, KubernetesCronJobSpec>;

type Rest = Omit<
  Exclude<MessageInitShape<typeof KubernetesCronJobStackInputSchema>, KubernetesCronJobStackInput>,
  "target"
>;

function input(spec: Partial<Spec>, rest: Rest = {}) {
  return create(KubernetesCronJobStackInputSchema, {
    target: {
      metadata: { name: "demo" },
      spec: {
        namespace: { literalOrRef: { case: "value", value: "jobs" } },
        image: { repo: "busybox", tag: "1.36" },
        schedule: "*/5 * * * *",
        ...spec,
      },
    },
    ...rest,
  });
}

async function record(args: ReturnType<typeof input>, opts: pulumi.ComponentResourceOptions = {}) {
  const recorder = await ResourceRecorder.start();
  const cronJob = new KubernetesCronJob("demo", args, { ...recorder.options, ...opts });
  const records = await recorder.settle();
  const find = (type: string, name: string): RecordedResource => {
    const found = records.find((r) => r.type === type && r.name === name);
    assert.ok(found, `no ${type} ${name}; registered: ${records.map((r) => `${r.type}::${r.name}`).join(", ")}`);
    return found;
  };
  return { recorder, records, cronJob, find };
}

const CRON_JOB = "kubernetes:batch/v1:CronJob";

interface PodSpec {
  restartPolicy?: string;
  imagePullSecrets?: { name: string }[];
  volumes?: unknown[];
  containers: { name: string; image: string; env?: unknown[]; volumeMounts?: unknown[] }[];
}

interface CronJobInputs {
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: Record<string, unknown> & {
    jobTemplate: {
      metadata: { labels: Record<string, string> };
      spec: Record<string, unknown> & { template: { metadata: { labels: Record<string, string> }; spec: PodSpec } };
    };
  };
}

function cronJobInputs(r: RecordedResource): CronJobInputs {
  return revealSecrets<CronJobInputs>(r.inputs);
}

describe("KubernetesCronJob component", () => {
  it("schedules with upstream's defaults: Forbid, not suspended, history 3/1, backoff 6, Never, one pod", async () => {
    const { find } = await record(input({}));
    const cron = find(CRON_JOB, "demo-cron-job");
    const { metadata, spec } = cronJobInputs(cron);
    assert.equal(metadata.name, "demo");
    assert.equal(metadata.namespace, "jobs");
    assert.equal(spec.schedule, "*/5 * * * *");
    assert.equal(spec.concurrencyPolicy, "Forbid");
    assert.equal(spec.suspend, false);
    assert.equal(spec.successfulJobsHistoryLimit, 3);
    assert.equal(spec.failedJobsHistoryLimit, 1);
    assert.equal("timeZone" in spec, false);
    assert.equal("startingDeadlineSeconds" in spec, false);
    const job = spec.jobTemplate.spec;
    assert.equal(job.backoffLimit, 6);
    assert.equal(job.parallelism, 1);
    assert.equal(job.completions, 1);
    assert.equal("activeDeadlineSeconds" in job, false);
    assert.equal("ttlSecondsAfterFinished" in job, false);
    assert.equal("completionMode" in job, false, "a CronJob spec has no completionMode");
    assert.equal(job.template.spec.restartPolicy, "Never");
    assert.deepEqual(job.template.spec.containers, [
      {
        name: "demo",
        image: "busybox:1.36",
        resources: { limits: { cpu: "1000m", memory: "1Gi" }, requests: { cpu: "50m", memory: "100Mi" } },
      },
    ]);
    assert.equal(cron.options?.deleteBeforeReplace, true);
    assert.equal(cron.options?.customTimeouts, undefined, "nothing waits for a scheduled run");
  });

  it("passes the schedule settings and the run settings through; 0 deadlines are left out", async () => {
    const set = cronJobInputs(
      (
        await record(
          input({
            schedule: "@hourly",
            timeZone: "Etc/GMT+5",
            concurrencyPolicy: "Allow",
            startingDeadlineSeconds: 120n,
            suspend: true,
            successfulJobsHistoryLimit: 0,
            failedJobsHistoryLimit: 7,
            activeDeadlineSeconds: 900n,
            ttlSecondsAfterFinished: 60,
            parallelism: 2,
            completions: 4,
            backoffLimit: 0,
            restartPolicy: "OnFailure",
          }),
        )
      ).find(CRON_JOB, "demo-cron-job"),
    ).spec;
    assert.equal(set.schedule, "@hourly");
    assert.equal(set.timeZone, "Etc/GMT+5");
    assert.equal(set.concurrencyPolicy, "Allow");
    assert.equal(set.startingDeadlineSeconds, 120);
    assert.equal(set.suspend, true);
    assert.equal(set.successfulJobsHistoryLimit, 0, "a history limit of 0 keeps no finished Job");
    assert.equal(set.failedJobsHistoryLimit, 7);
    const job = set.jobTemplate.spec;
    assert.deepEqual(
      [job.activeDeadlineSeconds, job.ttlSecondsAfterFinished, job.parallelism, job.completions, job.backoffLimit],
      [900, 60, 2, 4, 0],
    );
    assert.equal(job.template.spec.restartPolicy, "OnFailure");
    const zero = cronJobInputs(
      (await record(input({ startingDeadlineSeconds: 0n, activeDeadlineSeconds: 0n }))).find(CRON_JOB, "demo-cron-job"),
    ).spec;
    assert.equal("startingDeadlineSeconds" in zero, false);
    assert.equal("activeDeadlineSeconds" in zero.jobTemplate.spec, false);
  });

  it("labels the CronJob, its jobTemplate and the pod template", async () => {
    const { find } = await record(input({}));
    const { metadata, spec } = cronJobInputs(find(CRON_JOB, "demo-cron-job"));
    assert.equal(metadata.labels["project-planton.org/resource-kind"], "KubernetesCronJob");
    assert.deepEqual(spec.jobTemplate.metadata.labels, metadata.labels);
    assert.deepEqual(spec.jobTemplate.spec.template.metadata.labels, metadata.labels);
  });

  it("moves literal secret env values into <name>-env-secrets as a Pulumi secret; the CronJob holds only secretKeyRefs", async () => {
    const { records, recorder, find } = await record(
      input({
        env: {
          variables: { MODE: { literalOrRef: { case: "value", value: "full" } } },
          secrets: {
            API_TOKEN: { sensitiveValue: { case: "value", value: "t0ken-in-clear-nowhere" } },
            DB_PASSWORD: { sensitiveValue: { case: "secretRef", value: { name: "db", key: "password" } } },
          },
        },
      }),
    );
    const secret = find("kubernetes:core/v1:Secret", "demo-env-secrets");
    assert.equal((secret.inputs.metadata as { name: string }).name, "demo-env-secrets");
    assert.deepEqual(secret.inputs.stringData, { $secret: { API_TOKEN: "t0ken-in-clear-nowhere" } });
    const resource = recorder.resource<k8s.core.v1.Secret>("kubernetes:core/v1:Secret", "demo-env-secrets");
    assert.ok(resource && (await pulumi.isSecret(resource.stringData)));
    testing.assertSecretsHidden(records, ["t0ken-in-clear-nowhere"]);
    const cron = find(CRON_JOB, "demo-cron-job");
    assert.doesNotMatch(JSON.stringify(cron.inputs), /t0ken-in-clear-nowhere/);
    assert.deepEqual(cronJobInputs(cron).spec.jobTemplate.spec.template.spec.containers[0]?.env, [
      { name: "MODE", value: "full" },
      { name: "API_TOKEN", valueFrom: { secretKeyRef: { name: "demo-env-secrets", key: "API_TOKEN" } } },
      { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
    ]);
    assert.ok(cron.dependsOn.includes("kubernetes:core/v1:Secret::demo-env-secrets"));
  });

  it("creates the image pull Secret from dockerConfigJson as a Pulumi secret and uses it instead of pullSecretName", async () => {
    const dockerConfigJson = '{"auths":{"registry.example.com":{"auth":"dXNlcjpjcm9uLXBhc3M="}}}';
    const { records, find } = await record(
      input({ image: { repo: "registry.example.com/app", pullSecretName: "other" } }, { dockerConfigJson }),
    );
    const secret = find("kubernetes:core/v1:Secret", "demo-image-pull-secret");
    assert.equal(secret.inputs.type, "kubernetes.io/dockerconfigjson");
    assert.deepEqual(revealSecrets(secret.inputs.stringData), { ".dockerconfigjson": dockerConfigJson });
    testing.assertSecretsHidden(records, [dockerConfigJson]);
    const cron = find(CRON_JOB, "demo-cron-job");
    assert.deepEqual(cronJobInputs(cron).spec.jobTemplate.spec.template.spec.imagePullSecrets, [
      { name: "demo-image-pull-secret" },
    ]);
    assert.ok(cron.dependsOn.includes("kubernetes:core/v1:Secret::demo-image-pull-secret"));
    const named = await record(input({ image: { repo: "registry.example.com/app", pullSecretName: "other" } }));
    assert.equal(named.records.filter((r) => r.type === "kubernetes:core/v1:Secret").length, 0);
    assert.deepEqual(
      cronJobInputs(named.find(CRON_JOB, "demo-cron-job")).spec.jobTemplate.spec.template.spec.imagePullSecrets,
      [{ name: "other" }],
    );
  });

  it("creates one ConfigMap per configMaps entry and mounts the volumes in the jobTemplate's pod", async () => {
    const { find } = await record(
      input({
        configMaps: { "backup-script": "#!/bin/sh\n" },
        volumeMounts: [
          {
            name: "script",
            mountPath: "/scripts/backup.sh",
            subPath: "backup.sh",
            configMap: { name: "backup-script", key: "backup-script", path: "backup.sh", defaultMode: 0o755 },
          },
          { name: "scratch", mountPath: "/backup", emptyDir: { sizeLimit: "1Gi" } },
        ],
      }),
    );
    const cm = find("kubernetes:core/v1:ConfigMap", "demo-configmap-backup-script");
    assert.deepEqual(cm.inputs.data, { "backup-script": "#!/bin/sh\n" });
    const cron = find(CRON_JOB, "demo-cron-job");
    const pod = cronJobInputs(cron).spec.jobTemplate.spec.template.spec;
    assert.deepEqual(pod.volumes, [
      {
        name: "script",
        configMap: { name: "backup-script", items: [{ key: "backup-script", path: "backup.sh" }], defaultMode: 493 },
      },
      { name: "scratch", emptyDir: { sizeLimit: "1Gi" } },
    ]);
    assert.deepEqual(pod.containers[0]?.volumeMounts, [
      { name: "script", mountPath: "/scripts/backup.sh", subPath: "backup.sh" },
      { name: "scratch", mountPath: "/backup" },
    ]);
    assert.ok(cron.dependsOn.includes("kubernetes:core/v1:ConfigMap::demo-configmap-backup-script"));
  });

  it("deploys to the stack input's kubernetesNamespace over spec.namespace", async () => {
    const { cronJob, records } = await record(input({ createNamespace: true }, { kubernetesNamespace: "resolved-ns" }));
    assert.equal(await testing.outputValue(cronJob.namespace), "resolved-ns");
    for (const r of testing.kubernetesObjects(records)) {
      const meta = r.inputs.metadata as { name: string; namespace?: string };
      assert.equal(r.type === "kubernetes:core/v1:Namespace" ? meta.name : meta.namespace, "resolved-ns", r.name);
    }
  });

  it("refuses a schedule Kubernetes rejects, before registering anything", async () => {
    for (const [schedule, message] of [
      ["0 3 * * 7", /target\.spec\.schedule: .*day of week 0-6 or sun-sat/],
      ["CRON_TZ=UTC 0 3 * * *", /target\.spec\.schedule: must not set a time zone/],
      ["0 0 3 * * *", /target\.spec\.schedule: must be five fields/],
    ] as const) {
      const recorder = await ResourceRecorder.start();
      assert.throws(
        () => new KubernetesCronJob("bad", input({ schedule }), recorder.options),
        (e: unknown) =>
          e instanceof PlantonError &&
          e.code === "ERR_PLANTON_INVALID_MANIFEST" &&
          e.problems.some((p) => p.path === "target.spec.schedule") &&
          message.test(e.message),
        schedule,
      );
      await recorder.settle();
      assert.equal(recorder.registrations, 0, schedule);
    }
  });

  it("uses the caller's provider when one is passed and the stack input names no cluster", async () => {
    const recorder = await ResourceRecorder.start();
    const provider = new k8s.Provider("mine", {});
    new KubernetesCronJob("demo", input({}), { ...recorder.options, provider });
    const records = await recorder.settle();
    assert.equal(records.filter((r) => r.type === "pulumi:providers:kubernetes").length, 1);
    testing.assertProvider(records, "mine");
  });

  it("run() exports namespace and cron_job_name from a STACK_INPUT", async () => {
    await ResourceRecorder.start();
    const outputs = await runKind(module, {
      env: { STACK_INPUT: readFileSync(resolve(packageDir, "hack/stack-input.yaml")).toString("base64") },
    });
    assert.deepEqual(Object.keys(outputs).sort(), ["cron_job_name", "namespace"]);
    assert.equal(await testing.outputValue(outputs.namespace), "batch-jobs");
    assert.equal(await testing.outputValue(outputs.cron_job_name), "db-backup");
  });
});
