import { type DescField, type DescMessage, ScalarType } from "@bufbuild/protobuf";
import { stringify } from "yaml";
import type { Io } from "./io.js";

export function printJsonOrYaml(io: Io, value: unknown, format: string): void {
  if (format === "json") io.out(`${JSON.stringify(value, null, 2)}\n`);
  else io.out(stringify(value, { lineWidth: 0 }));
}

/** Several values: one YAML stream (---), or one JSON array. */
export function printAll(io: Io, values: readonly unknown[], format: string): void {
  if (values.length === 1) printJsonOrYaml(io, values[0], format);
  else if (format === "json") io.out(`${JSON.stringify(values, null, 2)}\n`);
  else io.out(values.map((v) => stringify(v, { lineWidth: 0 })).join("---\n"));
}

const int64Types: ReadonlySet<ScalarType> = new Set([
  ScalarType.INT64,
  ScalarType.UINT64,
  ScalarType.SINT64,
  ScalarType.FIXED64,
  ScalarType.SFIXED64,
]);
const int64Wrappers = new Set(["google.protobuf.Int64Value", "google.protobuf.UInt64Value"]);

/**
 * Protobuf JSON writes 64-bit integers as strings ("3600"); a manifest is written
 * with numbers (`activeDeadlineSeconds: 3600`). This turns the ones JavaScript
 * holds exactly (|n| <= 2^53-1) back into numbers and leaves larger ones quoted,
 * so the printed manifest loads back to the same message. Walks `json` along
 * `schema`; `json` is changed in place and returned.
 */
export function int64AsNumbers(schema: DescMessage, json: unknown): unknown {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return json;
  const obj = json as Record<string, unknown>;
  for (const f of schema.fields) {
    const key = f.jsonName in obj ? f.jsonName : f.name in obj ? f.name : undefined;
    if (key === undefined) continue;
    obj[key] = convertField(f, obj[key]);
  }
  return obj;
}

function convertField(f: DescField, v: unknown): unknown {
  switch (f.fieldKind) {
    case "scalar":
      return int64Types.has(f.scalar) ? asNumber(v) : v;
    case "message":
      return convertMessage(f.message, v);
    case "list":
      if (!Array.isArray(v)) return v;
      if (f.listKind === "scalar") return int64Types.has(f.scalar) ? v.map(asNumber) : v;
      if (f.listKind === "message") return v.map((x) => convertMessage(f.message, x));
      return v;
    case "map": {
      if (v === null || typeof v !== "object") return v;
      const m = v as Record<string, unknown>;
      for (const k of Object.keys(m)) {
        if (f.mapKind === "scalar" && int64Types.has(f.scalar)) m[k] = asNumber(m[k]);
        else if (f.mapKind === "message") m[k] = convertMessage(f.message, m[k]);
      }
      return m;
    }
    default:
      return v;
  }
}

function convertMessage(schema: DescMessage, v: unknown): unknown {
  if (int64Wrappers.has(schema.typeName)) return asNumber(v);
  // Well-known types with their own JSON (Struct, Value, Any, Duration...) are left as they are.
  if (schema.typeName.startsWith("google.protobuf.")) return v;
  return int64AsNumbers(schema, v);
}

function asNumber(v: unknown): unknown {
  if (typeof v !== "string" || !/^-?(0|[1-9][0-9]{0,15})$/.test(v)) return v;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

/** A table with a header row, columns padded to their widest cell. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  const lines = rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("   "));
  return `${lines.join("\n")}\n`;
}
