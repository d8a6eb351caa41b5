// Schema defaults: `(org.project_planton.shared.options.default)` on scalar, enum
// and StringValueOrRef fields, `(org.project_planton.provider.kubernetes.
// default_container_resources)` on ContainerResources fields. Applied to unset
// fields only: an explicit `backoffLimit: 0` (explicit presence) stays 0.
import {
  clone,
  create,
  type DescField,
  type DescMessage,
  getOption,
  hasOption,
  type Message,
  ScalarType,
} from "@bufbuild/protobuf";
import { type ReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import { field as validateField } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { default_container_resources } from "@planton/gen/org/project_planton/provider/kubernetes/options_pb.js";
import { default$ } from "@planton/gen/org/project_planton/shared/options/options_pb.js";

/** The default a field declares, as written in the schema (text), if any. */
export function fieldDefaultText(field: DescField): string | undefined {
  return hasOption(field, default$) ? getOption(field, default$) : undefined;
}

/** True when `field` declares a default of its own. */
export function hasFieldDefault(field: DescField): boolean {
  return hasOption(field, default$) || hasOption(field, default_container_resources);
}

/** Returns a copy of `message` with every schema default applied to its unset fields. */
export function applyDefaults<T extends Message>(schema: DescMessage, message: T): T {
  const copy = clone(schema, message) as T;
  fill(reflect(schema, copy));
  return copy;
}

const subtreeCache = new Map<string, boolean>();

/** Whether a message type has defaults anywhere below it (so an unset field of that type gets created). */
function hasDefaultsBelow(desc: DescMessage, seen = new Set<string>()): boolean {
  const cached = subtreeCache.get(desc.typeName);
  if (cached !== undefined) return cached;
  if (seen.has(desc.typeName)) return false;
  seen.add(desc.typeName);
  const result = desc.fields.some(
    (f) =>
      hasFieldDefault(f) || (f.fieldKind === "message" && f.oneof === undefined && hasDefaultsBelow(f.message, seen)),
  );
  subtreeCache.set(desc.typeName, result);
  return result;
}

function fill(r: ReflectMessage): void {
  for (const field of r.fields) {
    if (!r.isSet(field)) {
      setDefault(r, field);
    }
    if (!r.isSet(field)) continue;
    switch (field.fieldKind) {
      case "message":
        fill(r.get(field));
        break;
      case "list":
        if (field.listKind === "message") for (const item of r.get(field)) fill(item as ReflectMessage);
        break;
      case "map":
        if (field.mapKind === "message") for (const [, v] of r.get(field)) fill(v as ReflectMessage);
        break;
      default:
        break;
    }
  }
}

function setDefault(r: ReflectMessage, field: DescField): void {
  if (field.oneof !== undefined) return;
  if (field.fieldKind === "message") {
    if (hasOption(field, default_container_resources)) {
      const value = getOption(field, default_container_resources);
      r.set(field, reflect(field.message, clone(field.message, value as Message)));
      return;
    }
    const text = fieldDefaultText(field);
    if (text !== undefined) {
      // A scalar default on a message field (StringValueOrRef) sets its `value`.
      const valueField = field.message.fields.find((f) => f.name === "value" && f.fieldKind === "scalar");
      if (!valueField)
        throw new Error(`${field.parent.typeName}.${field.name}: a text default needs a message with a "value" field`);
      const m = reflect(field.message, create(field.message));
      m.set(valueField, parseScalar({ name: valueField.name, scalar: valueField.scalar as ScalarType }, text));
      r.set(field, m);
      return;
    }
    // A required message the manifest leaves out stays unset, so that validation
    // reports it ("spec: is required") instead of the fields defaults cannot fill.
    if (hasDefaultsBelow(field.message) && !isRequired(field))
      r.set(field, reflect(field.message, create(field.message)));
    return;
  }
  const text = fieldDefaultText(field);
  if (text === undefined) return;
  if (field.fieldKind === "enum") {
    const v = field.enum.values.find((x) => x.name === text);
    if (!v)
      throw new Error(
        `${field.parent.typeName}.${field.name}: default "${text}" is not a value of ${field.enum.typeName}`,
      );
    r.set(field, v.number);
    return;
  }
  if (field.fieldKind === "scalar") r.set(field, parseScalar({ name: field.name, scalar: field.scalar }, text));
}

function isRequired(field: DescField): boolean {
  return hasOption(field, validateField) && getOption(field, validateField).required;
}

function parseScalar(field: { name: string; scalar: ScalarType }, text: string): string | number | boolean | bigint {
  switch (field.scalar) {
    case ScalarType.STRING:
      return text;
    case ScalarType.BOOL:
      if (text !== "true" && text !== "false") throw new Error(`${field.name}: default "${text}" is not a bool`);
      return text === "true";
    case ScalarType.FLOAT:
    case ScalarType.DOUBLE:
      return Number(text);
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return BigInt(text);
    case ScalarType.BYTES:
      throw new Error(`${field.name}: bytes defaults are not supported`);
    default: {
      const n = Number(text);
      if (!Number.isInteger(n)) throw new Error(`${field.name}: default "${text}" is not an integer`);
      return n;
    }
  }
}
