// String rules collected from buf.validate StringRules and predefined rules,
// rendered as JSON Schema string keywords. Patterns are ECMAScript.
import type { JsonSchema } from "./json-schema-types.ts";

export interface StringConstraints {
  const?: string;
  enum?: string[];
  notIn?: string[];
  minLength?: number;
  maxLength?: number;
  /** All must match (search semantics, as `pattern`). */
  patterns?: string[];
  /** None may match. */
  notPatterns?: string[];
  examples?: string[];
}

export function mergeStringConstraints(a: StringConstraints, b: StringConstraints): StringConstraints {
  const out: StringConstraints = { ...a };
  if (b.const !== undefined) out.const = b.const;
  if (b.enum !== undefined) out.enum = out.enum ? out.enum.filter((v) => b.enum?.includes(v)) : [...b.enum];
  if (b.notIn) out.notIn = [...(out.notIn ?? []), ...b.notIn];
  if (b.minLength !== undefined) out.minLength = Math.max(out.minLength ?? 0, b.minLength);
  if (b.maxLength !== undefined) out.maxLength = Math.min(out.maxLength ?? Number.POSITIVE_INFINITY, b.maxLength);
  if (b.patterns) out.patterns = [...(out.patterns ?? []), ...b.patterns];
  if (b.notPatterns) out.notPatterns = [...(out.notPatterns ?? []), ...b.notPatterns];
  if (b.examples) out.examples = [...(out.examples ?? []), ...b.examples];
  return out;
}

/** Whether `value` satisfies the constraints (as a JSON Schema validator would decide). */
export function satisfies(c: StringConstraints, value: string): boolean {
  const length = [...value].length;
  if (c.const !== undefined && c.const !== value) return false;
  if (c.enum && !c.enum.includes(value)) return false;
  if (c.notIn?.includes(value)) return false;
  if (c.minLength !== undefined && length < c.minLength) return false;
  if (c.maxLength !== undefined && length > c.maxLength) return false;
  if (c.patterns?.some((p) => !new RegExp(p, "u").test(value))) return false;
  if (c.notPatterns?.some((p) => new RegExp(p, "u").test(value))) return false;
  return true;
}

/**
 * The constraints, widened to also accept "" (rules with IGNORE_IF_ZERO_VALUE skip
 * the empty string). Keywords are rewritten one by one where that keeps editor
 * messages precise; otherwise the caller falls back to `anyOf: [{const: ""}, …]`.
 */
export function allowEmpty(c: StringConstraints): StringConstraints | undefined {
  if (satisfies(c, "")) return c;
  const out: StringConstraints = { ...c };
  if (c.const !== undefined) {
    delete out.const;
    out.enum = ["", c.const];
  }
  if (out.enum && !out.enum.includes("")) out.enum = ["", ...out.enum];
  if (c.minLength !== undefined && c.minLength > 0) {
    delete out.minLength;
    out.patterns = [...(out.patterns ?? []), String.raw`^(?:|[\s\S]{${c.minLength},})$`];
  }
  if (c.patterns) {
    out.patterns = (out.patterns ?? []).map((p) => (new RegExp(p, "u").test("") ? p : `^$|${p}`));
  }
  return satisfies(out, "") ? out : undefined;
}

export function renderStringConstraints(c: StringConstraints): JsonSchema {
  const s: JsonSchema = { type: "string" };
  if (c.const !== undefined) s.const = c.const;
  if (c.enum) s.enum = c.enum;
  if (c.minLength !== undefined && c.minLength > 0) s.minLength = c.minLength;
  if (c.maxLength !== undefined && Number.isFinite(c.maxLength)) s.maxLength = c.maxLength;
  const patterns = [...new Set(c.patterns ?? [])];
  const allOf: JsonSchema[] = [];
  if (patterns[0] !== undefined) s.pattern = patterns[0];
  for (const p of patterns.slice(1)) allOf.push({ pattern: p });
  for (const p of c.notPatterns ?? []) allOf.push({ not: { pattern: p } });
  if (c.notIn?.length) allOf.push({ not: { enum: c.notIn } });
  if (allOf.length > 0) s.allOf = allOf;
  if (c.examples?.length) s.examples = c.examples;
  return s;
}
