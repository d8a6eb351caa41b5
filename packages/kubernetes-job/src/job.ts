// The batch/v1 Job of a KubernetesJob: its container (image, command, env,
// resources, mounts), its pod and the Job's own settings.
import type { KubernetesJobSpecValid } from "@planton/gen/org/project_planton/provider/kubernetes/kubernetesjob/v1/spec_pb.js";
import { containerResources, imageReference } from "@planton/module-kit";
import { compact } from "@planton/sdk";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { podVolumes } from "./volumes.js";

export interface JobArgs {
  /** The Job's (and its container's) name: the manifest's metadata.name. */
  name: string;
  namespace: string;
  labels: Record<string, string>;
  spec: KubernetesJobSpecValid;
  env: k8s.types.input.core.v1.EnvVar[];
  imagePullSecrets: { name: string }[];
}

/** Seconds `pulumi up` waits for the Job to complete when the spec does not say. */
export const DEFAULT_COMPLETION_TIMEOUT_SECONDS = 600;

/**
 * The Job. It waits for completion (customTimeouts from
 * completionTimeoutSeconds) unless waitForCompletion is false, and, its name
 * being fixed, is deleted before it is replaced.
 */
export function createJob(resourceName: string, args: JobArgs, opts: pulumi.CustomResourceOptions): k8s.batch.v1.Job {
  const { spec } = args;
  const { volumeMounts, volumes } = podVolumes(spec.volumeMounts);
  const container: k8s.types.input.core.v1.Container = compact({
    name: args.name,
    image: imageReference(spec.image),
    command: spec.command.length > 0 ? spec.command : undefined,
    args: spec.args.length > 0 ? spec.args : undefined,
    env: args.env.length > 0 ? args.env : undefined,
    resources: containerResources(spec.resources),
    volumeMounts: volumeMounts.length > 0 ? volumeMounts : undefined,
  });
  const wait = spec.waitForCompletion !== false;
  const timeout = `${spec.completionTimeoutSeconds ?? DEFAULT_COMPLETION_TIMEOUT_SECONDS}s`;
  return new k8s.batch.v1.Job(
    resourceName,
    {
      metadata: compact({
        name: args.name,
        namespace: args.namespace,
        labels: args.labels,
        // Without waiting, `pulumi up` only checks that the Job was created.
        annotations: wait ? undefined : { "pulumi.com/skipAwait": "true" },
      }),
      spec: compact({
        // 0 in parallelism, completions, activeDeadlineSeconds and
        // ttlSecondsAfterFinished means "not set", as upstream's module reads it.
        parallelism: spec.parallelism || undefined,
        completions: spec.completions || undefined,
        backoffLimit: spec.backoffLimit,
        activeDeadlineSeconds: spec.activeDeadlineSeconds ? Number(spec.activeDeadlineSeconds) : undefined,
        ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished || undefined,
        completionMode: spec.completionMode,
        suspend: spec.suspend,
        template: {
          metadata: { labels: args.labels },
          spec: compact({
            restartPolicy: spec.restartPolicy,
            containers: [container],
            volumes: volumes.length > 0 ? volumes : undefined,
            imagePullSecrets: args.imagePullSecrets.length > 0 ? args.imagePullSecrets : undefined,
          }),
        },
      }),
    },
    {
      ...opts,
      // The name is fixed, so a replacement must delete the old Job first.
      deleteBeforeReplace: true,
      ...(wait ? { customTimeouts: { create: timeout, update: timeout } } : {}),
    },
  );
}
