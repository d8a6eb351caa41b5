// `--set path=value` overrides, applied in order to a copy of a manifest, with
// the value converted to the field's type (ints, bools, enums, strings, and YAML
// for messages, lists and maps). Paths use camelCase or snake_case names, map keys
// (`metadata.labels.team`, `metadata.labels["app.kubernetes.io/name"]`) and list
// indexes (`spec.volumeMounts[0].mountPath`; the index one past the end appends).
import {
  clone,
  create,
  type DescField,
  type DescMessage,
  fromJson,
  type JsonValue,
  type Message,
} from "@bufbuild/protobuf";
import { type ReflectList, type ReflectMap, type ReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import { decodeFieldValue } from "./decode.js";
import { joinField, joinIndex, joinKey, type PathSegment, parsePath } from "./field-path.js";
import { type Problem, problem } from "./problem.js";
import { schemaRegistry } from "./schemas.js";
import { parseSource, truncate } from "./source.js";
import { didYouMean } from "./suggest.js";

export interface OverrideResult<T extends Message> {
  message: T;
  problems: Problem[];
}

/** Applies `sets` ("path=value") in order to a copy of `message`. Problems name the override. */
export function applyOverrides<T extends Message>(
  schema: DescMessage,
  message: T,
  sets: readonly string[],
): OverrideResult<T> {
  const copy = clone(schema, message) as T;
  const problems: Problem[] = [];
  for (const set of sets) {
    const p = applyOne(reflect(schema, copy), set);
    if (p) problems.push(p);
  }
  return { message: copy, problems };
}

/**
 * A problem naming the override by its path only: its value may be a secret.
 * Without an "=" there is no telling path from value (`path:SECRET`, `path SECRET`),
 * so nothing of it is quoted.
 */
function bad(set: string, path: string, message: string, rule = "override.path"): Problem {
  const eq = set.indexOf("=");
  return problem(path, `--set ${eq < 0 ? "(no PATH=VALUE)" : truncate(set.slice(0, eq))}: ${message}`, rule);
}

function findField(desc: DescMessage, name: string): DescField | undefined {
  return desc.fields.find((f) => f.jsonName === name || f.name === name);
}

function applyOne(root: ReflectMessage, set: string): Problem | undefined {
  const eq = set.indexOf("=");
  if (eq <= 0) return bad(set, "", 'expected path=value, e.g. "spec.parallelism=3"', "override.syntax");
  const pathText = set.slice(0, eq).trim();
  const valueText = set.slice(eq + 1);
  const segments = parsePath(pathText);
  if (typeof segments === "string") return bad(set, pathText, segments, "override.syntax");

  let msg = root;
  let path = "";
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as PathSegment;
    if (!("name" in seg)) return bad(set, path, `${path || "the manifest"} is not a list`);
    const field = findField(msg.desc, seg.name);
    if (!field) {
      const names = msg.desc.fields.map((f) => f.jsonName);
      return bad(
        set,
        joinField(path, seg.name),
        `${msg.desc.name} has no field "${seg.name}"${didYouMean(seg.name, names)}; fields: ${names.join(", ")}`,
      );
    }
    path = joinField(path, field.jsonName);
    const rest = segments.length - i - 1;
    if (rest === 0) return assign(msg, field, undefined, set, path, valueText);
    if (field.fieldKind === "message") {
      if (!msg.isSet(field)) msg.set(field, reflect(field.message, create(field.message)));
      msg = msg.get(field);
      continue;
    }
    if (field.fieldKind === "list" || field.fieldKind === "map") {
      const next = segments[i + 1] as PathSegment;
      const sub =
        field.fieldKind === "list"
          ? "index" in next
            ? next.index
            : undefined
          : "name" in next
            ? next.name
            : String(next.index);
      if (sub === undefined) return bad(set, path, `${path} is a list: use an index, e.g. ${path}[0]`);
      const subPath = typeof sub === "number" ? joinIndex(path, sub) : joinKey(path, sub);
      if (rest === 1) return assign(msg, field, sub, set, subPath, valueText);
      const kind = field.fieldKind === "list" ? field.listKind : field.mapKind;
      if (kind !== "message") return bad(set, subPath, `${subPath} is a scalar; it has no fields`);
      const child = element(msg, field, sub);
      if (typeof child === "string") return bad(set, subPath, child);
      msg = child;
      path = subPath;
      i++;
      continue;
    }
    return bad(
      set,
      path,
      `${path} is a scalar; it has no field "${(segments[i + 1] as { name?: string }).name ?? ""}"`,
    );
  }
  return undefined;
}

function element(msg: ReflectMessage, field: DescField, sub: number | string): ReflectMessage | string {
  if (field.fieldKind === "list") {
    const list = msg.get(field) as ReflectList;
    const index = sub as number;
    if (index > list.size)
      return `index ${index} is past the end of the list (${list.size} items; ${list.size} appends)`;
    if (index === list.size) list.add(reflect(field.message as DescMessage, create(field.message as DescMessage)));
    return list.get(index) as ReflectMessage;
  }
  if (field.fieldKind !== "map") return "not a map";
  const map = msg.get(field) as ReflectMap;
  const key = String(sub);
  if (!map.has(key)) map.set(key, reflect(field.message as DescMessage, create(field.message as DescMessage)));
  return map.get(key) as ReflectMessage;
}

function assign(
  msg: ReflectMessage,
  field: DescField,
  sub: number | string | undefined,
  set: string,
  path: string,
  valueText: string,
): Problem | undefined {
  const parsed = parseSource(valueText === "" ? '""' : valueText, "--set");
  if (!parsed.ok)
    return bad(set, path, `the value is not valid YAML: ${parsed.problems[0]?.message ?? ""}`, "override.value");
  const decoded = decodeFieldValue(field, parsed.source, parsed.source.root, path, sub !== undefined);
  if (decoded.problems.length > 0 || decoded.json === undefined) {
    return bad(set, path, decoded.problems[0]?.message ?? "the value cannot be converted", "override.value");
  }
  // Let ProtoJSON build the value inside a one-field message, then move it over.
  let wrapped: JsonValue;
  if (sub === undefined) wrapped = { [field.jsonName]: decoded.json };
  else if (field.fieldKind === "list") wrapped = { [field.jsonName]: [decoded.json] };
  else wrapped = { [field.jsonName]: { [String(sub)]: decoded.json } };
  let tmp: ReflectMessage;
  try {
    tmp = reflect(msg.desc, fromJson(msg.desc, wrapped, { registry: schemaRegistry() }));
  } catch (e) {
    return bad(set, path, e instanceof Error ? e.message : String(e), "override.value");
  }
  if (sub === undefined) {
    if (decoded.json === null) msg.clear(field);
    else msg.set(field, tmp.get(field));
    return undefined;
  }
  if (field.fieldKind === "list") {
    const list = msg.get(field) as ReflectList;
    const index = sub as number;
    const value = (tmp.get(field) as ReflectList).get(0);
    if (index > list.size)
      return bad(set, path, `index ${index} is past the end of the list (${list.size} items; ${list.size} appends)`);
    if (index === list.size) list.add(value);
    else list.set(index, value);
    return undefined;
  }
  const map = msg.get(field) as ReflectMap;
  map.set(String(sub), (tmp.get(field) as ReflectMap).get(String(sub)));
  return undefined;
}
