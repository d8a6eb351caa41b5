// The generated validators (gen/validators) against protovalidate, the oracle:
// on every fixture, on mutated fixtures and on messages generated from the
// descriptors (valid, boundary and broken values of every field), both must report
// the same violations — field path, rule path, rule id, message, for-key — in the
// same order, and agree on "valid" / "invalid" / "error".
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, test } from "node:test";
import { create, type DescField, type DescMessage, type Message, ScalarType } from "@bufbuild/protobuf";
import { validate as generated, hasValidator } from "@planton/gen/validators/index.js";
import fc from "fast-check";
import { applyDefaults } from "./defaults.js";
import { listKinds } from "./kinds.js";
import { load, loadMessage } from "./load.js";
import { sharedValidator } from "./shared-validator.js";
import { mutate, mutationArb } from "./testing/mutate.js";
import { repoRoot } from "./testing/testdata.js";

type Item = { kind: string; name?: string; typeName?: string; index?: number; key?: unknown };

function itemText(i: Item): string {
  switch (i.kind) {
    case "field":
      return `.${i.name}`;
    case "oneof":
      return `|${i.name}`;
    case "extension":
      return `.(${i.typeName})`;
    case "list_sub":
      return `[${i.index}]`;
    case "map_sub":
      return `[${typeof i.key}:${String(i.key)}]`;
    default:
      return `?${i.kind}`;
  }
}

interface Outcome {
  kind: string;
  violations: string[];
}

function oracle(schema: DescMessage, message: Message): Outcome {
  const r = sharedValidator().validate(schema, message);
  if (r.kind !== "invalid") return { kind: r.kind, violations: [] };
  return {
    kind: r.kind,
    violations: r.violations.map(
      (v) =>
        `${(v.field as Item[]).map(itemText).join("")} rule=${(v.rule as Item[]).map(itemText).join("")} id=${v.ruleId} key=${v.forKey} ${v.message}`,
    ),
  };
}

function ours(schema: DescMessage, message: Message): Outcome {
  const r = generated(schema, message);
  if (r.kind !== "invalid") return { kind: r.kind, violations: [] };
  return {
    kind: r.kind,
    violations: r.violations.map(
      (v) =>
        `${(v.field as Item[]).map(itemText).join("")} rule=${(v.rule as Item[]).map(itemText).join("")} id=${v.ruleId} key=${v.forKey} ${v.message}`,
    ),
  };
}

function agree(schema: DescMessage, message: Message, what: string): Outcome {
  const want = oracle(schema, message);
  assert.deepEqual(ours(schema, message), want, what);
  return want;
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(ya?ml|json)$/.test(name)) out.push(p);
  }
  return out;
}

const root = repoRoot();
const manifestFiles = [
  ...files(join(root, "testdata")),
  ...files(join(root, "examples")).filter((f) => !f.includes("node_modules") && !f.includes("/charts/")),
  ...readdirSync(join(root, "packages"))
    .map((p) => join(root, "packages", p, "hack", "stack-input.yaml"))
    .filter((f) => {
      try {
        return statSync(f).isFile();
      } catch {
        return false;
      }
    }),
];

const kinds = listKinds();
const schemas = kinds.flatMap((k) => [k.schema, k.stackInputSchema]);

/** The messages a text decodes to: as a manifest, and as each kind's stack input. */
function decodeAll(text: string, file: string): { schema: DescMessage; message: Message }[] {
  const out: { schema: DescMessage; message: Message }[] = [];
  const r = load(text, file);
  if (r.ok) out.push({ schema: r.manifest.kind.schema, message: r.manifest.message });
  for (const k of kinds) {
    const s = loadMessage(k.stackInputSchema, text, file);
    if (s.message) out.push({ schema: k.stackInputSchema, message: s.message });
  }
  return out;
}

describe("generated validators agree with protovalidate", () => {
  test("every schema the SDK validates has a generated validator", () => {
    for (const s of schemas) assert.ok(hasValidator(s), s.typeName);
  });

  test("on every fixture, as decoded and with defaults applied", () => {
    let compared = 0;
    let invalid = 0;
    for (const file of manifestFiles) {
      const text = readFileSync(file, "utf8");
      const name = relative(root, file);
      for (const { schema, message } of decodeAll(text, name)) {
        if (agree(schema, message, `${name} as ${schema.typeName}`).kind === "invalid") invalid++;
        agree(schema, applyDefaults(schema, message), `${name} as ${schema.typeName}, defaulted`);
        compared++;
      }
    }
    assert.ok(compared >= 60, `only ${compared} fixtures decoded`);
    assert.ok(invalid >= 30, `only ${invalid} fixtures were invalid`);
  });

  test("on mutated fixtures", () => {
    const texts = manifestFiles
      .filter((f) => f.includes("/valid/") || f.endsWith("stack-input.yaml"))
      .map((f) => readFileSync(f, "utf8"));
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (text, ms) => {
        let mutated: string;
        try {
          mutated = mutate(text, ms);
        } catch {
          return;
        }
        for (const { schema, message } of decodeAll(mutated, "mutated.yaml")) {
          agree(schema, message, `${schema.typeName}: ${mutated}`);
          agree(schema, applyDefaults(schema, message), `${schema.typeName} (defaulted): ${mutated}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  for (const schema of schemas) {
    test(`on generated ${schema.name} messages`, () => {
      let invalid = 0;
      let valid = 0;
      fc.assert(
        fc.property(messageArb(schema, 0), (message) => {
          const kind = agree(schema, message, JSON.stringify(message, replacer)).kind;
          if (kind === "invalid") invalid++;
          if (kind === "valid") valid++;
          agree(schema, applyDefaults(schema, message), `defaulted: ${JSON.stringify(message, replacer)}`);
        }),
        { numRuns: 400 },
      );
      assert.ok(invalid > 0, "some generated messages are invalid");
      if (schema.name.endsWith("StackInput")) return;
      assert.ok(valid + invalid === 400);
    });
  }
});

function replacer(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? `${v}n` : v;
}

// Values at and around the boundaries of the schema's rules, and some noise.
const strings = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      "",
      "a",
      "my-name",
      "x1",
      "nightly-report",
      "-bad",
      "bad-",
      "UPPER",
      "a".repeat(53),
      "a".repeat(54),
      "a".repeat(62),
      "a".repeat(63),
      "a".repeat(64),
      "a".repeat(253),
      "a".repeat(254),
      `${"a".repeat(254)}/x`,
      "example.com",
      "ex..com",
      "example.com/my-key",
      "project-planton.org/x",
      "/data",
      "/data/../x",
      "../x",
      "a/../b",
      "..",
      ".",
      "..x",
      "config/app.yaml",
      "500m",
      "1Gi",
      "2",
      "1.5",
      "1e3",
      "+1",
      "-1",
      ".5",
      "Memory",
      "HugePages",
      "HugePages-2Mi",
      "HugePages-x",
      "Indexed",
      "NonIndexed",
      "OnFailure",
      "Never",
      "Always",
      "Directory",
      "https://charts.example.com",
      "oci://r/c",
      "ftp://x",
      "v1.2.3",
      "0.4.0-rc.1",
      "1.2",
      "ghcr.io/acme/app",
      "a b",
      "tab\there",
      "é",
      "𝑎".repeat(40),
      "A_KEY",
      "1KEY",
      "my.key",
      '{"auths":{}}',
      "x\ny",
    ),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 10 }) },
);

const int32s = fc.oneof(fc.constantFrom(0, 1, -1, 62, 63, 511, 512, 2147483647, -2147483648), fc.integer());
const uint32s = fc.oneof(
  fc.constantFrom(0, 1, 2, 99999, 100000, 100001, 604800, 604801, 65535, 65536, 2147483647, 2147483648, 4294967295),
  fc.nat({ max: 4294967295 }),
);
const int64s = fc.oneof(
  fc.constantFrom(0n, 1n, -1n, 9007199254740991n, 9007199254740992n),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
);
const uint64s = fc.oneof(
  fc.constantFrom(0n, 1n, 9007199254740991n, 9007199254740992n, 2n ** 64n - 1n),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
);

function scalarArb(s: ScalarType): fc.Arbitrary<unknown> {
  switch (s) {
    case ScalarType.STRING:
      return strings;
    case ScalarType.BOOL:
      return fc.boolean();
    case ScalarType.BYTES:
      return fc.uint8Array({ maxLength: 4 });
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return fc.double({ noNaN: true });
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return int32s;
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return uint32s;
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return uint64s;
    default:
      return int64s;
  }
}

function valueArb(f: DescField, depth: number, element: boolean): fc.Arbitrary<unknown> {
  const kind = element
    ? f.fieldKind === "list"
      ? f.listKind
      : f.fieldKind === "map"
        ? f.mapKind
        : f.fieldKind
    : f.fieldKind;
  if (!element && f.fieldKind === "list") return fc.array(valueArb(f, depth, true), { maxLength: 3 });
  if (!element && f.fieldKind === "map")
    return fc
      .array(fc.tuple(scalarArb(f.mapKey), valueArb(f, depth, true)), { maxLength: 3 })
      .map((entries) => Object.fromEntries(entries.map(([k, v]) => [String(k), v])));
  switch (kind) {
    case "message":
      return messageArb((f as { message: DescMessage }).message, depth + 1);
    case "enum": {
      const values = (f as { enum: { values: { number: number }[] } }).enum.values.map((v) => v.number);
      return fc.oneof(fc.constantFrom(...values), fc.constant(99));
    }
    default:
      return scalarArb((f as { scalar: ScalarType }).scalar);
  }
}

/** Messages of `desc` with any subset of fields set, oneofs with one member or none. */
function messageArb(desc: DescMessage, depth: number): fc.Arbitrary<Message> {
  if (depth > 6) return fc.constant(create(desc));
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of desc.fields)
    if (!f.oneof) parts[f.localName] = fc.option(valueArb(f, depth, false), { nil: undefined, freq: 3 });
  for (const o of desc.oneofs)
    parts[o.localName] = fc.oneof(
      fc.constant(undefined),
      ...o.fields.map((f) => valueArb(f, depth, false).map((value) => ({ case: f.localName, value }))),
    );
  return fc.record(parts).map((init) => {
    const clean: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(init)) if (v !== undefined) clean[k] = v;
    return create(desc, clean as never);
  });
}
