// The KubernetesJob component: a batch/v1 Job with its env Secret, image pull
// Secret and ConfigMaps, in a namespace it may create.
import type { MessageInitShape } from "@bufbuild/protobuf";
import {
  type KubernetesJobStackInput,
  KubernetesJobStackInputSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/kubernetesjob/v1/stack_input_pb.js";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as common from "./common/index.js";
import { podVolumes } from "./volumes.js";

export const KUBERNETES_JOB_KIND = "KubernetesJob";

/** Pulumi type token of the component. */
export const KUBERNETES_JOB_TYPE = "planton:kubernetes:KubernetesJob";

/**
 * Arguments of the component: a KubernetesJobStackInput, as an init shape
 * (`{target, providerConfig?, kubernetesNamespace?, dockerConfigJson?}`) or a
 * decoded message. `target` is the KubernetesJob manifest; its apiVersion and
 * kind may be left out. Defaults are applied and everything is validated before
 * any resource is created.
 */
export type KubernetesJobArgs = MessageInitShape<typeof KubernetesJobStackInputSchema>;

/** The stack outputs, named as in stack_outputs.proto. */
export interface KubernetesJobOutputs {
  namespace: pulumi.Output<string>;
  job_name: pulumi.Output<string>;
}

/**
 * A Kubernetes Job deployed from a KubernetesJob manifest.
 *
 * Creates, as its children: a Provider (from `providerConfig`; the ambient
 * kubeconfig when unset), the Namespace (when `spec.createNamespace`), the
 * Secret `<name>-env-secrets` (literal secret env values), the Secret
 * `<name>-image-pull-secret` (when `dockerConfigJson` is set), one ConfigMap per
 * `spec.configMaps` entry, and the Job. Throws a PlantonError, creating
 * nothing, when the arguments are invalid.
 */
export class KubernetesJob extends pulumi.ComponentResource {
  /** Namespace of the Job. */
  declare readonly namespace: pulumi.Output<string>;
  /** Name of the Job. */
  declare readonly jobName: pulumi.Output<string>;

  constructor(name: string, args: KubernetesJobArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const input = common.prepareStackInput(KubernetesJobStackInputSchema, args, KUBERNETES_JOB_KIND);
    super(KUBERNETES_JOB_TYPE, name, {}, opts);

    const { metadata, spec } = input.target;
    const labels = common.resourceLabels(metadata, KUBERNETES_JOB_KIND);
    const ns = common.resolveNamespace(input.kubernetesNamespace, spec.namespace);
    const provider = common.createProvider(`${name}-provider`, input.providerConfig, this, opts);
    const withProvider = provider ? { provider } : {};

    const namespace = spec.createNamespace
      ? common.createNamespace({ resourceName: `${name}-namespace`, namespace: ns, labels, parent: this, provider })
      : undefined;
    const nsDeps: pulumi.Resource[] = namespace ? [namespace] : [];
    const jobDeps: pulumi.Resource[] = [...nsDeps];
    const secretArgs = (suffix: string, k8sName: string): common.SecretArgs => ({
      resourceName: `${name}-${suffix}`,
      name: k8sName,
      namespace: ns,
      labels,
      parent: this,
      provider,
      dependsOn: nsDeps,
    });

    const envSecretName = common.envSecretName(metadata.name);
    const { env, secretData } = common.buildContainerEnv(spec.env, envSecretName);
    if (Object.keys(secretData).length > 0) {
      jobDeps.push(common.createOpaqueSecret(secretArgs("env-secrets", envSecretName), secretData));
    }

    let imagePullSecrets: { name: string }[] = [];
    if (input.dockerConfigJson !== "") {
      const pullSecretName = common.imagePullSecretName(metadata.name);
      jobDeps.push(
        common.createImagePullSecret(secretArgs("image-pull-secret", pullSecretName), input.dockerConfigJson),
      );
      imagePullSecrets = [{ name: pullSecretName }];
    } else if (spec.image.pullSecretName !== "") {
      imagePullSecrets = [{ name: spec.image.pullSecretName }];
    }

    for (const key of Object.keys(spec.configMaps).sort()) {
      const configMap = new k8s.core.v1.ConfigMap(
        `${name}-configmap-${key}`,
        { metadata: { name: key, namespace: ns, labels }, data: { [key]: spec.configMaps[key] ?? "" } },
        { parent: this, ...withProvider, ...(nsDeps.length > 0 ? { dependsOn: nsDeps } : {}) },
      );
      jobDeps.push(configMap);
    }

    const { volumeMounts, volumes } = podVolumes(spec.volumeMounts);
    const container: k8s.types.input.core.v1.Container = {
      name: metadata.name,
      image: common.imageReference(spec.image),
      ...(spec.command.length > 0 ? { command: spec.command } : {}),
      ...(spec.args.length > 0 ? { args: spec.args } : {}),
      ...(env.length > 0 ? { env } : {}),
      resources: common.containerResources(spec.resources),
      ...(volumeMounts.length > 0 ? { volumeMounts } : {}),
    };
    const wait = spec.waitForCompletion !== false;
    const timeout = `${spec.completionTimeoutSeconds ?? 600}s`;
    const job = new k8s.batch.v1.Job(
      `${name}-job`,
      {
        metadata: {
          name: metadata.name,
          namespace: ns,
          labels,
          // Without waiting, `pulumi up` only checks that the Job was created.
          ...(wait ? {} : { annotations: { "pulumi.com/skipAwait": "true" } }),
        },
        spec: {
          // 0 in parallelism, completions, activeDeadlineSeconds and
          // ttlSecondsAfterFinished means "not set", as upstream's module reads it.
          ...(spec.parallelism ? { parallelism: spec.parallelism } : {}),
          ...(spec.completions ? { completions: spec.completions } : {}),
          ...(spec.backoffLimit !== undefined ? { backoffLimit: spec.backoffLimit } : {}),
          ...(spec.activeDeadlineSeconds ? { activeDeadlineSeconds: Number(spec.activeDeadlineSeconds) } : {}),
          ...(spec.ttlSecondsAfterFinished ? { ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished } : {}),
          ...(spec.completionMode !== undefined ? { completionMode: spec.completionMode } : {}),
          ...(spec.suspend !== undefined ? { suspend: spec.suspend } : {}),
          template: {
            metadata: { labels },
            spec: {
              ...(spec.restartPolicy !== undefined ? { restartPolicy: spec.restartPolicy } : {}),
              containers: [container],
              ...(volumes.length > 0 ? { volumes } : {}),
              ...(imagePullSecrets.length > 0 ? { imagePullSecrets } : {}),
            },
          },
        },
      },
      {
        parent: this,
        ...withProvider,
        ...(jobDeps.length > 0 ? { dependsOn: jobDeps } : {}),
        // The name is fixed, so a replacement must delete the old Job first.
        deleteBeforeReplace: true,
        ...(wait ? { customTimeouts: { create: timeout, update: timeout } } : {}),
      },
    );

    this.namespace = namespace ? namespace.metadata.name : pulumi.output(ns);
    this.jobName = job.metadata.name;
    this.registerOutputs({ namespace: this.namespace, jobName: this.jobName });
  }
}

/** The component for a decoded stack input, named after its metadata.name. */
export function fromStackInput(
  stackInput: KubernetesJobStackInput,
  opts?: pulumi.ComponentResourceOptions,
): KubernetesJob {
  return new KubernetesJob(stackInput.target?.metadata?.name || "kubernetes-job", stackInput, opts);
}

/** The component's outputs under the names of KubernetesJobStackOutputs. */
export function stackOutputs(job: KubernetesJob): KubernetesJobOutputs {
  return { namespace: job.namespace, job_name: job.jobName };
}
