// The runner's Deployment: one container listening on the port, probed by TCP
// checks (the runner is only required to listen on it).
import type {
  ContainerImage,
  ContainerResources,
} from "@planton/gen/org/project_planton/provider/kubernetes/container_pb.js";
import { containerResources, imageReference } from "@planton/module-kit";
import { compact } from "@planton/sdk";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** Name of the container port, used by the Service and the probes. */
export const PORT_NAME = "http";

export interface DeploymentArgs {
  /** Name of the Deployment, its container and its ServiceAccount: the manifest's metadata.name. */
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** The pods' labels that select them (stable for the life of the resource). */
  selector: Record<string, string>;
  image: ContainerImage;
  port: number;
  replicas: number;
  env: k8s.types.input.core.v1.EnvVar[];
  resources: ContainerResources | undefined;
}

function probe(initialDelaySeconds: number): k8s.types.input.core.v1.Probe {
  return {
    tcpSocket: { port: PORT_NAME },
    initialDelaySeconds,
    periodSeconds: 10,
    timeoutSeconds: 5,
    failureThreshold: 3,
  };
}

export function createDeployment(
  resourceName: string,
  args: DeploymentArgs,
  opts: pulumi.CustomResourceOptions,
): k8s.apps.v1.Deployment {
  return new k8s.apps.v1.Deployment(
    resourceName,
    {
      metadata: { name: args.name, namespace: args.namespace, labels: args.labels },
      spec: {
        replicas: args.replicas,
        selector: { matchLabels: args.selector },
        template: {
          metadata: { labels: args.labels },
          spec: compact({
            serviceAccountName: args.name,
            containers: [
              compact({
                name: args.name,
                image: imageReference(args.image),
                ports: [{ name: PORT_NAME, containerPort: args.port, protocol: "TCP" }],
                env: args.env.length > 0 ? args.env : undefined,
                resources: containerResources(args.resources),
                livenessProbe: probe(15),
                readinessProbe: probe(5),
              }),
            ],
            imagePullSecrets: args.image.pullSecretName !== "" ? [{ name: args.image.pullSecretName }] : undefined,
          }),
        },
      },
    },
    opts,
  );
}
