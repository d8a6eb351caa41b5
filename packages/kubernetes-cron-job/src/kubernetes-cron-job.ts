// The KubernetesCronJob component: a batch/v1 CronJob with its env Secret, image
// pull Secret and ConfigMaps, in a namespace it may create. Wiring only: the
// CronJob is built in cron-job.ts, the pod's Secrets and ConfigMaps by the
// module kit, as for KubernetesJob.
import {
  type KubernetesCronJobStackInput,
  KubernetesCronJobStackInputSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/kubernetescronjob/v1/stack_input_pb.js";
import { type ComponentArgs, createPodResources, KindComponent } from "@planton/module-kit";
import type * as pulumi from "@pulumi/pulumi";
import { createCronJob } from "./cron-job.js";
import { kind } from "./kind.js";

/** The kind the component deploys: its descriptor and stack input schema. */
export const KUBERNETES_CRON_JOB = { descriptor: kind, stackInputSchema: KubernetesCronJobStackInputSchema } as const;

/**
 * Arguments of the component: a KubernetesCronJobStackInput (`{target,
 * providerConfig?, kubernetesNamespace?, dockerConfigJson?}`) where every
 * string may be a `pulumi.Input<string>` (another resource's output,
 * `config.requireSecret(...)`), a oneof is its one field (`namespace: "jobs"` or
 * `{value: "jobs"}`), an int64 a number; or a decoded message. `target` is the
 * KubernetesCronJob manifest; its apiVersion and kind may be left out. Defaults
 * are applied and the known values validated before any resource is created;
 * values known only later are validated when they resolve.
 */
export type KubernetesCronJobArgs = ComponentArgs<KubernetesCronJobStackInput>;

/**
 * A Kubernetes CronJob deployed from a KubernetesCronJob manifest.
 *
 * Creates, as its children: a Provider (only when `providerConfig` names a
 * cluster or context), the Namespace (when `spec.createNamespace`), the Secret
 * `<name>-env-secrets` (literal secret env values), the Secret
 * `<name>-image-pull-secret` (when `dockerConfigJson` is set), one ConfigMap per
 * `spec.configMaps` entry, and the CronJob. Throws a PlantonError, creating
 * nothing, when the arguments are invalid.
 */
export class KubernetesCronJob extends KindComponent<typeof KubernetesCronJobStackInputSchema> {
  /** Name of the CronJob. */
  readonly cronJobName: pulumi.Output<string>;

  constructor(name: string, args: KubernetesCronJobArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(KUBERNETES_CRON_JOB, name, args, opts);
    const { metadata, spec } = this.input.target;
    const namespace = this.namespaceName;
    const labels = this.labels;

    const pod = createPodResources(
      {
        resourceName: name,
        workloadName: metadata.name,
        namespace,
        labels,
        spec,
        dockerConfigJson: this.input.dockerConfigJson,
      },
      this.childOptions(),
    );

    const cronJob = createCronJob(
      `${name}-cron-job`,
      { name: metadata.name, namespace, labels, spec, env: pod.env, imagePullSecrets: pod.imagePullSecrets },
      this.childOptions(pod.dependsOn),
    );

    this.cronJobName = cronJob.metadata.name;
    this.registerOutputs({ namespace: this.namespace, cronJobName: this.cronJobName });
  }
}
