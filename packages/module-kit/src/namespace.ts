// The namespace a module deploys to, and the Namespace object it creates when
// the spec asks for one.

import type { StringValueOrRef } from "@planton/gen/org/project_planton/shared/string_value_or_ref_pb.js";
import { compact, PlantonError } from "@planton/sdk";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The orchestrator's `kubernetesNamespace` when set, else the literal
 * `spec.namespace.value` (or `spec.namespace` itself where the kind's namespace is
 * a plain string, as AltinityOperatorKubernetes' is upstream). References are
 * resolved before a module runs, so a `valueFrom` here is an error.
 */
export function resolveNamespace(
  kubernetesNamespace: string,
  specNamespace: StringValueOrRef | string | undefined,
): string {
  if (kubernetesNamespace !== "") return kubernetesNamespace;
  if (typeof specNamespace === "string" && specNamespace !== "") return specNamespace;
  const ns = typeof specNamespace === "string" ? undefined : specNamespace?.literalOrRef;
  if (ns?.case === "value" && ns.value !== "") return ns.value;
  if (ns?.case === "valueFrom") {
    throw new PlantonError(
      "ERR_PLANTON_UNRESOLVED_REFERENCE",
      `spec.namespace is an unresolved reference to ${ns.value.name}`,
      {
        hint: "resolve references before deploying (planton resolves them with --refs DIR)",
      },
    );
  }
  throw new PlantonError(
    "ERR_PLANTON_INVALID_MANIFEST",
    "no namespace: set spec.namespace.value or the stack input's kubernetesNamespace",
  );
}

export interface NamespaceArgs {
  /** Pulumi name of the Namespace resource. */
  resourceName: string;
  namespace: string;
  labels: Record<string, string>;
  parent: pulumi.Resource;
  provider: k8s.Provider | undefined;
}

/** A Namespace child of `parent` (created only when the spec's createNamespace is true). */
export function createNamespace(args: NamespaceArgs): k8s.core.v1.Namespace {
  return new k8s.core.v1.Namespace(
    args.resourceName,
    { metadata: { name: args.namespace, labels: args.labels } },
    compact({ parent: args.parent, provider: args.provider }),
  );
}
