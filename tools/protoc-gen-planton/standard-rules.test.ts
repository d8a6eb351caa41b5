// Which of validate.proto's standard rules the validator compiler handles: every
// predefined CEL expression of every rule type, compiled with a typical `this`
// and the rule set. A schema that uses one of the known gaps stops generation
// with the rule's name (see validators.test.ts); this list says which they are.
import assert from "node:assert/strict";
import { test } from "node:test";
import { create, type DescField, type DescMessage, getOption, hasOption, ScalarType } from "@bufbuild/protobuf";
import { file_buf_validate_validate, predefined } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { CelCompiler, type CelType, type Hoister, rulesConstant, scalarType } from "./cel-to-js.ts";

// Rule families whose CEL calls functions the compiler does not implement (they
// need protovalidate's URI, e-mail, IP and host name parsers), and rule types of
// well-known types (Duration, Timestamp, Any, FieldMask) and bytes.
const KNOWN_GAPS = new Set([
  "string.email",
  "string.hostname",
  "string.ip",
  "string.ipv4",
  "string.ipv6",
  "string.uri",
  "string.uri_ref",
  "string.address",
  "string.ip_with_prefixlen",
  "string.ipv4_with_prefixlen",
  "string.ipv6_with_prefixlen",
  "string.ip_prefix",
  "string.ipv4_prefix",
  "string.ipv6_prefix",
  "string.host_and_port",
]);
const SKIPPED_TYPES = new Set(["BytesRules", "DurationRules", "TimestampRules", "AnyRules", "FieldMaskRules"]);

const thisTypes: Record<string, CelType> = {
  RepeatedRules: { k: "list", e: { k: "string" } },
  MapRules: { k: "map", key: { k: "string" }, val: { k: "string" } },
  EnumRules: { k: "int" },
  BoolRules: { k: "bool" },
  StringRules: { k: "string" },
};

function sample(f: DescField): unknown {
  if (f.fieldKind === "list")
    return f.listKind === "scalar" ? [sample({ ...f, fieldKind: "scalar" } as unknown as DescField)] : [];
  if (f.fieldKind === "enum") return f.enum.values[1]?.number ?? 0;
  if (f.fieldKind !== "scalar") return undefined;
  switch (f.scalar) {
    case ScalarType.STRING:
      return f.name === "pattern" ? "^a+$" : "a";
    case ScalarType.BOOL:
      return true;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return 1.5;
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return 5n;
    case ScalarType.BYTES:
      return new Uint8Array([1]);
    default:
      return 5;
  }
}

test("every standard rule compiles, but the known gaps", () => {
  const h: Hoister = { hoist: (js) => js, local: (p) => `${p}0` };
  const compiled: string[] = [];
  const failed: string[] = [];
  for (const desc of file_buf_validate_validate.messages as DescMessage[]) {
    if (!desc.name.endsWith("Rules") || SKIPPED_TYPES.has(desc.name) || desc.name === "FieldRules") continue;
    if (desc.name === "MessageRules" || desc.name === "OneofRules" || desc.name === "PredefinedRules") continue;
    const typeName = desc.name.replace(/Rules$/, "").toLowerCase();
    const thisType =
      thisTypes[desc.name] ?? scalarType(desc.fields.find((f) => f.name === "const")?.scalar ?? ScalarType.INT32);
    for (const f of desc.fields) {
      if (!hasOption(f, predefined)) continue;
      const value = sample(f);
      if (value === undefined) continue;
      const init = f.oneof ? { [f.oneof.localName]: { case: f.localName, value } } : { [f.localName]: value };
      const rules = create(desc, init as never);
      for (const rule of getOption(f, predefined).cel) {
        try {
          new CelCompiler(h, rule.id, rule.expression).compileText({
            vars: new Map([
              ["this", { js: "x", t: thisType, err: false }],
              ["rules", rulesConstant(desc, rules)],
            ]),
          });
          compiled.push(rule.id);
        } catch (e) {
          if (!KNOWN_GAPS.has(`${typeName}.${f.name}`)) failed.push(`${rule.id}: ${(e as Error).message}`);
        }
      }
    }
  }
  assert.deepEqual(failed, []);
  assert.ok(compiled.length > 150, `${compiled.length} rules compiled`);
});
