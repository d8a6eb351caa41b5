// The batch/v1 Job of a KubernetesJob: the container, pod and run settings the
// module kit builds for every batch workload, plus the Job's own settings.
import type { KubernetesJobSpecValid } from "@planton/gen/org/project_planton/provider/kubernetes/kubernetesjob/v1/spec_pb.js";
import { batchJobSpec } from "@planton/module-kit";
import { compact } from "@planton/sdk";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

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
        ...batchJobSpec(spec, args),
        completionMode: spec.completionMode,
        suspend: spec.suspend,
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
