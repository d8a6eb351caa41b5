// Golden files: the recorded resources of a module for one input, as JSON with
// secrets redacted and keys sorted. UPDATE_GOLDEN=1 rewrites them.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type RecordedResource, redactSecrets } from "@planton/module-kit/record";

/** The repository's formatter (Biome) line width; golden files are written as it formats them. */
const LINE_WIDTH = 120;

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== "object" || v === null) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
  );
}

/**
 * JSON as Biome formats it: objects expanded, arrays on one line when they fit
 * (`column` is where the value starts, `tail` the characters after it).
 */
function format(v: unknown, indent: string, column: number, tail: number): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const inner = `${indent}  `;
    const items = v.map((x, i) => format(x, inner, inner.length, i < v.length - 1 ? 1 : 0));
    const flat = `[${items.join(", ")}]`;
    if (!items.some((s) => s.includes("\n")) && column + flat.length + tail <= LINE_WIDTH) return flat;
    return `[\n${items.map((s) => `${inner}${s}`).join(",\n")}\n${indent}]`;
  }
  if (typeof v === "object" && v !== null) {
    const entries = Object.entries(v);
    if (entries.length === 0) return "{}";
    const inner = `${indent}  `;
    const lines = entries.map(([k, x], i) => {
      const key = `${JSON.stringify(k)}: `;
      return `${inner}${key}${format(x, inner, inner.length + key.length, i < entries.length - 1 ? 1 : 0)}`;
    });
    return `{\n${lines.join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(v);
}

/** The records as a golden file holds them. */
export function goldenText(records: RecordedResource[]): string {
  return `${format(sortKeys(redactSecrets(records)), "", 0, 0)}\n`;
}

/** Compares `records` with the golden file, or writes it when UPDATE_GOLDEN=1. */
export function assertGolden(file: string, records: RecordedResource[]): void {
  const actual = goldenText(records);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(
    existsSync(file),
    `no golden file ${file}; run the tests with UPDATE_GOLDEN=1 to create it, then review it`,
  );
  // Compared as data, so the diff shows what changed and reformatting is harmless.
  assert.deepStrictEqual(
    JSON.parse(actual),
    JSON.parse(readFileSync(file, "utf8")),
    `${file} differs; if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff`,
  );
}
