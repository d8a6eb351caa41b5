// The component as a Pulumi program uses it: Outputs and secrets for strings,
// plain oneofs, numbers for int64s; validation of known values before anything
// is registered, of unknown ones when they resolve.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { isSecretValue, type RecordedResource, ResourceRecorder, revealSecrets } from "@planton/module-kit/record";
import * as testing from "@planton/module-testing";
import { PlantonError } from "@planton/sdk";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KubernetesJob, type KubernetesJobArgs } from "./index.js";

delete process.env.KUBECONFIG;
delete process.env.KUBE_CTX;

interface JobShape {
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    activeDeadlineSeconds?: number;
    template: { spec: { containers: { image: string; command?: string[]; env?: unknown[] }[] } };
  };
}

function find(records: RecordedResource[], type: string, name: string): RecordedResource {
  const r = records.find((x) => x.type === type && x.name === name);
  assert.ok(r, `no ${type} ${name}; registered: ${records.map((x) => `${x.type}::${x.name}`).join(", ")}`);
  return r;
}

describe("KubernetesJob with Pulumi inputs", () => {
  it("takes Outputs, secrets, plain oneofs and numbers, and registers the resolved values", async () => {
    const recorder = await ResourceRecorder.start();
    const team = new k8s.core.v1.Namespace("team", { metadata: { name: "team-a" } });
    const args: KubernetesJobArgs = {
      target: {
        metadata: { name: pulumi.output("nightly") },
        spec: {
          namespace: team.metadata.name,
          image: { repo: pulumi.output("ghcr.io/acme/report"), tag: Promise.resolve("1.2") },
          command: ["sh", "-c", pulumi.interpolate`echo ${team.metadata.name}`],
          activeDeadlineSeconds: 3600,
          env: {
            variables: { MODE: "fast", REGION: { value: pulumi.output("eu") } },
            secrets: { PASSWORD: { value: pulumi.secret("s3cr3t-from-config") } },
          },
        },
      },
    };
    const job = new KubernetesJob("nightly", args, recorder.options);
    const records = await recorder.settle();
    assert.deepEqual([...recorder.failures.keys()], []);

    const inputs = revealSecrets<JobShape>(find(records, "kubernetes:batch/v1:Job", "nightly-job").inputs);
    assert.equal(inputs.metadata.name, "nightly");
    assert.equal(inputs.metadata.namespace, "team-a");
    assert.equal(inputs.metadata.labels["project-planton.org/resource-name"], "nightly");
    assert.equal(inputs.spec.activeDeadlineSeconds, 3600);
    const container = inputs.spec.template.spec.containers[0];
    assert.equal(container?.image, "ghcr.io/acme/report:1.2");
    assert.deepEqual(container?.command, ["sh", "-c", "echo team-a"]);
    assert.deepEqual(container?.env?.slice(0, 2), [
      { name: "MODE", value: "fast" },
      { name: "REGION", value: "eu" },
    ]);
    assert.equal(await testing.outputValue(job.namespace), "team-a");

    // The secret Output stays a secret in the registered inputs, and nowhere in clear.
    const secret = find(records, "kubernetes:core/v1:Secret", "nightly-env-secrets");
    assert.deepEqual(secret.inputs.stringData, { $secret: { PASSWORD: "s3cr3t-from-config" } });
    testing.assertSecretsHidden(records, ["s3cr3t-from-config"]);
  });

  it("a secret Output makes the property it lands in secret, and leaves the others plain", async () => {
    const recorder = await ResourceRecorder.start();
    new KubernetesJob(
      "demo",
      {
        target: {
          metadata: { name: "demo" },
          spec: { namespace: "jobs", image: { repo: "busybox", tag: pulumi.secret("1.36") } },
        },
      },
      recorder.options,
    );
    const records = await recorder.settle();
    const job = find(records, "kubernetes:batch/v1:Job", "demo-job");
    // Pulumi marks the whole top-level property holding a secret as secret.
    assert.ok(isSecretValue(job.inputs.spec), "spec is not a secret");
    assert.equal(revealSecrets<JobShape["spec"]>(job.inputs.spec).template.spec.containers[0]?.image, "busybox:1.36");
    assert.deepEqual((job.inputs.metadata as JobShape["metadata"]).name, "demo");
    testing.assertSecretsHidden(records, ["busybox:1.36"]);
  });

  it("an Output that resolves to an invalid value fails the registrations with the field path", async () => {
    // In a process of its own: a failed registration is an unhandled rejection
    // there, as in a Pulumi program (the engine reports it and fails the update).
    const script = `
      import { ResourceRecorder } from ${JSON.stringify(import.meta.resolve("@planton/module-kit/record"))};
      import * as pulumi from ${JSON.stringify(import.meta.resolve("@pulumi/pulumi"))};
      import { KubernetesJob } from ${JSON.stringify(new URL("./index.js", import.meta.url).href)};
      const unhandled = [];
      process.on("unhandledRejection", (e) => unhandled.push(String(e?.message ?? e)));
      const recorder = await ResourceRecorder.start();
      new KubernetesJob("bad", {
        target: { metadata: { name: "bad" }, spec: { namespace: pulumi.output("Not A Namespace"), image: { repo: "busybox" } } },
      }, recorder.options);
      const records = await recorder.settle();
      await new Promise((r) => setTimeout(r, 50));
      const failures = [...recorder.failures.values()].map((e) => String(e?.message ?? e));
      process.stdout.write(JSON.stringify({ registered: records.map((r) => r.type), failures, unhandled }), () => process.exit(0));
    `;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    const { registered, failures, unhandled } = JSON.parse(out) as Record<string, string[]>;
    assert.deepEqual(
      registered,
      ["planton:kubernetes:KubernetesJob"],
      "a child was registered with an invalid namespace",
    );
    assert.ok((failures?.length ?? 0) > 0, "no registration failed");
    for (const message of [...(failures ?? []), ...(unhandled ?? [])]) {
      assert.match(message, /KubernetesJob "bad" is invalid once its inputs resolved: target\.spec\.namespace/);
      assert.doesNotMatch(message, /Not A Namespace/, "the value is not echoed (it could be a secret)");
    }
  });

  it("known invalid values throw a PlantonError with the field path before anything is registered", async () => {
    const recorder = await ResourceRecorder.start();
    assert.throws(
      () =>
        new KubernetesJob(
          "bad",
          {
            target: {
              metadata: { name: "Not_A_Label" },
              spec: { namespace: pulumi.output("jobs"), image: { repo: pulumi.output("busybox") } },
            },
          },
          recorder.options,
        ),
      (e: unknown) =>
        e instanceof PlantonError &&
        e.code === "ERR_PLANTON_INVALID_MANIFEST" &&
        e.problems.length === 1 &&
        e.problems[0]?.path === "target.metadata.name",
    );
    await recorder.settle();
    assert.equal(recorder.registrations, 0);
  });

  it("refuses arguments of the wrong shape with their path", () => {
    const bad = [
      [{ target: { spec: { parallelism: pulumi.output(2) } } }, "target.spec.parallelism: only string fields take"],
      [{ target: { spec: { nope: "x" } } }, "target.spec.nope: KubernetesJobSpec has no field nope"],
      [{ target: { spec: { activeDeadlineSeconds: 1.5 } } }, "target.spec.activeDeadlineSeconds: expected an integer"],
      [
        { target: { spec: { namespace: { value: "a", valueFrom: { name: "b" } } } } },
        "target.spec.namespace.valueFrom: set only one of value, valueFrom",
      ],
    ] as const;
    for (const [args, message] of bad) {
      assert.throws(
        () => new KubernetesJob("x", args as unknown as KubernetesJobArgs),
        (e: unknown) => e instanceof PlantonError && e.message.includes(message),
        message,
      );
    }
  });
});
