// The KubernetesJob component: a batch/v1 Job with its env Secret, image pull
// Secret and ConfigMaps, in a namespace it may create. Wiring only: each
// resource is built in its own file.
import {
  type KubernetesJobStackInput,
  KubernetesJobStackInputSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/kubernetesjob/v1/stack_input_pb.js";
import { type ComponentArgs, createPodResources, KindComponent } from "@planton/module-kit";
import type * as pulumi from "@pulumi/pulumi";
import { createJob } from "./job.js";
import { kind } from "./kind.js";

/** The kind the component deploys: its descriptor and stack input schema. */
export const KUBERNETES_JOB = { descriptor: kind, stackInputSchema: KubernetesJobStackInputSchema } as const;

/**
 * Arguments of the component: a KubernetesJobStackInput (`{target,
 * providerConfig?, kubernetesNamespace?, dockerConfigJson?}`) where every
 * string may be a `pulumi.Input<string>` (another resource's output,
 * `config.requireSecret(...)`), a oneof is its one field (`namespace: "jobs"` or
 * `{value: "jobs"}`), an int64 a number; or a decoded message. `target` is the
 * KubernetesJob manifest; its apiVersion and kind may be left out. Defaults are
 * applied and the known values validated before any resource is created; values
 * known only later are validated when they resolve.
 */
export type KubernetesJobArgs = ComponentArgs<KubernetesJobStackInput>;

/**
 * A Kubernetes Job deployed from a KubernetesJob manifest.
 *
 * Creates, as its children: a Provider (only when `providerConfig` names a
 * cluster or context), the Namespace (when `spec.createNamespace`), the Secret
 * `<name>-env-secrets` (literal secret env values), the Secret
 * `<name>-image-pull-secret` (when `dockerConfigJson` is set), one ConfigMap per
 * `spec.configMaps` entry, and the Job. Throws a PlantonError, creating
 * nothing, when the arguments are invalid.
 */
export class KubernetesJob extends KindComponent<typeof KubernetesJobStackInputSchema> {
  /** Name of the Job. */
  readonly jobName: pulumi.Output<string>;

  constructor(name: string, args: KubernetesJobArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(KUBERNETES_JOB, name, args, opts);
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

    const job = createJob(
      `${name}-job`,
      { name: metadata.name, namespace, labels, spec, env: pod.env, imagePullSecrets: pod.imagePullSecrets },
      this.childOptions(pod.dependsOn),
    );

    this.jobName = job.metadata.name;
    this.registerOutputs({ namespace: this.namespace, jobName: this.jobName });
  }
}
