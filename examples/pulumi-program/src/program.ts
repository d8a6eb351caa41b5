// A user's own Pulumi program: the Planton components next to other resources,
// taking their outputs and the stack's config secrets as arguments. That this
// file compiles (it is part of the build) is the type-level test: every string
// of the arguments is a pulumi.Input<string> of the one @pulumi/pulumi the
// program and the components share.
import { AltinityOperatorKubernetes } from "@planton/altinity-operator-kubernetes";
import { KubernetesJob } from "@planton/kubernetes-job";
import { StackJobRunnerKubernetes } from "@planton/stack-job-runner-kubernetes";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** The program's resources; `parent` (optional) groups them, e.g. under a test's recorder. */
export function program(parent?: pulumi.Resource) {
  const config = new pulumi.Config();
  const opts = parent ? { parent } : {};
  const team = new k8s.core.v1.Namespace("team", { metadata: { name: "team-a" } }, opts);
  const migrate = new KubernetesJob(
    "migrate",
    {
      target: {
        metadata: { name: "migrate" },
        spec: {
          namespace: team.metadata.name,
          image: { repo: "ghcr.io/acme/migrate", tag: config.get("migrateTag") ?? "1.0.0" },
          command: ["migrate", pulumi.interpolate`--schema=${team.metadata.name}`],
          activeDeadlineSeconds: 3600,
          env: {
            variables: { DB_HOST: "db.team-a.svc" },
            secrets: { DB_PASSWORD: { value: config.requireSecret("dbPassword") } },
          },
        },
      },
    },
    opts,
  );
  const runner = new StackJobRunnerKubernetes(
    "runner",
    {
      target: {
        metadata: { name: "runner" },
        spec: { namespace: { value: team.metadata.name }, createNamespace: false },
      },
    },
    { ...opts, dependsOn: [migrate] },
  );
  const operator = new AltinityOperatorKubernetes(
    "altinity",
    {
      target: {
        metadata: { name: "altinity-operator" },
        spec: { namespace: team.metadata.name, createNamespace: false },
      },
    },
    opts,
  );
  return {
    jobName: migrate.jobName,
    runnerEndpoint: runner.kubeEndpoint,
    releaseName: operator.releaseName,
  };
}
