// Secrets a module creates from sensitive stack input values. Their contents go
// in as Pulumi secrets, so they are encrypted in the state and never printed.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export interface SecretArgs {
  /** Pulumi name of the Secret resource. */
  resourceName: string;
  /** Kubernetes name of the Secret. */
  name: string;
  namespace: string;
  labels: Record<string, string>;
}

/** An Opaque Secret whose stringData (all of it) is a Pulumi secret. */
export function createOpaqueSecret(
  args: SecretArgs,
  data: Record<string, string>,
  opts: pulumi.CustomResourceOptions,
): k8s.core.v1.Secret {
  return new k8s.core.v1.Secret(
    args.resourceName,
    {
      metadata: { name: args.name, namespace: args.namespace, labels: args.labels },
      type: "Opaque",
      stringData: pulumi.secret(data),
    },
    opts,
  );
}

/** `<name>-image-pull-secret`: the image pull Secret made from a stack input's docker config. */
export function imagePullSecretName(resourceName: string): string {
  return `${resourceName}-image-pull-secret`;
}

/** A kubernetes.io/dockerconfigjson Secret holding `dockerConfigJson` as a Pulumi secret. */
export function createImagePullSecret(
  args: SecretArgs,
  dockerConfigJson: string,
  opts: pulumi.CustomResourceOptions,
): k8s.core.v1.Secret {
  return new k8s.core.v1.Secret(
    args.resourceName,
    {
      metadata: { name: args.name, namespace: args.namespace, labels: args.labels },
      type: "kubernetes.io/dockerconfigjson",
      stringData: pulumi.secret({ ".dockerconfigjson": dockerConfigJson }),
    },
    opts,
  );
}
