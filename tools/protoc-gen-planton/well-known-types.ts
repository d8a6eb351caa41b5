// ProtoJSON forms of the well-known types, which have their own JSON mapping.
import type { DescMessage } from "@bufbuild/protobuf";
import type { JsonSchema } from "./json-schema-types.ts";

const INT64 = { anyOf: [{ type: "integer" }, { type: "string", pattern: "^-?[0-9]+$" }] };
const UINT64 = {
  anyOf: [
    { type: "integer", minimum: 0 },
    { type: "string", pattern: "^[0-9]+$" },
  ],
};
const FLOAT = { anyOf: [{ type: "number" }, { enum: ["NaN", "Infinity", "-Infinity"] }] };

const schemas: Record<string, JsonSchema> = {
  "google.protobuf.Any": { type: "object", required: ["@type"], properties: { "@type": { type: "string" } } },
  "google.protobuf.BoolValue": { type: "boolean" },
  "google.protobuf.BytesValue": { type: "string", contentEncoding: "base64" },
  "google.protobuf.DoubleValue": FLOAT,
  "google.protobuf.Duration": { type: "string", pattern: "^-?[0-9]+(\\.[0-9]{1,9})?s$" },
  "google.protobuf.Empty": { type: "object", additionalProperties: false },
  "google.protobuf.FieldMask": { type: "string" },
  "google.protobuf.FloatValue": FLOAT,
  "google.protobuf.Int32Value": { type: "integer", minimum: -2147483648, maximum: 2147483647 },
  "google.protobuf.Int64Value": INT64,
  "google.protobuf.ListValue": { type: "array" },
  "google.protobuf.StringValue": { type: "string" },
  "google.protobuf.Struct": { type: "object" },
  "google.protobuf.Timestamp": {
    type: "string",
    pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$",
  },
  "google.protobuf.UInt32Value": { type: "integer", minimum: 0, maximum: 4294967295 },
  "google.protobuf.UInt64Value": UINT64,
  "google.protobuf.Value": {},
};

/** The inline schema of a well-known type, or undefined for any other message. */
export function wellKnownTypeSchema(desc: DescMessage): JsonSchema | undefined {
  const s = schemas[desc.typeName];
  return s ? structuredClone(s) : undefined;
}
