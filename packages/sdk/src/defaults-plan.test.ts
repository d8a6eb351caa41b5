// applyDefaults reads each message type's options once (a plan per type) and
// works on the message objects directly; the reflection-based implementation it
// replaced is kept here as the reference, and both must produce the same message
// on every fixture and on messages generated from the descriptors.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  clone,
  create,
  type DescField,
  type DescMessage,
  equals,
  getOption,
  hasOption,
  type Message,
  type ScalarType,
} from "@bufbuild/protobuf";
import { type ReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import { field as validateField } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { default_container_resources } from "@planton/gen/org/project_planton/provider/kubernetes/options_pb.js";
import { messageArb, testdataDir } from "@planton/testing";
import fc from "fast-check";
import { applyDefaults, fieldDefaultText, fillDefaults, hasFieldDefault } from "./defaults.js";
import { listKinds } from "./kinds.js";
import { load } from "./load.js";

// --- the reference: the implementation before the per-type plan ---------------------

function referenceDefaults<T extends Message>(schema: DescMessage, message: T): T {
  const copy = clone(schema, message) as T;
  fill(reflect(schema, copy));
  return copy;
}

function hasDefaultsBelow(desc: DescMessage, seen = new Set<string>()): boolean {
  if (seen.has(desc.typeName)) return false;
  seen.add(desc.typeName);
  return desc.fields.some(
    (f) =>
      hasFieldDefault(f) || (f.fieldKind === "message" && f.oneof === undefined && hasDefaultsBelow(f.message, seen)),
  );
}

function isRequired(field: DescField): boolean {
  return hasOption(field, validateField) && getOption(field, validateField).required;
}

function parseScalar(field: { name: string; scalar: ScalarType }, text: string): string | number | boolean | bigint {
  // The schema's defaults are strings, enums, 32-bit integers and bools.
  if (field.scalar === 9) return text;
  if (field.scalar === 8) return text === "true";
  if ([3, 4, 18, 6, 16].includes(field.scalar)) return BigInt(text);
  return Number(text);
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

// --- the tests -----------------------------------------------------------------------

function manifests(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...manifests(p));
    else if (/\.(ya?ml|json)$/.test(name)) out.push(p);
  }
  return out;
}

describe("applyDefaults with a plan per message type", () => {
  test("gives the reference's message on every fixture", () => {
    let n = 0;
    for (const file of manifests(testdataDir())) {
      const r = load(readFileSync(file, "utf8"), file);
      if (!r.ok) continue;
      const { schema } = r.manifest.kind;
      const want = referenceDefaults(schema, r.manifest.message);
      assert.ok(equals(schema, applyDefaults(schema, r.manifest.message), want), file);
      n++;
    }
    assert.ok(n > 30, `${n} fixtures`);
  });

  for (const kind of listKinds()) {
    for (const schema of [kind.schema, kind.stackInputSchema]) {
      test(`gives the reference's message on generated ${schema.name} messages, and leaves its input alone`, () => {
        fc.assert(
          fc.property(messageArb(schema), (message) => {
            const before = clone(schema, message);
            const got = applyDefaults(schema, message);
            assert.ok(equals(schema, got, referenceDefaults(schema, message)));
            assert.ok(equals(schema, message, before), "applyDefaults changed its input");
            assert.ok(equals(schema, applyDefaults(schema, got), got), "defaults are idempotent");
            const inPlace = clone(schema, message);
            assert.equal(fillDefaults(schema, inPlace), inPlace, "fillDefaults works on the message itself");
            assert.ok(equals(schema, inPlace, got));
          }),
          { numRuns: 200 },
        );
      });
    }
  }
});
