// The batch/v1 CronJob of a KubernetesCronJob: its schedule and run policy, and
// as jobTemplate the container, pod and run settings the module kit builds for
// every batch workload (KubernetesJob's).
import type { KubernetesCronJobSpecValid } from "@planton/gen/org/project_planton/provider/kubernetes/kubernetescronjob/v1/spec_pb.js";
import { batchJobSpec } from "@planton/module-kit";
import { compact } from "@planton/sdk";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

export interface CronJobArgs {
  /** The CronJob's (and its container's) name: the manifest's metadata.name. */
  name: string;
  namespace: string;
  labels: Record<string, string>;
  spec: KubernetesCronJobSpecValid;
  env: k8s.types.input.core.v1.EnvVar[];
  imagePullSecrets: { name: string }[];
}

/**
 * The CronJob. Its runs' Jobs and pods carry the labels too. Pulumi does not
 * wait for a run: creating the CronJob only schedules them. The name being
 * fixed, a replacement deletes the old CronJob first.
 */
export function createCronJob(
  resourceName: string,
  args: CronJobArgs,
  opts: pulumi.CustomResourceOptions,
): k8s.batch.v1.CronJob {
  const { spec } = args;
  return new k8s.batch.v1.CronJob(
    resourceName,
    {
      metadata: compact({ name: args.name, namespace: args.namespace, labels: args.labels }),
      spec: compact({
        schedule: spec.schedule,
        timeZone: spec.timeZone,
        concurrencyPolicy: spec.concurrencyPolicy,
        // 0 means "no deadline", as upstream's module reads it.
        startingDeadlineSeconds: spec.startingDeadlineSeconds ? Number(spec.startingDeadlineSeconds) : undefined,
        suspend: spec.suspend,
        successfulJobsHistoryLimit: spec.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: spec.failedJobsHistoryLimit,
        jobTemplate: {
          metadata: { labels: args.labels },
          spec: batchJobSpec(spec, args),
        },
      }),
    },
    { ...opts, deleteBeforeReplace: true },
  );
}
