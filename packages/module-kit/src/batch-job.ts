// The part of a batch/v1 Job spec that KubernetesJob and KubernetesCronJob (its
// jobTemplate) share: the container (image, command, args, env, resources,
// mounts), the pod (volumes, image pull Secrets, restart policy) and the run
// settings (parallelism, completions, retries, deadline, TTL).

import type {
  ContainerImage,
  ContainerResources,
} from "@planton/gen/org/project_planton/provider/kubernetes/container_pb.js";
import type { VolumeMount } from "@planton/gen/org/project_planton/provider/kubernetes/volume_mount_pb.js";
import { compact } from "@planton/sdk";
import type * as k8s from "@pulumi/kubernetes";
import { containerResources, imageReference } from "./container.js";
import { podVolumes } from "./volumes.js";

/** The fields of a batch workload's spec (KubernetesJobSpec, KubernetesCronJobSpec) the Job spec is built from. */
export interface BatchWorkloadSpec {
  image: ContainerImage;
  command: string[];
  args: string[];
  resources?: ContainerResources | undefined;
  volumeMounts: VolumeMount[];
  restartPolicy?: string | undefined;
  backoffLimit?: number | undefined;
  activeDeadlineSeconds?: bigint | undefined;
  ttlSecondsAfterFinished?: number | undefined;
  parallelism?: number | undefined;
  completions?: number | undefined;
}

export interface BatchPodArgs {
  /** The container's name: the manifest's metadata.name. */
  name: string;
  /** Labels of the pod template. */
  labels: Record<string, string>;
  /** The container's env (buildContainerEnv). */
  env: k8s.types.input.core.v1.EnvVar[];
  imagePullSecrets: { name: string }[];
}

/** The workload's one container. */
export function batchContainer(spec: BatchWorkloadSpec, pod: BatchPodArgs): k8s.types.input.core.v1.Container {
  const { volumeMounts } = podVolumes(spec.volumeMounts);
  return compact({
    name: pod.name,
    image: imageReference(spec.image),
    command: spec.command.length > 0 ? spec.command : undefined,
    args: spec.args.length > 0 ? spec.args : undefined,
    env: pod.env.length > 0 ? pod.env : undefined,
    resources: containerResources(spec.resources),
    volumeMounts: volumeMounts.length > 0 ? volumeMounts : undefined,
  });
}

/**
 * The Job spec's run settings and pod template. 0 in parallelism, completions,
 * activeDeadlineSeconds and ttlSecondsAfterFinished means "not set", as
 * upstream's modules read it.
 */
export function batchJobSpec(spec: BatchWorkloadSpec, pod: BatchPodArgs): k8s.types.input.batch.v1.JobSpec {
  const { volumes } = podVolumes(spec.volumeMounts);
  return compact({
    parallelism: spec.parallelism || undefined,
    completions: spec.completions || undefined,
    backoffLimit: spec.backoffLimit,
    activeDeadlineSeconds: spec.activeDeadlineSeconds ? Number(spec.activeDeadlineSeconds) : undefined,
    ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished || undefined,
    template: {
      metadata: { labels: pod.labels },
      spec: compact({
        restartPolicy: spec.restartPolicy,
        containers: [batchContainer(spec, pod)],
        volumes: volumes.length > 0 ? volumes : undefined,
        imagePullSecrets: pod.imagePullSecrets.length > 0 ? pod.imagePullSecrets : undefined,
      }),
    },
  });
}
