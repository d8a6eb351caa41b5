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
  isFieldSet,
  type Message,
  ScalarType,
} from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
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
  return fillDefaults(schema, clone(schema, message) as T);
}

/**
 * Applies every schema default to the unset fields of `message` itself (no copy):
 * for a message the caller owns, such as one just decoded.
 */
export function fillDefaults<T extends Message>(schema: DescMessage, message: T): T {
  const plan = planOf(schema);
  if (plan.length > 0) fill(plan, message as unknown as Record<string, unknown>);
  return message;
}

/** What defaulting does to one field of a message type; read from the options once per type. */
type Step =
  /** Unset: set the value (a scalar, enum number or bigint: immutable). */
  | { k: "value"; field: DescField; value: unknown; then?: undefined }
  /** Unset: set a new message from `make`; then fill it (and fill it when set). */
  | { k: "message"; field: DescField; make: (() => Message) | undefined; then: Step[] }
  /** Set: fill each message item or value. */
  | { k: "each"; field: DescField; then: Step[] };

const plans = new Map<string, Step[]>();

/** The steps for a message type (empty when nothing below it has a default). */
function planOf(desc: DescMessage): Step[] {
  let plan = plans.get(desc.typeName);
  if (plan !== undefined) return plan;
  plan = [];
  // Registered before the fields are planned, so a recursive type ends.
  plans.set(desc.typeName, plan);
  for (const field of desc.fields) {
    const step = stepOf(field);
    if (step) plan.push(step);
  }
  return plan;
}

function stepOf(field: DescField): Step | undefined {
  switch (field.fieldKind) {
    case "message": {
      const then = planOf(field.message);
      let make: (() => Message) | undefined;
      if (field.oneof === undefined) {
        if (hasOption(field, default_container_resources)) {
          const value = getOption(field, default_container_resources) as Message;
          make = () => clone(field.message, value);
        } else {
          const text = fieldDefaultText(field);
          if (text !== undefined) {
            // A scalar default on a message field (StringValueOrRef) sets its `value`.
            const valueField = field.message.fields.find((f) => f.name === "value" && f.fieldKind === "scalar");
            if (!valueField)
              throw new Error(
                `${field.parent.typeName}.${field.name}: a text default needs a message with a "value" field`,
              );
            const value = parseScalar({ name: valueField.name, scalar: valueField.scalar as ScalarType }, text);
            make = () => {
              const m = reflect(field.message, create(field.message));
              m.set(valueField, value);
              return m.message;
            };
          } else if (hasDefaultsBelow(field.message) && !isRequired(field)) {
            // A required message the manifest leaves out stays unset, so that validation
            // reports it ("spec: is required") instead of the fields defaults cannot fill.
            make = () => create(field.message);
          }
        }
      }
      if (make === undefined && then.length === 0) return undefined;
      return { k: "message", field, make, then };
    }
    case "list":
    case "map": {
      const kind = field.fieldKind === "list" ? field.listKind : field.mapKind;
      if (kind !== "message") return undefined;
      const then = planOf(field.message as DescMessage);
      return then.length === 0 ? undefined : { k: "each", field, then };
    }
    default: {
      if (field.oneof !== undefined) return undefined;
      const text = fieldDefaultText(field);
      if (text === undefined) return undefined;
      if (field.fieldKind === "enum") {
        const v = field.enum.values.find((x) => x.name === text);
        if (!v)
          throw new Error(
            `${field.parent.typeName}.${field.name}: default "${text}" is not a value of ${field.enum.typeName}`,
          );
        return { k: "value", field, value: v.number };
      }
      return { k: "value", field, value: parseScalar({ name: field.name, scalar: field.scalar }, text) };
    }
  }
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

type Obj = Record<string, unknown>;

function fill(plan: Step[], m: Obj): void {
  for (const step of plan) {
    const field = step.field;
    if (step.k === "value") {
      if (!isFieldSet(m as unknown as Message, field)) m[field.localName] = step.value;
      continue;
    }
    if (step.k === "each") {
      const v = m[field.localName];
      if (field.fieldKind === "list") for (const item of v as Obj[]) fill(step.then, item);
      else for (const key in v as Obj) fill(step.then, (v as Record<string, Obj>)[key] as Obj);
      continue;
    }
    let value: Obj | undefined;
    if (field.oneof !== undefined) {
      const o = m[field.oneof.localName] as { case: string | undefined; value?: unknown };
      if (o.case === field.localName) value = o.value as Obj;
    } else {
      value = m[field.localName] as Obj | undefined;
      if (value === undefined && step.make !== undefined) {
        value = step.make() as unknown as Obj;
        m[field.localName] = value;
      }
    }
    if (value !== undefined && step.then.length > 0) fill(step.then, value);
  }
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
