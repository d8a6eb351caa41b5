import assert from "node:assert/strict";
import { test } from "node:test";
import { ResourceRecorder, revealSecrets } from "@planton/module-kit/record";
import { assertSecretsHidden, outputValue } from "@planton/module-testing";
import * as pulumi from "@pulumi/pulumi";
import { program } from "./program.js";

delete process.env.KUBECONFIG;
delete process.env.KUBE_CTX;

test("a user's program passes outputs and config secrets to every component", async () => {
  const recorder = await ResourceRecorder.start({ project: "user" });
  pulumi.runtime.setAllConfig({ "user:dbPassword": "pa55-from-config" }, ["user:dbPassword"]);
  // The recorder sees the children of a parent built with its options.
  const root = new pulumi.ComponentResource("test:index:Program", "program", {}, recorder.options);
  const outputs = program(root);
  const records = await recorder.settle();
  assert.equal(await outputValue(outputs.jobName), "migrate");
  assert.equal(await outputValue(outputs.runnerEndpoint), "runner.team-a.svc.cluster.local:8080");
  assert.equal(await outputValue(outputs.releaseName), "altinity-operator");
  const release = records.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
  assert.equal(release?.inputs.namespace, "team-a");
  const job = revealSecrets<{ spec: { template: { spec: { containers: { command: string[] }[] } } } }>(
    records.find((r) => r.type === "kubernetes:batch/v1:Job")?.inputs,
  );
  assert.deepEqual(job.spec.template.spec.containers[0]?.command, ["migrate", "--schema=team-a"]);
  assertSecretsHidden(records, ["pa55-from-config"]);
  // No component made a provider of its own: every child uses the program's default provider.
  assert.equal(records.filter((r) => r.type === "pulumi:providers:kubernetes").length, 0);
});
