// Where the operator's Helm chart comes from: a chart repository (https or
// OCI) and a version, or a local chart directory or archive.

import type { AltinityOperatorKubernetesChart } from "@planton/gen/org/project_planton/provider/kubernetes/altinityoperatorkubernetes/v1/spec_pb.js";
import type * as k8s from "@pulumi/kubernetes";

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
