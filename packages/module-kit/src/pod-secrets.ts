// The Secrets a workload's pod uses: `<name>-env-secrets` for the literal secret
// env values (the pod reads them through secretKeyRefs, so no literal value is
// in the workload spec) and `<name>-image-pull-secret` from the stack input's
// dockerConfigJson.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { createConfigMaps } from "./config-maps.js";
import { buildContainerEnv, type EnvSpec, envSecretName } from "./env.js";
import { createImagePullSecret, createOpaqueSecret, imagePullSecretName } from "./secrets.js";

export interface PodSecretsArgs {
  /** Prefix of the Pulumi names: `<resourceName>-env-secrets`, `<resourceName>-image-pull-secret`. */
  resourceName: string;
  /** The workload's Kubernetes name (metadata.name), prefix of the Secrets' names. */
  workloadName: string;
  namespace: string;
  labels: Record<string, string>;
  env: EnvSpec | undefined;
  /** The stack input's docker config; "" for none. */
  dockerConfigJson: string;
  /** spec.image.pullSecretName: an existing pull Secret, used when there is no docker config. */
  pullSecretName: string;
}

export interface PodSecrets {
  /** The container's env, literal secrets as secretKeyRefs. */
  env: k8s.types.input.core.v1.EnvVar[];
  /** The pod's imagePullSecrets. */
  imagePullSecrets: { name: string }[];
  /** The Secrets created (the workload depends on them). */
  secrets: k8s.core.v1.Secret[];
}

/** Creates the env Secret (when there are literal secrets) and the image pull Secret (when there is a docker config). */
export function createPodSecrets(args: PodSecretsArgs, opts: pulumi.CustomResourceOptions): PodSecrets {
  const { namespace, labels } = args;
  const secrets: k8s.core.v1.Secret[] = [];
  const envSecret = envSecretName(args.workloadName);
  const { env, secretData } = buildContainerEnv(args.env, envSecret);
  if (Object.keys(secretData).length > 0) {
    secrets.push(
      createOpaqueSecret(
        { resourceName: `${args.resourceName}-env-secrets`, name: envSecret, namespace, labels },
        secretData,
        opts,
      ),
    );
  }
  let imagePullSecrets: { name: string }[] = [];
  if (args.dockerConfigJson !== "") {
    const pullSecret = imagePullSecretName(args.workloadName);
    secrets.push(
      createImagePullSecret(
        { resourceName: `${args.resourceName}-image-pull-secret`, name: pullSecret, namespace, labels },
        args.dockerConfigJson,
        opts,
      ),
    );
    imagePullSecrets = [{ name: pullSecret }];
  } else if (args.pullSecretName !== "") {
    imagePullSecrets = [{ name: args.pullSecretName }];
  }
  return { env, imagePullSecrets, secrets };
}

/** What a batch workload's spec says of its pod's Secrets and ConfigMaps (KubernetesJob, KubernetesCronJob). */
export interface PodSpecSource {
  env?: EnvSpec | undefined;
  image: { pullSecretName: string };
  configMaps: { [key: string]: string };
}

export interface PodResourcesArgs {
  /** Prefix of the Pulumi names. */
  resourceName: string;
  /** The workload's Kubernetes name (metadata.name). */
  workloadName: string;
  namespace: string;
  labels: Record<string, string>;
  spec: PodSpecSource;
  /** The stack input's docker config; "" for none. */
  dockerConfigJson: string;
}

/**
 * The env Secret, the image pull Secret and the ConfigMaps of a workload's pod,
 * in that order; `dependsOn` lists them for the workload itself.
 */
export function createPodResources(
  args: PodResourcesArgs,
  opts: pulumi.CustomResourceOptions,
): Omit<PodSecrets, "secrets"> & { dependsOn: pulumi.Resource[] } {
  const { resourceName, namespace, labels, spec } = args;
  const { env, imagePullSecrets, secrets } = createPodSecrets(
    {
      resourceName,
      workloadName: args.workloadName,
      namespace,
      labels,
      env: spec.env,
      dockerConfigJson: args.dockerConfigJson,
      pullSecretName: spec.image.pullSecretName,
    },
    opts,
  );
  const configMaps = createConfigMaps({ resourceName, namespace, labels, configMaps: spec.configMaps }, opts);
  return { env, imagePullSecrets, dependsOn: [...secrets, ...configMaps] };
}
