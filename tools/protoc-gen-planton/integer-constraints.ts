// Integer rules (buf.validate Int32Rules … SFixed64Rules) and the natural range
// of the type, rendered as JSON Schema. 32-bit integers are JSON numbers; 64-bit
// integers are numbers or decimal strings, as ProtoJSON reads them.
import { ScalarType } from "@bufbuild/protobuf";
import { decimalRangePattern } from "./decimal-pattern.ts";
import type { JsonSchema, JsonValue } from "./json-schema-types.ts";

export interface IntegerConstraints {
  /** Allowed values: the union of these closed ranges. */
  ranges: [bigint, bigint][];
  const?: bigint;
  in?: bigint[];
  notIn?: bigint[];
}

const I32: [bigint, bigint] = [-(2n ** 31n), 2n ** 31n - 1n];
const U32: [bigint, bigint] = [0n, 2n ** 32n - 1n];
const I64: [bigint, bigint] = [-(2n ** 63n), 2n ** 63n - 1n];
const U64: [bigint, bigint] = [0n, 2n ** 64n - 1n];

/** The range of an integer scalar type, and whether it is 64-bit; undefined for other scalars. */
export function integerType(type: ScalarType): { range: [bigint, bigint]; wide: boolean } | undefined {
  switch (type) {
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return { range: I32, wide: false };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { range: U32, wide: false };
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return { range: I64, wide: true };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { range: U64, wide: true };
    default:
      return undefined;
  }
}

export interface IntegerRuleValues {
  const?: bigint;
  lt?: bigint;
  lte?: bigint;
  gt?: bigint;
  gte?: bigint;
  in?: bigint[];
  notIn?: bigint[];
}

/** Combines the natural range with the rules, as protovalidate reads them. */
export function integerConstraints(natural: [bigint, bigint], r: IntegerRuleValues): IntegerConstraints {
  const [min, max] = natural;
  const upper = r.lt !== undefined ? r.lt - 1n : r.lte;
  const lower = r.gt !== undefined ? r.gt + 1n : r.gte;
  let ranges: [bigint, bigint][];
  if (lower !== undefined && upper !== undefined && lower > upper) {
    // protovalidate: `gt` above `lt` means outside the range (x < lt || x > gt).
    ranges = [
      [min, upper],
      [lower, max],
    ];
  } else {
    ranges = [[lower !== undefined && lower > min ? lower : min, upper !== undefined && upper < max ? upper : max]];
  }
  const c: IntegerConstraints = { ranges: ranges.filter(([a, b]) => a <= b) };
  if (r.const !== undefined) c.const = r.const;
  if (r.in?.length) c.in = r.in;
  if (r.notIn?.length) c.notIn = r.notIn;
  return c;
}

export function allows(c: IntegerConstraints, v: bigint): boolean {
  if (!c.ranges.some(([a, b]) => a <= v && v <= b)) return false;
  if (c.const !== undefined && c.const !== v) return false;
  if (c.in && !c.in.includes(v)) return false;
  if (c.notIn?.includes(v)) return false;
  return true;
}

/**
 * `v` as a JSON number that does not widen the range: the nearest double toward
 * zero. Above 2^53 a number in a manifest is already rounded when it is parsed,
 * and the SDK rejects one that rounds past the limit; so does the schema.
 */
function num(v: bigint): number {
  const magnitude = v < 0n ? -v : v;
  const bits = magnitude.toString(2).length;
  const truncated = bits <= 53 ? magnitude : (magnitude >> BigInt(bits - 53)) << BigInt(bits - 53);
  return v < 0n ? -Number(truncated) : Number(truncated);
}

function numberBranch(c: IntegerConstraints): JsonSchema {
  const s: JsonSchema = { type: "integer" };
  if (c.ranges.length === 1) {
    const [a, b] = c.ranges[0] as [bigint, bigint];
    s.minimum = num(a);
    s.maximum = num(b);
  } else {
    s.anyOf = c.ranges.map(([a, b]) => ({ minimum: num(a), maximum: num(b) }));
  }
  if (c.const !== undefined) s.const = num(c.const);
  if (c.in) s.enum = c.in.map(num);
  if (c.notIn) s.not = { enum: c.notIn.map(num) };
  return s;
}

/** A pattern for the decimal strings of exactly these values. */
function valuesPattern(values: bigint[]): string {
  const parts = values.map((v) => (v < 0n ? `-0*${-v}` : `0*${v}`));
  return `^(?:${parts.join("|")})$`;
}

/** The decimal-string form of an integer (64-bit values, map keys). */
export function integerStringSchema(c: IntegerConstraints): JsonSchema {
  const s: JsonSchema = { type: "string" };
  const patterns = c.ranges.map(([a, b]) => decimalRangePattern(a, b));
  s.pattern = patterns.length === 1 ? (patterns[0] as string) : patterns.map((p) => `(?:${p})`).join("|");
  const allOf: JsonValue[] = [];
  if (c.const !== undefined) allOf.push({ pattern: valuesPattern([c.const]) });
  if (c.in) allOf.push({ pattern: valuesPattern(c.in) });
  if (c.notIn) allOf.push({ not: { pattern: valuesPattern(c.notIn) } });
  if (allOf.length) s.allOf = allOf;
  return s;
}

/**
 * An integer field: a JSON number or, as ProtoJSON (and the loader) also read
 * it, a decimal string. A single range is one schema (`minimum` and `maximum`
 * apply to numbers only, `pattern` to strings only), which editors complete and
 * explain better than two alternatives.
 */
export function renderIntegerConstraints(c: IntegerConstraints, _wide: boolean): JsonSchema {
  const n = numberBranch(c);
  const str = integerStringSchema(c);
  if (Object.keys(n).every((k) => k === "type" || k === "minimum" || k === "maximum") && !str.allOf) {
    const range = c.ranges[0] as [bigint, bigint];
    return {
      type: ["integer", "string"],
      minimum: n.minimum as number,
      maximum: n.maximum as number,
      pattern: str.pattern as string,
      patternErrorMessage: `expected an integer from ${range[0]} to ${range[1]}`,
    };
  }
  return { anyOf: [n, str] };
}
