// The generated validators (gen/validators) against protovalidate, the oracle:
// on every fixture, on mutated fixtures and on messages generated from the
// descriptors (valid, boundary and broken values of every field), both must report
// the same violations — field path, rule path, rule id, message, for-key — in the
// same order, and agree on "valid" / "invalid" / "error".
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, test } from "node:test";
import type { DescMessage, Message } from "@bufbuild/protobuf";
import { validate as generated, hasValidator } from "@planton/gen/validators/index.js";
import { messageArb, mutate, mutationArb, repoRoot } from "@planton/testing";
import fc from "fast-check";
import { applyDefaults } from "./defaults.js";
import { listKinds } from "./kinds.js";
import { load, loadMessage } from "./load.js";
import { sharedValidator } from "./shared-validator.js";

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
        fc.property(messageArb(schema), (message) => {
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
