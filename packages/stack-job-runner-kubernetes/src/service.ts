// The runner's ClusterIP Service, on the container's named port.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { PORT_NAME } from "./deployment.js";

export interface ServiceArgs {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  port: number;
}

export function createService(
  resourceName: string,
  args: ServiceArgs,
  opts: pulumi.CustomResourceOptions,
): k8s.core.v1.Service {
  return new k8s.core.v1.Service(
    resourceName,
    {
      metadata: { name: args.name, namespace: args.namespace, labels: args.labels },
      spec: {
        type: "ClusterIP",
        selector: args.selector,
        ports: [{ name: PORT_NAME, port: args.port, targetPort: PORT_NAME, protocol: "TCP" }],
      },
    },
    opts,
  );
}
