// Sensitive values (fields marked `(org.project_planton.shared.options.sensitive)`)
// never leave a tool in clear: printing code redacts a copy, and modules use the
// collected values to mark Pulumi secrets. Redaction is by position (the fields
// that hold secrets), never by searching text: a secret "batch" must not turn
// `apiVersion: batch/v1` into `<redacted>/v1`.
import {
  clone,
  type DescField,
  type DescMessage,
  getOption,
  hasOption,
  type Message,
  ScalarType,
} from "@bufbuild/protobuf";
import { type ReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import { KubernetesProviderConfigSchema } from "@planton/gen/org/project_planton/provider/kubernetes/provider_config_pb.js";
import { sensitive } from "@planton/gen/org/project_planton/shared/options/options_pb.js";
import { joinField } from "./field-path.js";
import { isKubeconfigContent } from "./kubeconfig.js";
import { walkMessages } from "./walk.js";

/** What a redacted value reads as. */
export const REDACTED = "<redacted>";

export function isSensitive(field: DescField): boolean {
  return hasOption(field, sensitive) && getOption(field, sensitive);
}

export interface SensitiveValue {
  path: string;
  value: string;
}

/** Every non-empty sensitive string in `message`, with its path. */
export function sensitiveValues(schema: DescMessage, message: Message, basePath = ""): SensitiveValue[] {
  const out: SensitiveValue[] = [];
  walk(reflect(schema, message), basePath, (r, field, path) => {
    const v = r.get(field);
    if (typeof v === "string" && v !== "") out.push({ path, value: v });
  });
  return out;
}

/** A copy of `message` with every non-empty sensitive string replaced by REDACTED. */
export function redact<T extends Message>(schema: DescMessage, message: T): T {
  const copy = clone(schema, message) as T;
  walk(reflect(schema, copy), "", (r, field) => {
    const v = r.get(field);
    if (typeof v === "string" && v !== "") r.set(field, REDACTED);
  });
  return copy;
}

/**
 * Whether `field` of `m` holds a secret: a sensitive field, or a kubeconfig path
 * that holds kubeconfig content (a credential written where a path belongs).
 */
function holdsSecret(m: ReflectMessage, field: DescField): boolean {
  if (isSensitive(field)) return true;
  if (field.name !== "kubeconfig_path" || m.desc.typeName !== KubernetesProviderConfigSchema.typeName) return false;
  const v = m.get(field);
  return typeof v === "string" && isKubeconfigContent(v);
}

function walk(
  r: ReflectMessage,
  path: string,
  onSensitive: (r: ReflectMessage, field: DescField, path: string) => void,
): void {
  walkMessages(r, path, (m, p) => {
    for (const field of m.fields) {
      if (m.isSet(field) && field.fieldKind === "scalar" && field.scalar === ScalarType.STRING && holdsSecret(m, field))
        onSensitive(m, field, joinField(p, field.jsonName));
    }
    return undefined;
  });
}
