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
  /**
   * The message `planton validate` prints when a pattern (or not-pattern) fails,
   * by pattern: editors show it (`patternErrorMessage`) instead of the regex.
   */
  messages?: Record<string, string>;
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
  if (b.messages) out.messages = { ...(out.messages ?? {}), ...b.messages };
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
    const messages: Record<string, string> = { ...(out.messages ?? {}) };
    out.patterns = (out.patterns ?? []).map((p) => {
      if (new RegExp(p, "u").test("")) return p;
      const widened = `^$|${p}`;
      const message = c.messages?.[p];
      if (message !== undefined) messages[widened] = message;
      return widened;
    });
    out.messages = messages;
  }
  return satisfies(out, "") ? out : undefined;
}

export function renderStringConstraints(c: StringConstraints): JsonSchema {
  const s: JsonSchema = { type: "string" };
  if (c.const !== undefined) s.const = c.const;
  if (c.enum) s.enum = c.enum;
  if (c.minLength !== undefined && c.minLength > 0) s.minLength = c.minLength;
  if (c.maxLength !== undefined && Number.isFinite(c.maxLength)) s.maxLength = c.maxLength;
  // Not-patterns and excluded values become lookaheads, so that each is a
  // `pattern` an editor can explain with its own message.
  const notPatterns = (c.notPatterns ?? []).map((p) => String.raw`^(?![\s\S]*?(?:${p}))`);
  const messages: Record<string, string> = { ...(c.messages ?? {}) };
  (c.notPatterns ?? []).forEach((p, i) => {
    const m = c.messages?.[p];
    if (m !== undefined) messages[notPatterns[i] as string] = m;
  });
  const patterns = [...new Set([...(c.patterns ?? []), ...notPatterns])];
  const allOf: JsonSchema[] = [];
  const withMessage = (p: string): JsonSchema =>
    messages[p] === undefined ? { pattern: p } : { pattern: p, patternErrorMessage: messages[p] as string };
  if (patterns[0] !== undefined) Object.assign(s, withMessage(patterns[0]));
  for (const p of patterns.slice(1)) allOf.push(withMessage(p));
  if (c.notIn?.length) allOf.push({ not: { enum: c.notIn } });
  if (allOf.length > 0) s.allOf = allOf;
  if (c.examples?.length) s.examples = c.examples;
  return s;
}
