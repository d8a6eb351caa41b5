// Turns a parsed YAML/JSON node into the ProtoJSON of a message, checking it
// against the schema as it goes so that every problem has a field path and a
// position: unknown fields (with a suggestion), wrong types, out-of-range
// numbers, unknown enum values and oneofs set twice. What passes is handed to
// protobuf-es' fromJson, so the final message is exactly what ProtoJSON means.
import {
  type DescEnum,
  type DescField,
  type DescMessage,
  fromJson,
  type JsonValue,
  type Message,
  ScalarType,
} from "@bufbuild/protobuf";
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from "yaml";
import { joinField, joinIndex, joinKey } from "./field-path.js";
import { type Problem, problem } from "./problem.js";
import { isSensitive } from "./redact.js";
import { schemaRegistry } from "./schemas.js";
import {
  describeNode,
  MAX_DEPTH,
  MAX_ENTRIES,
  MAX_EXPANDED_BYTES,
  MAX_NODES,
  nodePosition,
  type ParsedSource,
  resolveNode,
  SourceMap,
  truncate,
} from "./source.js";
import { didYouMean } from "./suggest.js";
import { quotedBoolHint, yaml11Bool, yaml11Integer } from "./yaml11.js";

/**
 * Messages a plain scalar may stand for, as Kubernetes' IntOrString does: a
 * string where a StringValueOrRef is expected is shorthand for `{value: ...}`
 * (upstream Project Planton writes some of these fields as plain strings).
 */
const SCALAR_SHORTHAND = new Set(["org.project_planton.shared.StringValueOrRef"]);

/**
 * String fields that were a StringValueOrRef before the schema took upstream's
 * shapes (issue 10): Planton's former `{value: x}` still reads as `x`.
 */
const FORMER_VALUE_OR_REF = new Set([
  "org.project_planton.provider.kubernetes.altinityoperatorkubernetes.v1.AltinityOperatorKubernetesSpec.namespace",
]);

/** The key naming a document's JSON Schema (`"$schema": "…/planton.schema.json"`), ignored at the root. */
export const SCHEMA_KEY = "$schema";

/** Fields renamed when the schema took upstream's shapes (issue 10): the old name → the new one. */
const RENAMED: Record<string, string> = {
  "org.project_planton.provider.kubernetes.SecretVolumeSource.secretName": "name",
  "org.project_planton.provider.kubernetes.KubernetesProviderConfig.gke": "gcpGke",
  "org.project_planton.provider.kubernetes.KubernetesProviderConfig.eks": "awsEks",
  "org.project_planton.provider.kubernetes.KubernetesProviderConfig.aks": "azureAks",
};

export interface DecodeResult<T extends Message = Message> {
  message: T | undefined;
  problems: Problem[];
  sourceMap: SourceMap;
}

/** Decodes the root node of `source` as a `schema` message; `basePath` prefixes every path. */
export function decodeNode<T extends Message>(
  schema: DescMessage,
  source: ParsedSource,
  node: Node | null,
  basePath = "",
  sourceMap: SourceMap = new SourceMap(source.file),
): DecodeResult<T> {
  const d = new Decoder(source, sourceMap);
  const json = d.message(schema, node, basePath, 0);
  if (d.problems.length > 0 || json === undefined) return { message: undefined, problems: d.problems, sourceMap };
  try {
    const message = fromJson(schema, json, { registry: schemaRegistry() }) as T;
    return { message, problems: [], sourceMap };
  } catch {
    // The checks above mirror fromJson; reaching here means they missed a case.
    // fromJson's message quotes the value, which may be a secret: say less.
    const at = nodePosition(source, node);
    return {
      message: undefined,
      problems: [problem(basePath, "cannot decode: a value does not fit the schema", "decode", at, source.file)],
      sourceMap,
    };
  }
}

const INT32 = { min: -2147483648n, max: 2147483647n };
const UINT32 = { min: 0n, max: 4294967295n };
const INT64 = { min: -9223372036854775808n, max: 9223372036854775807n };
const UINT64 = { min: 0n, max: 18446744073709551615n };

function intRange(t: ScalarType): { min: bigint; max: bigint; name: string } | undefined {
  switch (t) {
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return { ...INT32, name: "a 32-bit integer" };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { ...UINT32, name: "an unsigned 32-bit integer" };
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return { ...INT64, name: "a 64-bit integer" };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { ...UINT64, name: "an unsigned 64-bit integer" };
    default:
      return undefined;
  }
}

/**
 * A fresh object for user keys (map entries, fields): without a prototype, so a
 * key named `__proto__` is an entry like any other instead of replacing the
 * object's prototype (and vanishing).
 */
function entries(): Record<string, JsonValue> {
  return Object.create(null) as Record<string, JsonValue>;
}

/** Whether values at `field` must not be quoted in messages: a sensitive field, or one with a sensitive field below it. */
function fieldHoldsSecret(field: DescField): boolean {
  return isSensitive(field) || (field.message !== undefined && holdsSecret(field.message));
}

class Decoder {
  readonly problems: Problem[] = [];
  private nodes = 0;
  private bytes = 0;
  private readonly source: ParsedSource;
  private readonly map: SourceMap;

  constructor(source: ParsedSource, map: SourceMap) {
    this.source = source;
    this.map = map;
  }

  private report(path: string, node: Node | null | undefined, message: string, rule: string): undefined {
    this.problems.push(
      problem(path, message, rule, nodePosition(this.source, node) ?? this.map.locate(path), this.source.file),
    );
    return undefined;
  }

  private tooMany(path: string, node: Node, count: number): undefined {
    return this.report(
      path,
      node,
      `holds ${count} entries; at most ${MAX_ENTRIES} are accepted in one list or mapping`,
      "source.too_many_entries",
    );
  }

  /** Reports a key seen before in the same mapping (YAML requires unique keys). */
  private duplicate(keys: Set<string>, key: string, path: string, keyNode: Node): boolean {
    if (!keys.has(key)) {
      keys.add(key);
      return false;
    }
    this.report(
      path,
      keyNode,
      `duplicate key "${truncate(key)}": a key may appear once in a mapping`,
      "yaml.duplicate_key",
    );
    return true;
  }

  private enter(path: string, raw: unknown, depth: number): Node | null | "stop" {
    this.nodes++;
    if (this.nodes > MAX_NODES) {
      if (this.nodes === MAX_NODES + 1) {
        this.report(
          path,
          null,
          `the document expands to more than ${MAX_NODES} values (aliases count each time they are used)`,
          "source.too_many_nodes",
        );
      }
      return "stop";
    }
    if (depth > MAX_DEPTH) {
      this.report(path, raw as Node, `nested more than ${MAX_DEPTH} levels deep`, "source.too_deep");
      return "stop";
    }
    const node = resolveNode(this.source, raw);
    if (isScalar(node)) {
      this.bytes += typeof node.source === "string" ? node.source.length : String(node.value).length;
      if (this.bytes > MAX_EXPANDED_BYTES) {
        if (this.nodes <= MAX_NODES) {
          this.report(
            path,
            raw as Node,
            `the document expands to more than ${MAX_EXPANDED_BYTES / 1024 / 1024} MiB of text (aliases count each time they are used)`,
            "source.too_large_expanded",
          );
        }
        this.nodes = MAX_NODES + 2; // Stop decoding: every later enter() returns "stop".
        return "stop";
      }
    }
    const at = nodePosition(this.source, (raw as Node | null) ?? node);
    if (at) this.map.setValue(path, at);
    return node;
  }

  message(desc: DescMessage, raw: unknown, path: string, depth: number, element = false): JsonValue | undefined {
    if (SCALAR_SHORTHAND.has(desc.typeName)) {
      const peek = resolveNode(this.source, raw);
      if (isScalar(peek) && peek.value !== null) {
        const value = this.scalar(ScalarType.STRING, raw, path, depth, false);
        return value === undefined ? undefined : { value };
      }
    }
    const node = this.enter(path, raw, depth);
    if (node === "stop") return undefined;
    if (node === null || (isScalar(node) && node.value === null)) return null;
    if (!isMap(node)) {
      return this.report(
        path,
        node,
        `expected a mapping (${desc.name}), got ${describeNode(node, !holdsSecret(desc))}`,
        "type.message",
      );
    }
    // A map value or list item that holds a secret value itself (`TOKEN: {value: …}`):
    // a bare secret written there as a flow mapping (`TOKEN: {s3cr3t}`) reads as keys.
    const secret = element && desc.fields.some(isSensitive);
    const out = entries();
    const oneofSeen = new Map<string, string>();
    const keys = new Set<string>();
    for (const pair of node.items as Pair<unknown, unknown>[]) {
      const keyNode = resolveNode(this.source, pair.key);
      if (!isScalar(keyNode) || typeof keyNode.value !== "string") {
        this.report(path, keyNode, `field names must be strings, got ${describeNode(keyNode)}`, "type.key");
        continue;
      }
      const name = keyNode.value;
      if (this.duplicate(keys, name, path, keyNode)) continue;
      if (path === "" && name === SCHEMA_KEY && isScalar(resolveNode(this.source, pair.value))) {
        // `$schema` names the document's JSON Schema for editors: not a field.
        const v = resolveNode(this.source, pair.value) as Scalar;
        if (typeof v.value === "string") continue;
      }
      const field = desc.fields.find((f) => f.jsonName === name || f.name === name);
      const fieldPath = joinField(path, field?.jsonName ?? name);
      const keyAt = nodePosition(this.source, keyNode);
      if (keyAt) this.map.setKey(fieldPath, keyAt);
      const renamed = field ? undefined : RENAMED[`${desc.typeName}.${name}`];
      if (renamed) {
        this.report(
          fieldPath,
          keyNode,
          `unknown field "${name}": it is "${renamed}" since Planton took upstream Project Planton's shape`,
          "unknown_field",
        );
        continue;
      }
      if (!field) {
        const names = desc.fields.map((f) => f.jsonName);
        const suggestion = didYouMean(name, names);
        // In a mapping that holds secrets, an unknown "field" may be a secret
        // written as a flow mapping (`TOKEN: {s3cr3t}`): named only when it is
        // a near miss of a real field name.
        const shown = secret && suggestion === "" ? "unknown field" : `unknown field "${truncate(name)}"`;
        this.report(
          secret && suggestion === "" ? path : fieldPath,
          keyNode,
          `${shown}${suggestion}${names.length <= 12 ? ` (${desc.name} has ${names.join(", ")})` : ""}`,
          "unknown_field",
        );
        continue;
      }
      if (field.oneof) {
        const valueNode = resolveNode(this.source, pair.value);
        const isNull = valueNode === null || (isScalar(valueNode) && valueNode.value === null);
        const previous = oneofSeen.get(field.oneof.name);
        if (previous !== undefined && !isNull) {
          const members = field.oneof.fields.map((f) => f.jsonName).join(", ");
          this.report(fieldPath, keyNode, `"${previous}" is already set: set only one of ${members}`, "oneof.multiple");
          continue;
        }
        if (!isNull) oneofSeen.set(field.oneof.name, field.jsonName);
      }
      const value = this.field(field, this.formerValueOrRef(field, pair.value), fieldPath, depth + 1);
      if (value !== undefined) out[field.jsonName] = value;
    }
    return out;
  }

  /** For a FORMER_VALUE_OR_REF field written `{value: x}`, the node of `x`; else `raw`. */
  private formerValueOrRef(field: DescField, raw: unknown): unknown {
    if (!FORMER_VALUE_OR_REF.has(`${field.parent.typeName}.${field.name}`)) return raw;
    const node = resolveNode(this.source, raw);
    if (!isMap(node) || node.items.length !== 1) return raw;
    const pair = node.items[0] as Pair<unknown, unknown>;
    const key = resolveNode(this.source, pair.key);
    const value = resolveNode(this.source, pair.value);
    return isScalar(key) && key.value === "value" && isScalar(value) && typeof value.value === "string"
      ? pair.value
      : raw;
  }

  field(field: DescField, raw: unknown, path: string, depth: number): JsonValue | undefined {
    switch (field.fieldKind) {
      case "message":
        return this.message(field.message, raw, path, depth);
      case "enum":
        return this.enumValue(field.enum, raw, path, depth);
      case "scalar":
        return this.scalar(field.scalar, raw, path, depth, isSensitive(field));
      case "list":
        return this.list(field, raw, path, depth);
      case "map":
        return this.mapField(field, raw, path, depth);
    }
  }

  /** One item of a list, or one value of a map. */
  element(
    field: DescField & { fieldKind: "list" | "map" },
    raw: unknown,
    path: string,
    depth: number,
  ): JsonValue | undefined {
    const kind = field.fieldKind === "list" ? field.listKind : field.mapKind;
    if (kind === "message") return this.message(field.message as DescMessage, raw, path, depth, true);
    if (kind === "enum") return this.enumValue(field.enum as DescEnum, raw, path, depth);
    return this.scalar(field.scalar as ScalarType, raw, path, depth, isSensitive(field));
  }

  private list(
    field: DescField & { fieldKind: "list" },
    raw: unknown,
    path: string,
    depth: number,
  ): JsonValue | undefined {
    const node = this.enter(path, raw, depth);
    if (node === "stop") return undefined;
    if (node === null || (isScalar(node) && node.value === null)) return null;
    if (!isSeq(node))
      return this.report(
        path,
        node,
        `expected a list, got ${describeNode(node, !fieldHoldsSecret(field))}`,
        "type.list",
      );
    if (node.items.length > MAX_ENTRIES) return this.tooMany(path, node, node.items.length);
    const out: JsonValue[] = [];
    node.items.forEach((item, i) => {
      const p = joinIndex(path, i);
      const v = this.element(field, item, p, depth + 1);
      if (v === null) this.report(p, resolveNode(this.source, item), "list items cannot be null", "type.null_item");
      else if (v !== undefined) out.push(v);
    });
    return out;
  }

  private mapField(
    field: DescField & { fieldKind: "map" },
    raw: unknown,
    path: string,
    depth: number,
  ): JsonValue | undefined {
    const node = this.enter(path, raw, depth);
    if (node === "stop") return undefined;
    if (node === null || (isScalar(node) && node.value === null)) return null;
    if (!isMap(node))
      return this.report(
        path,
        node,
        `expected a mapping of keys to values, got ${describeNode(node, !fieldHoldsSecret(field))}`,
        "type.map",
      );
    if (node.items.length > MAX_ENTRIES) return this.tooMany(path, node, node.items.length);
    const out = entries();
    const keys = new Set<string>();
    for (const pair of node.items as Pair<unknown, unknown>[]) {
      const keyNode = resolveNode(this.source, pair.key);
      if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === "object") {
        this.report(path, keyNode, `map keys must be scalars, got ${describeNode(keyNode)}`, "type.key");
        continue;
      }
      const key = scalarText(keyNode);
      if (this.duplicate(keys, key, path, keyNode)) continue;
      const p = joinKey(path, key);
      const keyAt = nodePosition(this.source, keyNode);
      if (keyAt) this.map.setKey(p, keyAt);
      if (field.mapKey === ScalarType.BOOL && key !== "true" && key !== "false") {
        this.report(p, keyNode, `map keys must be true or false, got ${JSON.stringify(key)}`, "type.key");
        continue;
      }
      if (field.mapKey !== ScalarType.STRING && field.mapKey !== ScalarType.BOOL && !/^-?\d+$/.test(key)) {
        this.report(p, keyNode, `map keys must be integers, got ${JSON.stringify(key)}`, "type.key");
        continue;
      }
      let v = this.element(field, pair.value, p, depth + 1);
      if (v === null) {
        if (field.mapKind === "message") v = {};
        else {
          this.report(p, resolveNode(this.source, pair.value), "map values cannot be null", "type.null_value");
          continue;
        }
      }
      if (v !== undefined) out[key] = v;
    }
    return out;
  }

  private enumValue(desc: DescEnum, raw: unknown, path: string, depth: number): JsonValue | undefined {
    const node = this.enter(path, raw, depth);
    if (node === "stop") return undefined;
    if (node === null || (isScalar(node) && node.value === null)) return null;
    const names = desc.values.filter((v) => v.number !== 0).map((v) => v.name);
    if (isScalar(node) && typeof node.value === "string") {
      if (desc.values.some((v) => v.name === node.value)) return node.value;
      return this.report(
        path,
        node,
        `unknown value ${JSON.stringify(truncate(node.value))}${didYouMean(node.value, names)}${oneOf(desc, names, "; ")}`,
        "enum.unknown",
      );
    }
    if (isScalar(node) && typeof node.value === "number" && Number.isInteger(node.value)) {
      const v = desc.values.find((x) => x.number === node.value);
      if (v) return v.name;
    }
    return this.report(
      path,
      node,
      `expected ${names.length <= MAX_LISTED_VALUES ? `one of ${names.join(", ")}` : `a ${desc.name} name`}, got ${describeNode(node)}`,
      "enum.unknown",
    );
  }

  private scalar(type: ScalarType, raw: unknown, path: string, depth: number, secret: boolean): JsonValue | undefined {
    const node = this.enter(path, raw, depth);
    if (node === "stop") return undefined;
    if (node === null || (isScalar(node) && node.value === null)) return null;
    // What a message may say of the value: never the value of a sensitive field.
    const describe = (n: Node) => describeNode(n, !secret);
    if (!isScalar(node)) {
      // `namespace: {value: x}` where the field is a plain string (upstream's shape).
      const inner = isMap(node) && node.items.length === 1 ? (node.items[0] as Pair<unknown, unknown>) : undefined;
      const innerKey = inner ? resolveNode(this.source, inner.key) : null;
      const innerValue = inner ? resolveNode(this.source, inner.value) : null;
      if (
        type === ScalarType.STRING &&
        isScalar(innerKey) &&
        innerKey.value === "value" &&
        isScalar(innerValue) &&
        typeof innerValue.value === "string"
      ) {
        const field = path.split(".").pop();
        return this.report(
          path,
          node,
          `expected a string, got a mapping: this field is a plain string, write ${secret ? `${field}: <the value>` : `${field}: ${truncate(innerValue.value)}`}`,
          "type.string",
        );
      }
      if (type === ScalarType.STRING && isScalar(innerKey) && innerKey.value === "valueFrom") {
        return this.report(
          path,
          node,
          "expected a string, got a reference (valueFrom): this field takes only a plain string",
          "type.string",
        );
      }
      return this.report(path, node, `expected ${scalarName(type)}, got ${describe(node)}`, "type.scalar");
    }
    const v = node.value;
    switch (type) {
      case ScalarType.STRING:
        // A plain scalar that YAML reads as a number or boolean (`tag: 1.20`) keeps
        // the text as written, so "1.20" stays "1.20".
        if (typeof v === "string") return v;
        if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return scalarText(node);
        return this.report(path, node, `expected a string, got ${describe(node)}`, "type.string");
      case ScalarType.BOOL: {
        if (typeof v === "boolean") return v;
        const go = yaml11Bool(node);
        if (go !== undefined) return go;
        return this.report(
          path,
          node,
          `expected true or false, got ${describe(node)}${quotedBoolHint(node) ?? ""}`,
          "type.bool",
        );
      }
      case ScalarType.BYTES:
        if (typeof v === "string" && /^[A-Za-z0-9+/_-]*={0,2}$/.test(v.replace(/\s/g, ""))) return v;
        return this.report(path, node, `expected base64-encoded bytes, got ${describe(node)}`, "type.bytes");
      case ScalarType.FLOAT:
      case ScalarType.DOUBLE:
        if (typeof v === "number")
          return Number.isFinite(v) ? v : String(v) === "NaN" ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
        if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
        return this.report(path, node, `expected a number, got ${describe(node)}`, "type.number");
      default: {
        const range = intRange(type);
        if (!range) return this.report(path, node, `unsupported scalar type ${type}`, "type.scalar");
        let text: string | undefined;
        // Where YAML 1.1 (the Go tools) and 1.2 read the scalar differently.
        const go = yaml11Integer(node, path, this.source.doc.directives?.yaml.version === "1.1");
        if (go && "problem" in go) return this.report(path, node, go.problem, go.rule);
        // The digits as written: a JS number would round integers above 2^53.
        const written =
          typeof v === "number" && typeof node.source === "string" ? /^[-+]?\d+$/.exec(node.source.trim()) : null;
        if (go) text = go.text;
        else if (written) text = written[0].replace(/^\+/, "");
        else if (typeof v === "number" && Number.isFinite(v))
          text = Number.isInteger(v) ? BigInt(v).toString() : undefined;
        else if (typeof v === "bigint") text = v.toString();
        else if (typeof v === "string" && /^-?\d+$/.test(v.trim())) text = v.trim();
        if (text === undefined)
          return this.report(path, node, `expected ${range.name}, got ${describe(node)}`, "type.integer");
        const n = BigInt(text);
        if (n < range.min) {
          return this.report(
            path,
            node,
            range.min === 0n
              ? `must not be negative (${range.name}), got ${truncate(text)}`
              : `must be at least ${range.min} (${range.name}), got ${truncate(text)}`,
            "type.range",
          );
        }
        if (n > range.max)
          return this.report(
            path,
            node,
            `must be at most ${range.max} (${range.name}), got ${truncate(text)}`,
            "type.range",
          );
        return type === ScalarType.INT64 ||
          type === ScalarType.UINT64 ||
          type === ScalarType.SINT64 ||
          type === ScalarType.FIXED64 ||
          type === ScalarType.SFIXED64
          ? text
          : Number(text);
      }
    }
  }
}

/** Enums with more values (CloudResourceKind holds every kind of the family) are not listed in messages. */
const MAX_LISTED_VALUES = 12;

function oneOf(desc: DescEnum, names: string[], prefix: string): string {
  return names.length <= MAX_LISTED_VALUES
    ? `${prefix}expected one of ${names.join(", ")}`
    : `${prefix}expected a ${desc.name} name`;
}

const secretHolders = new Map<string, boolean>();

/** Whether a message has a sensitive field anywhere below it (its values must not be echoed). */
function holdsSecret(desc: DescMessage, seen = new Set<string>()): boolean {
  const cached = secretHolders.get(desc.typeName);
  if (cached !== undefined) return cached;
  if (seen.has(desc.typeName)) return false;
  seen.add(desc.typeName);
  const result = desc.fields.some((f) => isSensitive(f) || (f.message !== undefined && holdsSecret(f.message, seen)));
  secretHolders.set(desc.typeName, result);
  return result;
}

function scalarText(node: Scalar): string {
  return typeof node.source === "string" ? node.source : String(node.value);
}

function scalarName(type: ScalarType): string {
  switch (type) {
    case ScalarType.STRING:
      return "a string";
    case ScalarType.BOOL:
      return "true or false";
    case ScalarType.BYTES:
      return "base64-encoded bytes";
    case ScalarType.FLOAT:
    case ScalarType.DOUBLE:
      return "a number";
    default:
      return intRange(type)?.name ?? "a scalar";
  }
}

/**
 * Decodes one value written for `field` (a whole field, or with `element` one
 * list item or map value of it) into the ProtoJSON of the field, with the same
 * checks as a manifest. Used by overrides (`--set path=value`).
 */
export function decodeFieldValue(
  field: DescField,
  source: ParsedSource,
  node: Node | null,
  path: string,
  element: boolean,
): { json: JsonValue | undefined; problems: Problem[] } {
  const d = new Decoder(source, new SourceMap(source.file));
  let json: JsonValue | undefined;
  if (!element) json = d.field(field, node, path, 0);
  else if (field.fieldKind === "list" || field.fieldKind === "map") json = d.element(field, node, path, 0);
  return { json, problems: d.problems };
}
