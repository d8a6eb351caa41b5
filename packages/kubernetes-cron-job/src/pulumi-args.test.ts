// The component as a Pulumi program uses it: Outputs and secrets for strings,
// plain oneofs, numbers for int64s; known invalid values refused before anything
// is registered.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSecretValue, type RecordedResource, ResourceRecorder, revealSecrets } from "@planton/module-kit/record";
import * as testing from "@planton/module-testing";
import { PlantonError } from "@planton/sdk";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KubernetesCronJob, type KubernetesCronJobArgs } from "./index.js";

delete process.env.KUBECONFIG;
delete process.env.KUBE_CTX;

interface CronJobShape {
  metadata: { name: string; namespace: string };
  spec: {
    schedule: string;
    startingDeadlineSeconds?: number;
    jobTemplate: {
      spec: {
        activeDeadlineSeconds?: number;
        template: { spec: { containers: { image: string; command?: string[]; env?: unknown[] }[] } };
      };
    };
  };
}

function find(records: RecordedResource[], type: string, name: string): RecordedResource {
  const r = records.find((x) => x.type === type && x.name === name);
  assert.ok(r, `no ${type} ${name}; registered: ${records.map((x) => `${x.type}::${x.name}`).join(", ")}`);
  return r;
}

describe("KubernetesCronJob with Pulumi inputs", () => {
  it("takes an Output image tag, a secret Output env value, an Output namespace, plain oneofs and numbers", async () => {
    const recorder = await ResourceRecorder.start();
    const team = new k8s.core.v1.Namespace("team", { metadata: { name: "team-a" } });
    const build = new k8s.core.v1.ConfigMap("build", { metadata: { name: "build" }, data: { tag: "2.0" } });
    const args: KubernetesCronJobArgs = {
      target: {
        metadata: { name: "nightly" },
        spec: {
          namespace: team.metadata.name,
          schedule: "0 3 * * *",
          image: { repo: "ghcr.io/acme/report", tag: build.data.apply((d) => d?.tag ?? "latest") },
          command: ["sh", "-c", pulumi.interpolate`echo ${team.metadata.name}`],
          startingDeadlineSeconds: 300,
          activeDeadlineSeconds: 3600,
          env: {
            variables: { MODE: "fast", REGION: { value: pulumi.output("eu") } },
            secrets: { PASSWORD: { value: pulumi.secret("cr0n-s3cr3t-from-config") } },
          },
        },
      },
    };
    const cronJob = new KubernetesCronJob("nightly", args, recorder.options);
    const records = await recorder.settle();
    assert.deepEqual([...recorder.failures.keys()], []);

    const cron = find(records, "kubernetes:batch/v1:CronJob", "nightly-cron-job");
    const inputs = revealSecrets<CronJobShape>(cron.inputs);
    assert.equal(inputs.metadata.namespace, "team-a");
    assert.equal(inputs.spec.startingDeadlineSeconds, 300);
    assert.equal(inputs.spec.jobTemplate.spec.activeDeadlineSeconds, 3600);
    const container = inputs.spec.jobTemplate.spec.template.spec.containers[0];
    assert.equal(container?.image, "ghcr.io/acme/report:2.0");
    assert.deepEqual(container?.command, ["sh", "-c", "echo team-a"]);
    assert.deepEqual(container?.env, [
      { name: "MODE", value: "fast" },
      { name: "REGION", value: "eu" },
      { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "nightly-env-secrets", key: "PASSWORD" } } },
    ]);
    assert.equal(isSecretValue(cron.inputs.spec), false, "no secret landed in the CronJob's spec");
    assert.equal(await testing.outputValue(cronJob.namespace), "team-a");
    assert.equal(await testing.outputValue(cronJob.cronJobName), "nightly");

    // The secret Output stays a secret in the env Secret, and is nowhere in clear.
    const secret = find(records, "kubernetes:core/v1:Secret", "nightly-env-secrets");
    assert.deepEqual(secret.inputs.stringData, { $secret: { PASSWORD: "cr0n-s3cr3t-from-config" } });
    testing.assertSecretsHidden(records, ["cr0n-s3cr3t-from-config"]);
  });

  it("known invalid values throw a PlantonError with the field path before anything is registered", async () => {
    const recorder = await ResourceRecorder.start();
    assert.throws(
      () =>
        new KubernetesCronJob(
          "bad",
          {
            target: {
              metadata: { name: "bad" },
              spec: {
                namespace: pulumi.output("jobs"),
                schedule: "0 3 * * *",
                timeZone: "Local",
                image: { repo: pulumi.output("busybox") },
              },
            },
          },
          recorder.options,
        ),
      (e: unknown) =>
        e instanceof PlantonError &&
        e.code === "ERR_PLANTON_INVALID_MANIFEST" &&
        e.problems.length === 1 &&
        e.problems[0]?.path === "target.spec.timeZone",
    );
    await recorder.settle();
    assert.equal(recorder.registrations, 0);
  });

  it("refuses arguments of the wrong shape with their path", () => {
    const bad = [
      [{ target: { spec: { suspend: pulumi.output(true) } } }, "target.spec.suspend: only string fields take"],
      [{ target: { spec: { schedul: "x" } } }, "target.spec.schedul: KubernetesCronJobSpec has no field schedul"],
      [
        { target: { spec: { startingDeadlineSeconds: 1.5 } } },
        "target.spec.startingDeadlineSeconds: expected an integer",
      ],
    ] as const;
    for (const [args, message] of bad) {
      assert.throws(
        () => new KubernetesCronJob("x", args as unknown as KubernetesCronJobArgs),
        (e: unknown) => e instanceof PlantonError && e.message.includes(message),
        message,
      );
    }
  });
});
