// Environment variables of a container from a spec's `env`: plain variables,
// secrets given literally (moved into a Secret the module creates, so no literal
// value is ever in the workload spec) and references to existing Secrets.

import type { KubernetesSensitiveValue } from "@planton/gen/org/project_planton/provider/kubernetes/secret_pb.js";
import type { StringValueOrRef } from "@planton/gen/org/project_planton/shared/string_value_or_ref_pb.js";
import { PlantonError } from "@planton/sdk";
import type * as k8s from "@pulumi/kubernetes";

/** The `env` message of a workload spec (KubernetesJobContainerAppEnv and the like). */
export interface EnvSpec {
  variables: { [name: string]: StringValueOrRef };
  secrets: { [name: string]: KubernetesSensitiveValue };
}

/** `<name>-env-secrets`: the Secret holding a workload's literal secret values. */
export function envSecretName(resourceName: string): string {
  return `${resourceName}-env-secrets`;
}

export interface ContainerEnv {
  /** The container's env, variables first, each group sorted by name. */
  env: k8s.types.input.core.v1.EnvVar[];
  /** Literal secret values by env var name, for the `<name>-env-secrets` Secret; empty when there are none. */
  secretData: Record<string, string>;
}

/** Builds the container env; literal secrets become secretKeyRefs into `secretName`. */
export function buildContainerEnv(spec: EnvSpec | undefined, secretName: string): ContainerEnv {
  const env: k8s.types.input.core.v1.EnvVar[] = [];
  // No prototype: an env variable named `__proto__` is a key like any other.
  const secretData = Object.create(null) as Record<string, string>;
  if (!spec) return { env, secretData };
  for (const name of Object.keys(spec.variables).sort()) {
    const v = spec.variables[name]?.literalOrRef;
    if (v?.case === "valueFrom") {
      throw new PlantonError(
        "ERR_PLANTON_UNRESOLVED_REFERENCE",
        `env variable ${name} is an unresolved reference to ${v.value.name}`,
        {
          hint: "resolve references before deploying (planton resolves them with --refs DIR)",
        },
      );
    }
    env.push({ name, value: v?.case === "value" ? v.value : "" });
  }
  for (const name of Object.keys(spec.secrets).sort()) {
    const s = spec.secrets[name]?.sensitiveValue;
    if (s?.case === "value") {
      secretData[name] = s.value;
      env.push({ name, valueFrom: { secretKeyRef: { name: secretName, key: name } } });
    } else if (s?.case === "secretRef") {
      env.push({ name, valueFrom: { secretKeyRef: { name: s.value.name, key: s.value.key } } });
    }
  }
  return { env, secretData };
}
