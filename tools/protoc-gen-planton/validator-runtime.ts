// The run-time support of the generated validators: copied verbatim into gen/ by
// protoc-gen-planton (emit=validators), and imported by the plugin itself to fold
// constant CEL sub-expressions at generate time with the very same functions.
// It must stay free of imports other than types from @bufbuild/protobuf.
import type { DescExtension, DescField, DescMessage, DescOneof } from "@bufbuild/protobuf";

/** One step of a field or rule path, as protovalidate reports it. */
export type PathItem =
  | DescField
  | DescExtension
  | DescOneof
  | { kind: "list_sub"; index: number }
  | { kind: "map_sub"; key: string | number | bigint | boolean };

/** A rule violation, shaped like protovalidate's `Violation`. */
export interface Violation {
  field: PathItem[];
  rule: PathItem[];
  ruleId: string;
  message: string;
  forKey: boolean;
}

export type ValidationResult =
  | { kind: "valid" }
  | { kind: "invalid"; violations: Violation[] }
  | { kind: "error"; error: Error };

/** A CEL run-time error (overflow, index out of range, no such key): the result is "error", as in protovalidate. */
export class CelError extends Error {
  override name = "CelError";
}

/** Markers in a path under construction: the next element is a list index or a map key. */
export const LIST = 0;
export const MAP = 1;

/** A violation at the current path `p` (descriptors, and LIST/MAP followed by an index or key). */
export function violation(
  p: readonly unknown[],
  rule: PathItem[],
  ruleId: string,
  message: string,
  forKey: boolean,
): Violation {
  const field: PathItem[] = [];
  for (let i = 0; i < p.length; i++) {
    const item = p[i];
    if (item === LIST) field.push({ kind: "list_sub", index: p[++i] as number });
    else if (item === MAP) field.push({ kind: "map_sub", key: p[++i] as string });
    else field.push(item as PathItem);
  }
  return { field, rule, ruleId, message, forKey };
}

/** The message type of `typeName` among `roots` and their nested types. */
export function findMessage(roots: readonly DescMessage[], typeName: string): DescMessage {
  for (const m of roots) {
    if (m.typeName === typeName) return m;
    if (typeName.startsWith(`${m.typeName}.`)) return findMessage(m.nestedMessages, typeName);
  }
  throw new Error(`generated validators: message ${typeName} not found`);
}

// --- regular expressions --------------------------------------------------------

/** A DFA compiled at generate time (tools/protoc-gen-planton/re2-dfa.ts). */
export interface Dfa {
  bounds: readonly number[];
  k: number;
  next: ArrayLike<number>;
  stop: ArrayLike<number>;
  end: ArrayLike<number>;
  ascii?: Uint16Array;
}

function classOf(d: Dfa, c: number): number {
  const b = d.bounds;
  let lo = 0;
  let hi = b.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((b[mid] as number) <= c) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** RE2 `matches` in one pass over the code points of `s`: no backtracking, time linear in `s`. */
export function matchDfa(d: Dfa, s: string): boolean {
  let ascii = d.ascii;
  if (ascii === undefined) {
    ascii = new Uint16Array(128);
    for (let c = 0; c < 128; c++) ascii[c] = classOf(d, c);
    d.ascii = ascii;
  }
  const { next, stop, k } = d;
  let st = 0;
  if (stop[0] !== 0) return stop[0] === 1;
  for (let i = 0; i < s.length; ) {
    const u = s.charCodeAt(i);
    let cls: number;
    if (u < 128) {
      cls = ascii[u] as number;
      i++;
    } else {
      const c = s.codePointAt(i) as number;
      i += c > 0xffff ? 2 : 1;
      cls = classOf(d, c);
    }
    st = next[st * k + cls] as number;
    const x = stop[st];
    if (x !== 0) return x === 1;
  }
  return d.end[st] === 1;
}

// --- CEL values -------------------------------------------------------------------
// int and uint are JS numbers while they are safe integers and bigints beyond (and
// for 64-bit fields); comparisons mix the two exactly.

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

function checked(r: bigint, unsigned: boolean): number | bigint {
  if (unsigned ? r < 0n || r > U64_MAX : r < I64_MIN || r > I64_MAX)
    throw new CelError(unsigned ? "uint overflow" : "int overflow");
  return Number.isSafeInteger(Number(r)) && BigInt(Number(r)) === r ? Number(r) : r;
}

type Int = number | bigint;

export function add(a: Int, b: Int, unsigned: boolean): Int {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isSafeInteger(r) && (!unsigned || r >= 0)) return r;
  }
  return checked(BigInt(a) + BigInt(b), unsigned);
}

export function sub(a: Int, b: Int, unsigned: boolean): Int {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (Number.isSafeInteger(r) && (!unsigned || r >= 0)) return r;
  }
  return checked(BigInt(a) - BigInt(b), unsigned);
}

export function mul(a: Int, b: Int, unsigned: boolean): Int {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    if (Number.isSafeInteger(r) && (!unsigned || r >= 0)) return r;
  }
  return checked(BigInt(a) * BigInt(b), unsigned);
}

export function div(a: Int, b: Int, unsigned: boolean): Int {
  if (BigInt(b) === 0n) throw new CelError("divide by zero");
  return checked(BigInt(a) / BigInt(b), unsigned);
}

export function mod(a: Int, b: Int, unsigned: boolean): Int {
  if (BigInt(b) === 0n) throw new CelError("modulus by zero");
  return checked(BigInt(a) % BigInt(b), unsigned);
}

export function neg(a: Int): Int {
  return typeof a === "number" && a !== 0 ? -a : checked(-BigInt(a), false);
}

/** `uint(x)` of an int. */
export function toUint(a: Int): Int {
  if (a < 0) throw new CelError("uint overflow");
  return a;
}

/** `int(x)` of a uint. */
export function toInt(a: Int): Int {
  if (a > I64_MAX) throw new CelError("int overflow");
  return a;
}

/** CEL `size(string)`: code points, not UTF-16 units. */
export function size(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** `size(bytes(s))`: the length of the UTF-8 encoding (unpaired surrogates as U+FFFD). */
export function utf8Size(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

export function mapSize(m: object): number {
  return Object.keys(m).length;
}

export function hasKeys(m: object): boolean {
  for (const _ in m) return true;
  return false;
}

export function index<T>(list: readonly T[], i: Int): T {
  const n = Number(i);
  if (!(n >= 0 && n < list.length)) throw new CelError(`index out of bounds: ${i}`);
  return list[n] as T;
}

export function get<T>(map: Record<string, T>, key: unknown): T {
  const k = String(key);
  if (!Object.hasOwn(map, k)) throw new CelError(`no such key: ${k}`);
  return map[k] as T;
}

/** `x in list` with CEL's equality (numbers and bigints compare by value). */
export function inList(list: readonly unknown[], x: unknown): boolean {
  const numeric = typeof x === "number" || typeof x === "bigint";
  for (const y of list) {
    if (y === x) return true;
    // biome-ignore lint/suspicious/noDoubleEquals: a number and a bigint of the same value are equal in CEL
    if (numeric && (typeof y === "number" || typeof y === "bigint") && y == x) return true;
  }
  return false;
}

/** protovalidate's `unique()` on a list of scalars. */
export function unique(list: readonly unknown[]): boolean {
  const seen = new Set<unknown>();
  for (const x of list) {
    const key = typeof x === "bigint" || typeof x === "number" ? `n${x}` : x instanceof Uint8Array ? `b${x}` : x;
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

/** `!(@not_strictly_false)`: true unless `f` is false; an error counts as true. */
export function notStrictlyFalse(f: () => boolean): boolean {
  try {
    return f();
  } catch (e) {
    if (e instanceof CelError) return true;
    throw e;
  }
}

/** `a && b` with CEL's error absorption when both sides can fail. */
export function and(a: () => boolean, b: () => boolean): boolean {
  let err: unknown;
  try {
    if (!a()) return false;
  } catch (e) {
    if (!(e instanceof CelError)) throw e;
    err = e;
  }
  if (!b()) return false;
  if (err !== undefined) throw err;
  return true;
}

/** `a || b` with CEL's error absorption when both sides can fail. */
export function or(a: () => boolean, b: () => boolean): boolean {
  let err: unknown;
  try {
    if (a()) return true;
  } catch (e) {
    if (!(e instanceof CelError)) throw e;
    err = e;
  }
  if (b()) return true;
  if (err !== undefined) throw err;
  return false;
}

function formatValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(formatValue).join(", ")}]`;
  if (typeof v === "number" && Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "Infinity";
  if (v === Number.NEGATIVE_INFINITY) return "-Infinity";
  return String(v);
}

/** The strings extension's `format` for the verbs the schema uses (%s, %d and %%). */
export function format(text: string, args: readonly unknown[]): string {
  let i = 0;
  return text.replace(/%([sd%])/g, (_, verb: string) => {
    if (verb === "%") return "%";
    if (i >= args.length) throw new CelError(`format: missing argument for %${verb}`);
    return formatValue(args[i++]);
  });
}
