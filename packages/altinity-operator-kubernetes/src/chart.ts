// The operator's Helm release, and where its chart comes from: a chart
// repository (https or OCI) and a version, or a local chart directory or archive.

import type { AltinityOperatorKubernetesChart } from "@planton/gen/org/project_planton/provider/kubernetes/altinityoperatorkubernetes/v1/spec_pb.js";
import type { ContainerResources } from "@planton/gen/org/project_planton/provider/kubernetes/container_pb.js";
import { containerResources } from "@planton/module-kit";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** The chart installed when the spec says nothing else. */
export const DEFAULT_CHART = {
  name: "altinity-clickhouse-operator",
  repository: "https://docs.altinity.com/clickhouse-operator/",
  version: "0.23.6",
} as const;

export type ChartSource = Pick<k8s.helm.v3.ReleaseArgs, "chart" | "version" | "repositoryOpts">;

/**
 * `path` → the local chart as is (no repository, no version); an `oci://`
 * repository → `oci://.../altinity-clickhouse-operator` with the version;
 * otherwise the chart name with the version and the repository URL, each
 * defaulting to DEFAULT_CHART.
 */
export function chartSource(chart: AltinityOperatorKubernetesChart | undefined): ChartSource {
  if (chart && chart.path !== "") return { chart: chart.path };
  const repository = chart?.repository || DEFAULT_CHART.repository;
  const version = chart?.version || DEFAULT_CHART.version;
  if (repository.startsWith("oci://"))
    return { chart: `${repository.replace(/\/+$/, "")}/${DEFAULT_CHART.name}`, version };
  return { chart: DEFAULT_CHART.name, version, repositoryOpts: { repo: repository } };
}

/** Seconds Helm waits for the release's resources; an atomic release is rolled back after it. */
export const RELEASE_TIMEOUT_SECONDS = 300;

export interface ReleaseArgs {
  /** The Helm release's name: the manifest's metadata.name. */
  name: string;
  namespace: string;
  chart: AltinityOperatorKubernetesChart | undefined;
  /** The operator container's resources. */
  resources: ContainerResources | undefined;
}

/**
 * The release: atomic, cleaned up on failure, RELEASE_TIMEOUT_SECONDS timeout,
 * with the chart's CRDs and the operator's resources from the spec.
 */
export function createRelease(
  resourceName: string,
  args: ReleaseArgs,
  opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
  return new k8s.helm.v3.Release(
    resourceName,
    {
      name: args.name,
      namespace: args.namespace,
      ...chartSource(args.chart),
      atomic: true,
      cleanupOnFail: true,
      timeout: RELEASE_TIMEOUT_SECONDS,
      // The module owns the namespace (or it exists already).
      createNamespace: false,
      // The chart's crds/ directory holds the ClickHouse CRDs; Helm installs it first.
      skipCrds: false,
      values: { operator: { resources: containerResources(args.resources) } },
    },
    opts,
  );
}
