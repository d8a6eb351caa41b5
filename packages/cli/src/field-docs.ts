// Field documentation for `explain`: proto comments (gen/docs/fields.json, written
// at generate time by tools/protoc-gen-planton), types, defaults and the
// buf.validate rules of each field, read from the descriptors.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  type DescField,
  type DescMessage,
  getExtension,
  getOption,
  hasOption,
  type Message,
  ScalarType,
} from "@bufbuild/protobuf";
import { type ReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import {
  FieldRulesSchema,
  field as fieldRules,
  message as messageRules,
  predefined,
} from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { default_container_resources } from "@planton/gen/org/project_planton/provider/kubernetes/options_pb.js";
import { fieldDefaultText, schemaRegistry } from "@planton/sdk";

type Docs = Record<string, { comment?: string; fields?: Record<string, string> }>;
let docs: Docs | undefined;

function loadDocs(): Docs {
  if (docs) return docs;
  try {
    const path = createRequire(import.meta.url).resolve("@planton/gen/docs/fields.json");
    docs = JSON.parse(readFileSync(path, "utf8")) as Docs;
  } catch {
    docs = {};
  }
  return docs;
}

export function messageComment(desc: DescMessage): string {
  return loadDocs()[desc.typeName]?.comment ?? "";
}

export function fieldComment(field: DescField): string {
  return loadDocs()[field.parent.typeName]?.fields?.[field.name] ?? "";
}

const scalarNames: Record<number, string> = {
  [ScalarType.STRING]: "string",
  [ScalarType.BOOL]: "boolean",
  [ScalarType.BYTES]: "bytes (base64)",
  [ScalarType.DOUBLE]: "number",
  [ScalarType.FLOAT]: "number",
  [ScalarType.INT32]: "integer",
  [ScalarType.SINT32]: "integer",
  [ScalarType.SFIXED32]: "integer",
  [ScalarType.UINT32]: "integer (>= 0)",
  [ScalarType.FIXED32]: "integer (>= 0)",
  [ScalarType.INT64]: "integer (64-bit)",
  [ScalarType.SINT64]: "integer (64-bit)",
  [ScalarType.SFIXED64]: "integer (64-bit)",
  [ScalarType.UINT64]: "integer (64-bit, >= 0)",
  [ScalarType.FIXED64]: "integer (64-bit, >= 0)",
};

/** `<string>`, `<Object>`, `<[]VolumeMount>`, `<map[string]StringValueOrRef>` like kubectl explain. */
export function typeLabel(field: DescField): string {
  switch (field.fieldKind) {
    case "scalar":
      return scalarNames[field.scalar] ?? "scalar";
    case "enum":
      return `enum ${field.enum.name}`;
    case "message":
      return field.message.name;
    case "list":
      return `[]${field.listKind === "message" ? field.message.name : field.listKind === "enum" ? field.enum.name : scalarNames[field.scalar]}`;
    case "map":
      return `map[string]${field.mapKind === "message" ? field.message.name : field.mapKind === "enum" ? field.enum.name : scalarNames[field.scalar]}`;
  }
}

export function defaultLabel(field: DescField): string | undefined {
  const text = fieldDefaultText(field);
  if (text !== undefined) return text;
  if (hasOption(field, default_container_resources)) {
    const r = getOption(field, default_container_resources);
    return `requests ${r.requests?.cpu ?? "-"} CPU / ${r.requests?.memory ?? "-"}, limits ${r.limits?.cpu ?? "-"} CPU / ${r.limits?.memory ?? "-"}`;
  }
  return undefined;
}

export function isRequired(field: DescField): boolean {
  return hasOption(field, fieldRules) && getOption(field, fieldRules).required;
}

/** The rules of a field, one readable line each. */
export function fieldRuleLines(field: DescField): string[] {
  if (!hasOption(field, fieldRules)) return [];
  return ruleLines(reflect(FieldRulesSchema, getOption(field, fieldRules)), "");
}

/** The message-level (CEL) rules of a message. */
export function messageRuleLines(desc: DescMessage): string[] {
  if (!hasOption(desc, messageRules)) return [];
  return getOption(desc, messageRules).cel.map((c) => `${c.message || c.expression} [${c.id}]`);
}

function ruleLines(r: ReflectMessage, prefix: string): string[] {
  const out: string[] = [];
  for (const f of r.fields) {
    if (!r.isSet(f) || f.name === "ignore") continue;
    const name = prefix === "" ? f.name : `${prefix}.${f.name}`;
    if (f.name === "cel" && f.fieldKind === "list") {
      for (const c of r.get(f)) {
        const rule = (c as ReflectMessage).message as unknown as { id: string; message: string; expression: string };
        out.push(`${rule.message || rule.expression} [${rule.id}]`);
      }
      continue;
    }
    if (f.fieldKind === "message") {
      out.push(...ruleLines(r.get(f), name));
      continue;
    }
    if (f.fieldKind === "list") {
      out.push(`${name}: [${[...r.get(f)].map((v) => JSON.stringify(v)).join(", ")}]`);
      continue;
    }
    const v = r.get(f);
    out.push(v === true ? name : `${name}: ${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
  }
  // Predefined rules (our k8s.* rules) are extensions of the rules messages.
  for (const u of r.message.$unknown ?? []) {
    const ext = schemaRegistry().getExtensionFor(r.desc, u.no);
    if (!ext) continue;
    const on = getExtension(r.message as Message, ext);
    if (on !== true) continue;
    const cel = hasOption(ext, predefined) ? getOption(ext, predefined).cel[0] : undefined;
    out.push(`${cel?.id ?? ext.name}${cel ? ` (${describePredefined(cel.expression)})` : ""}`);
  }
  return out;
}

/** The human message inside a predefined rule's CEL (`... ? '' : 'must be ...'`). */
function describePredefined(expression: string): string {
  const m = /:\s*'((?:[^'\\]|\\.)*)'\s*$/.exec(expression);
  return m?.[1]?.replace(/\\'/g, "'") ?? "see the schema";
}
