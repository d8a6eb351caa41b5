// The labels every Kubernetes object (and pod template) of a Planton module
// carries: the manifest's own metadata.labels plus Planton's identity labels.
import type { CloudResourceMetadata } from "@planton/gen/org/project_planton/shared/metadata_pb.js";

/** Prefix of the labels Planton sets itself; manifests cannot use it (schema rule). */
export const PLANTON_LABEL_PREFIX = "project-planton.org/";

/**
 * `metadata.labels` merged with `project-planton.org/resource: "true"`,
 * `.../resource-name`, `.../resource-kind` and, when set in the manifest,
 * `.../resource-id`, `.../organization` and `.../environment`.
 */
export function resourceLabels(metadata: CloudResourceMetadata | undefined, kind: string): Record<string, string> {
  const labels: Record<string, string> = { ...(metadata?.labels ?? {}) };
  labels[`${PLANTON_LABEL_PREFIX}resource`] = "true";
  labels[`${PLANTON_LABEL_PREFIX}resource-name`] = metadata?.name ?? "";
  labels[`${PLANTON_LABEL_PREFIX}resource-kind`] = kind;
  if (metadata?.id) labels[`${PLANTON_LABEL_PREFIX}resource-id`] = metadata.id;
  if (metadata?.org) labels[`${PLANTON_LABEL_PREFIX}organization`] = metadata.org;
  if (metadata?.env) labels[`${PLANTON_LABEL_PREFIX}environment`] = metadata.env;
  return labels;
}

/**
 * The subset of the labels that identifies a workload's pods: stable for the
 * life of the resource, so it can be a Deployment's (immutable) selector.
 */
export function selectorLabels(metadata: CloudResourceMetadata | undefined, kind: string): Record<string, string> {
  return {
    [`${PLANTON_LABEL_PREFIX}resource-kind`]: kind,
    [`${PLANTON_LABEL_PREFIX}resource-name`]: metadata?.name ?? "",
  };
}
