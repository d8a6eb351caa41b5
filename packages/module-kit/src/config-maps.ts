// spec.configMaps of a workload → one ConfigMap per entry, named like its key,
// holding the value under that key.
import { compact } from "@planton/sdk";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

export interface ConfigMapsArgs {
  /** Prefix of the Pulumi names: `<resourceName>-configmap-<key>`. */
  resourceName: string;
  namespace: string;
  labels: Record<string, string>;
  configMaps: { [key: string]: string };
}

/** The ConfigMaps, sorted by key. */
export function createConfigMaps(args: ConfigMapsArgs, opts: pulumi.CustomResourceOptions): k8s.core.v1.ConfigMap[] {
  return Object.keys(args.configMaps)
    .sort()
    .map(
      (key) =>
        new k8s.core.v1.ConfigMap(
          `${args.resourceName}-configmap-${key}`,
          {
            metadata: compact({ name: key, namespace: args.namespace, labels: args.labels }),
            data: { [key]: args.configMaps[key] ?? "" },
          },
          opts,
        ),
    );
}
