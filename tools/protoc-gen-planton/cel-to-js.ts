// Compiles the CEL of buf.validate rules to JavaScript at generate time: the
// expressions of our schema, of our predefined `k8s.*` rules and of the standard
// rules in validate.proto. Types are known from the descriptors, `rules` and `rule`
// are constants (the rule values of the field), and every sub-expression over
// constants is evaluated here, with the run-time functions the generated code uses.
// What the compiler does not implement is an error naming the expression: the
// plugin fails generation rather than fall back to an interpreter.

import { parse } from "@bufbuild/cel";
import type { DescField, DescMessage, Message } from "@bufbuild/protobuf";
import { ScalarType } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import { compileRe2 } from "./re2-dfa.ts";
import * as rt from "./validator-runtime.ts";

type Expr = ReturnType<typeof parse>["expr"];

export type CelType =
  | { k: "bool" | "string" | "bytes" | "double" | "null" }
  // Elements of a list literal of mixed types (format()'s arguments); nothing else accepts it.
  | { k: "dyn" }
  | { k: "int" | "uint"; nonNegative?: boolean }
  | { k: "list"; e: CelType }
  | { k: "map"; key: CelType; val: CelType }
  | { k: "msg"; d: DescMessage; maybeUnset: boolean }
  | { k: "const_msg"; m: Message; d: DescMessage };

/** A compiled expression: JavaScript text, its CEL type, its value when constant. */
export interface Compiled {
  js: string;
  t: CelType;
  /** Whether evaluation may raise a CEL error. */
  err: boolean;
  constant?: { v: unknown };
  /** For `bytes(s)`: the string, so that `size(bytes(s))` needs no encoding. */
  utf8Of?: string;
  /**
   * For the variable of a comprehension over a map: the JavaScript of that map.
   * Indexing the same map with it cannot fail (the key was read from the map).
   */
  keyOf?: string;
}

export class CelCompileError extends Error {
  override name = "CelCompileError";
}

const BOOL: CelType = { k: "bool" };
const STRING: CelType = { k: "string" };
const INT: CelType = { k: "int" };
const UINT: CelType = { k: "uint" };
const DOUBLE: CelType = { k: "double" };

/** Names the generated module gives to things the compiled code refers to. */
export interface Hoister {
  /** A module-level constant holding `valueJs`; returns its name. */
  hoist(valueJs: string): string;
  /** A fresh local name. */
  local(prefix: string): string;
}

export interface Scope {
  vars: Map<string, Compiled>;
}

function isInt(t: CelType): boolean {
  return t.k === "int" || t.k === "uint";
}

function literal(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : v < 0 ? `(${v})` : String(v);
  if (typeof v === "bigint")
    return Number.isSafeInteger(Number(v)) ? literal(Number(v)) : `${v < 0n ? `(${v}n)` : `${v}n`}`;
  if (v === null) return "null";
  if (Array.isArray(v)) return `[${v.map(literal).join(", ")}]`;
  throw new CelCompileError(`cannot write constant ${String(v)} as JavaScript`);
}

function constant(v: unknown, t: CelType): Compiled {
  return { js: literal(v), t, err: false, constant: { v } };
}

/** The CEL type of a field's value (or of one element, for `element`). */
export function fieldType(f: DescField, element = false): CelType {
  if (f.fieldKind === "list" && !element) return { k: "list", e: fieldType(f, true) };
  if (f.fieldKind === "map" && !element) return { k: "map", key: scalarType(f.mapKey), val: fieldType(f, true) };
  const kind = f.fieldKind === "list" ? f.listKind : f.fieldKind === "map" ? f.mapKind : f.fieldKind;
  switch (kind) {
    case "enum":
      return INT;
    case "message": {
      const d = (f as { message: DescMessage }).message;
      if (d.file.name.startsWith("google/protobuf/"))
        throw new CelCompileError(`field ${f.parent.typeName}.${f.name}: well-known type ${d.typeName} in CEL`);
      return { k: "msg", d, maybeUnset: !element };
    }
    default:
      return scalarType((f as { scalar: ScalarType }).scalar);
  }
}

export function scalarType(s: ScalarType): CelType {
  switch (s) {
    case ScalarType.STRING:
      return STRING;
    case ScalarType.BOOL:
      return BOOL;
    case ScalarType.BYTES:
      return { k: "bytes" };
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return DOUBLE;
    case ScalarType.UINT32:
    case ScalarType.UINT64:
    case ScalarType.FIXED32:
    case ScalarType.FIXED64:
      return UINT;
    default:
      return INT;
  }
}

/** JavaScript for the zero value of a field read from an unset message. */
export function zeroJs(f: DescField, h: Hoister): string {
  if (f.fieldKind === "list") return h.hoist("Object.freeze([])");
  if (f.fieldKind === "map") return h.hoist("Object.freeze({})");
  if (f.fieldKind === "message") return "undefined";
  if (f.fieldKind === "enum") return String(f.enum.values[0]?.number ?? 0);
  switch (f.scalar) {
    case ScalarType.STRING:
      return '""';
    case ScalarType.BOOL:
      return "false";
    case ScalarType.BYTES:
      return h.hoist("new Uint8Array(0)");
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return f.longAsString ? '"0"' : "0n";
    default:
      return "0";
  }
}

function isSimple(js: string): boolean {
  return /^[A-Za-z_$][\w$]*(\??\.[A-Za-z_$][\w$]*)*$/.test(js);
}

/** JavaScript for reading field `f` of the message `obj` (which may be undefined when `maybeUnset`). */
export function readField(objJs: string, f: DescField, maybeUnset: boolean, h: Hoister): string {
  const dot = maybeUnset ? "?." : ".";
  if (f.oneof) {
    const o = `${objJs}${dot}${f.oneof.localName}`;
    return `(${o}${maybeUnset ? "?." : "."}case === ${JSON.stringify(f.localName)} ? ${objJs}.${f.oneof.localName}.value : ${zeroJs(f, h)})`;
  }
  const zero = zeroJs(f, h);
  const explicit = f.fieldKind !== "list" && f.fieldKind !== "map" && f.presence !== 2; // 2: IMPLICIT
  if (maybeUnset || explicit)
    return zero === "undefined" ? `${objJs}${dot}${f.localName}` : `(${objJs}${dot}${f.localName} ?? ${zero})`;
  return `${objJs}.${f.localName}`;
}

/** JavaScript for `has(obj.f)`, protobuf-es' isFieldSet. */
export function hasField(objJs: string, f: DescField, maybeUnset: boolean): string {
  const dot = maybeUnset ? "?." : ".";
  const name = f.localName;
  if (f.oneof) return `(${objJs}${dot}${f.oneof.localName}${maybeUnset ? "?." : "."}case === ${JSON.stringify(name)})`;
  if (f.fieldKind === "list") return `(${objJs}${dot}${name}${maybeUnset ? "?." : "."}length > 0)`;
  if (f.fieldKind === "map") return `(${objJs} !== undefined && rt.hasKeys(${objJs}.${name}))`;
  if (f.fieldKind === "message") return `(${objJs}${dot}${name} !== undefined)`;
  if (f.presence !== 2) {
    // Explicit presence: proto2 defaults live on the prototype.
    return f.parent.file.edition === 999
      ? `(${objJs}${dot}${name} !== undefined)`
      : `(${objJs} !== undefined && ${objJs}.${name} !== undefined && Object.hasOwn(${objJs}, ${JSON.stringify(name)}))`;
  }
  const value = `${objJs}${dot}${name}`;
  if (f.fieldKind === "enum") return `(${value} !== undefined && ${value} !== ${f.enum.values[0]?.number ?? 0})`;
  switch (f.scalar) {
    case ScalarType.STRING:
      return `(${value} !== undefined && ${value} !== "")`;
    case ScalarType.BOOL:
      return `(${value} === true)`;
    case ScalarType.BYTES:
      return `(${value} !== undefined && ${value}.length > 0)`;
    default:
      return `(${value} !== undefined && ${value} != 0)`;
  }
}

function constValueOfField(
  d: DescMessage,
  m: Message,
  name: string,
  where: string,
): { v: unknown; t: CelType; set: boolean } {
  const r = reflect(d, m);
  const f = r.fields.find((x) => x.name === name);
  if (!f) throw new CelCompileError(`${where}: no field ${name} in ${r.desc.typeName}`);
  const set = r.isSet(f);
  if (f.fieldKind === "list") {
    const list = r.get(f);
    const values: unknown[] = [];
    for (const x of list) values.push(x);
    return { v: values, t: fieldType(f), set };
  }
  if (f.fieldKind === "message") {
    const value = r.get(f);
    return { v: value.message, t: { k: "const_msg", m: value.message, d: f.message }, set };
  }
  if (f.fieldKind === "map") throw new CelCompileError(`${where}: map rule values are not supported`);
  const value = r.get(f);
  return { v: value, t: f.fieldKind === "enum" ? INT : scalarType(f.scalar), set };
}

export class CelCompiler {
  private readonly h: Hoister;
  private readonly where: string;
  private readonly expression: string;

  constructor(h: Hoister, where: string, expression: string) {
    this.h = h;
    this.where = where;
    this.expression = expression;
  }

  private fail(what: string): never {
    throw new CelCompileError(`${this.where}: ${what} in CEL expression ${JSON.stringify(this.expression)}`);
  }

  compileText(scope: Scope): Compiled {
    let parsed: Expr;
    try {
      parsed = (parse(this.expression) as unknown as { expr: Expr }).expr;
    } catch (e) {
      return this.fail(`a syntax error (${String(e)})`);
    }
    return this.compile(parsed, scope);
  }

  /** Evaluates a compiled expression whose operands are constants, with the run-time functions. */
  private fold(c: Compiled): Compiled {
    if (c.constant) return c;
    let v: unknown;
    try {
      v = new Function("rt", `"use strict"; return (${c.js});`)(rt);
    } catch (e) {
      if (e instanceof rt.CelError) return c; // an error at run time, as in CEL
      throw e;
    }
    if (v instanceof Uint8Array) return c;
    const folded = constant(v, c.t);
    if (c.utf8Of !== undefined) folded.utf8Of = c.utf8Of;
    return folded;
  }

  private pure(js: string, t: CelType, args: Compiled[], err = false): Compiled {
    const c: Compiled = { js, t, err: err || args.some((a) => a.err) };
    return args.every((a) => a.constant) ? this.fold(c) : c;
  }

  compile(e: Expr, scope: Scope): Compiled {
    const k = e.exprKind;
    switch (k.case) {
      case "constExpr": {
        const c = k.value.constantKind;
        switch (c.case) {
          case "boolValue":
            return constant(c.value, BOOL);
          case "stringValue":
            return constant(c.value, STRING);
          case "int64Value":
            return constant(Number.isSafeInteger(Number(c.value)) ? Number(c.value) : c.value, INT);
          case "uint64Value":
            return constant(Number.isSafeInteger(Number(c.value)) ? Number(c.value) : c.value, {
              k: "uint",
              nonNegative: true,
            });
          case "doubleValue":
            return constant(c.value, DOUBLE);
          case "nullValue":
            return constant(null, { k: "null" });
          default:
            return this.fail(`a ${c.case} literal`);
        }
      }
      case "identExpr": {
        const v = scope.vars.get(k.value.name);
        if (!v) return this.fail(`the unknown variable ${k.value.name}`);
        return v;
      }
      case "selectExpr": {
        const operand = this.compile(k.value.operand as Expr, scope);
        return this.select(operand, k.value.field, k.value.testOnly);
      }
      case "listExpr": {
        if (k.value.optionalIndices.length > 0) this.fail("optional list elements");
        const items = k.value.elements.map((x) => this.compile(x, scope));
        let t: CelType = items[0]?.t ?? { k: "null" };
        for (const x of items) if (x.t.k !== t.k && !(isInt(x.t) && isInt(t))) t = { k: "dyn" };
        return this.pure(`[${items.map((x) => x.js).join(", ")}]`, { k: "list", e: t }, items);
      }
      case "callExpr":
        return this.call(k.value.function, k.value.target, k.value.args, scope);
      case "comprehensionExpr":
        return this.comprehension(k.value, scope);
      default:
        return this.fail(`a ${k.case ?? "missing"} expression`);
    }
  }

  private select(operand: Compiled, name: string, testOnly: boolean): Compiled {
    const t = operand.t;
    if (t.k === "const_msg") {
      const r = constValueOfField(t.d, t.m, name, this.where);
      if (testOnly) return constant(r.set, BOOL);
      if (r.t.k === "const_msg") return { js: "undefined", t: r.t, err: false, constant: { v: r.v } };
      return constant(r.v, r.t);
    }
    if (t.k === "msg") {
      const f = t.d.fields.find((x) => x.name === name);
      if (!f) return this.fail(`no field ${name} in ${t.d.typeName}`);
      if (testOnly) {
        if (isSimple(operand.js)) return { js: hasField(operand.js, f, t.maybeUnset), t: BOOL, err: operand.err };
        const tmp = this.h.local("m");
        return { js: `((${tmp}) => ${hasField(tmp, f, t.maybeUnset)})(${operand.js})`, t: BOOL, err: operand.err };
      }
      if (!isSimple(operand.js)) {
        const tmp = this.h.local("m");
        return {
          js: `((${tmp}) => ${readField(tmp, f, t.maybeUnset, this.h)})(${operand.js})`,
          t: fieldType(f),
          err: operand.err,
        };
      }
      return { js: readField(operand.js, f, t.maybeUnset, this.h), t: fieldType(f), err: operand.err };
    }
    if (t.k === "map" && t.key.k === "string") {
      if (testOnly) return { js: `Object.hasOwn(${operand.js}, ${JSON.stringify(name)})`, t: BOOL, err: operand.err };
      return { js: `rt.get(${operand.js}, ${JSON.stringify(name)})`, t: t.val, err: true };
    }
    return this.fail(`selecting ${name} from a ${t.k}`);
  }

  private call(fn: string, targetExpr: Expr | undefined, argExprs: Expr[], scope: Scope): Compiled {
    // Macros and functions that must not evaluate all their arguments eagerly.
    if (fn === "getField") {
      const [msg, name] = argExprs.map((a) => this.compile(a, scope));
      if (msg?.t.k !== "const_msg" || typeof name?.constant?.v !== "string")
        return this.fail("getField() on something other than the rules");
      const r = constValueOfField(msg.t.d, msg.t.m, name.constant.v, this.where);
      return constant(r.v, r.t);
    }
    const target = targetExpr ? this.compile(targetExpr, scope) : undefined;
    const args = argExprs.map((a) => this.compile(a, scope));
    const [a, b, c] = args;
    const all = target ? [target, ...args] : args;
    const need = (n: number) => {
      if (args.length !== n) this.fail(`${fn}() with ${args.length} arguments`);
    };
    switch (fn) {
      case "_&&_":
      case "_||_": {
        need(2);
        const [x, y] = [a as Compiled, b as Compiled];
        if (x.t.k !== "bool" || y.t.k !== "bool") return this.fail(`${fn} on non-bool operands`);
        const and = fn === "_&&_";
        // Commutative with error absorption: a constant that decides wins, a constant that does not drops out.
        for (const [p, q] of [
          [x, y],
          [y, x],
        ] as const) {
          if (p.constant) {
            if (p.constant.v === !and) return constant(!and, BOOL);
            return q;
          }
        }
        if (x.err && y.err) return { js: `rt.${and ? "and" : "or"}(() => ${x.js}, () => ${y.js})`, t: BOOL, err: true };
        const [first, second] = x.err ? [y, x] : [x, y];
        return { js: `(${first.js} ${and ? "&&" : "||"} ${second.js})`, t: BOOL, err: x.err || y.err };
      }
      case "!_":
        need(1);
        if (a?.t.k !== "bool") return this.fail("! on a non-bool");
        return this.pure(`!${a.js}`, BOOL, args);
      case "-_":
        need(1);
        if (a?.t.k === "double") return this.pure(`(-${a.js})`, DOUBLE, args);
        if (a?.t.k === "int") return this.pure(`rt.neg(${a.js})`, INT, args, true);
        return this.fail("unary - on a non-number");
      case "_?_:_": {
        need(3);
        if (a?.t.k !== "bool") return this.fail("a non-bool condition");
        if (a.constant) return a.constant.v ? (b as Compiled) : (c as Compiled);
        const t = this.unify((b as Compiled).t, (c as Compiled).t);
        return { js: `(${a.js} ? ${b?.js} : ${c?.js})`, t, err: all.some((x) => x.err) };
      }
      case "_==_":
      case "_!=_":
        need(2);
        return this.equality(a as Compiled, b as Compiled, fn === "_!=_");
      case "_<_":
      case "_<=_":
      case "_>_":
      case "_>=_": {
        need(2);
        const [x, y] = [a as Compiled, b as Compiled];
        const numeric = (isInt(x.t) || x.t.k === "double") && (isInt(y.t) || y.t.k === "double");
        if (!numeric && !(x.t.k === "string" && y.t.k === "string") && !(x.t.k === "bool" && y.t.k === "bool"))
          return this.fail(`${fn} on ${x.t.k} and ${y.t.k}`);
        const op = fn.slice(1, -1);
        return this.pure(`(${x.js} ${op} ${y.js})`, BOOL, args);
      }
      case "_+_":
      case "_-_":
      case "_*_":
      case "_/_":
      case "_%_":
        need(2);
        return this.arithmetic(fn, a as Compiled, b as Compiled);
      case "_[_]": {
        need(2);
        const [x, i] = [a as Compiled, b as Compiled];
        if (x.t.k === "list" && isInt(i.t)) return this.pure(`rt.index(${x.js}, ${i.js})`, x.t.e, args, true);
        if (x.t.k === "map" && i.t.k === x.t.key.k)
          return this.pure(`rt.get(${x.js}, ${i.js})`, x.t.val, args, !(i.keyOf !== undefined && i.keyOf === x.js));
        return this.fail(`indexing a ${x.t.k} with a ${i.t.k}`);
      }
      case "@in": {
        need(2);
        const [x, coll] = [a as Compiled, b as Compiled];
        if (coll.t.k === "list") {
          if (coll.constant && Array.isArray(coll.constant.v) && (x.t.k === "string" || x.t.k === "bool"))
            return this.pure(`${coll.js}.includes(${x.js})`, BOOL, args);
          return this.pure(`rt.inList(${coll.js}, ${x.js})`, BOOL, args);
        }
        if (coll.t.k === "map") {
          const key = coll.t.key.k === "string" ? x.js : `String(${x.js})`;
          return this.pure(`Object.hasOwn(${coll.js}, ${key})`, BOOL, args);
        }
        return this.fail(`in on a ${coll.t.k}`);
      }
      case "size": {
        const x = target ?? a;
        if (!x || all.length !== 1) return this.fail("size() with the wrong arguments");
        const t: CelType = { k: "int", nonNegative: true };
        if (x.utf8Of !== undefined) return this.pure(`rt.utf8Size(${x.utf8Of})`, t, [x]);
        switch (x.t.k) {
          case "string":
            return this.pure(`rt.size(${x.js})`, t, [x]);
          case "bytes":
          case "list":
            return this.pure(`${x.js}.length`, t, [x]);
          case "map":
            return this.pure(`rt.mapSize(${x.js})`, t, [x]);
          default:
            return this.fail(`size() of a ${x.t.k}`);
        }
      }
      case "matches": {
        const [s, p] = target ? [target, a] : [a, b];
        if (s?.t.k !== "string" || typeof p?.constant?.v !== "string")
          return this.fail("matches() with a pattern that is not a constant string");
        let dfa: ReturnType<typeof compileRe2>;
        try {
          dfa = compileRe2(p.constant.v);
        } catch (e) {
          return this.fail(String((e as Error).message));
        }
        const name = this.h.hoist(
          `{ bounds: ${JSON.stringify(dfa.bounds)}, k: ${dfa.k}, next: new Uint16Array(${JSON.stringify(dfa.next)}), stop: new Uint8Array(${JSON.stringify(dfa.stop)}), end: new Uint8Array(${JSON.stringify(dfa.end)}) } /* RE2 ${p.constant.v.replaceAll("*/", "*\\/")} */`,
        );
        if (s.constant) return constant(rt.matchDfa(dfa, s.constant.v as string), BOOL);
        return { js: `rt.matchDfa(${name}, ${s.js})`, t: BOOL, err: s.err };
      }
      case "startsWith":
      case "endsWith":
      case "contains": {
        need(1);
        if (target?.t.k !== "string" || a?.t.k !== "string") return this.fail(`${fn}() on a non-string`);
        const method = fn === "contains" ? "includes" : fn;
        return this.pure(`${target.js}.${method}(${a.js})`, BOOL, all);
      }
      case "string": {
        need(1);
        if (target) return this.fail("string() as a method");
        const x = a as Compiled;
        if (x.t.k === "string") return x;
        if (isInt(x.t) || x.t.k === "bool") return this.pure(`String(${x.js})`, STRING, args);
        return this.fail(`string() of a ${x.t.k}`);
      }
      case "bytes": {
        need(1);
        if (target || a?.t.k !== "string") return this.fail("bytes() of a non-string");
        return { js: `rt.utf8(${a.js})`, t: { k: "bytes" }, err: a.err, utf8Of: a.js };
      }
      case "uint": {
        need(1);
        const x = a as Compiled;
        if (x.t.k === "uint") return x;
        if (x.t.k !== "int") return this.fail(`uint() of a ${x.t.k}`);
        if (x.t.nonNegative) return { ...x, t: { k: "uint", nonNegative: true } };
        return this.pure(`rt.toUint(${x.js})`, UINT, args, true);
      }
      case "int": {
        need(1);
        const x = a as Compiled;
        if (x.t.k === "int") return x;
        if (x.t.k !== "uint") return this.fail(`int() of a ${x.t.k}`);
        return this.pure(`rt.toInt(${x.js})`, INT, args, true);
      }
      case "double": {
        need(1);
        const x = a as Compiled;
        if (x.t.k === "double") return x;
        if (!isInt(x.t)) return this.fail(`double() of a ${x.t.k}`);
        return this.pure(`Number(${x.js})`, DOUBLE, args);
      }
      case "join": {
        if (target?.t.k !== "list" || target.t.e.k !== "string" || args.length > 1)
          return this.fail("join() on a non-list");
        const sep = a ?? constant("", STRING);
        if (sep.t.k !== "string") return this.fail("join() with a non-string separator");
        return this.pure(`${target.js}.join(${sep.js})`, STRING, all);
      }
      case "format": {
        need(1);
        if (target?.t.k !== "string" || !target.constant || a?.t.k !== "list")
          return this.fail("format() of a non-constant text");
        const verbs = (target.constant.v as string).match(/%./g) ?? [];
        for (const v of verbs) if (!["%s", "%d", "%%"].includes(v)) this.fail(`the format verb ${v}`);
        return this.pure(`rt.format(${target.js}, ${a.js})`, STRING, all, true);
      }
      case "unique": {
        if (target?.t.k !== "list" || args.length > 0) return this.fail("unique() on a non-list");
        if (target.t.e.k === "msg" || target.t.e.k === "list" || target.t.e.k === "map")
          return this.fail("unique() of a list of messages");
        return this.pure(`rt.unique(${target.js})`, BOOL, all);
      }
      case "isNan": {
        if (target?.t.k !== "double" || args.length > 0) return this.fail("isNan() on a non-double");
        return this.pure(`Number.isNaN(${target.js})`, BOOL, all);
      }
      case "isInf": {
        if (target?.t.k !== "double" || args.length > 1 || (a && !isInt(a.t)))
          return this.fail("isInf() on a non-double");
        const sign = a ? `(${a.js})` : "0";
        return this.pure(
          `((${sign} >= 0 && ${target.js} === Infinity) || (${sign} <= 0 && ${target.js} === -Infinity))`,
          BOOL,
          all,
        );
      }
      case "@not_strictly_false": {
        need(1);
        const x = a as Compiled;
        if (!x.err) return x;
        return { js: `rt.notStrictlyFalse(() => ${x.js})`, t: BOOL, err: false };
      }
      default:
        return this.fail(`the function ${fn}`);
    }
  }

  private unify(x: CelType, y: CelType): CelType {
    if (x.k === "list" && y.k === "list") return x.e.k === "null" ? y : x;
    if (x.k === y.k) {
      if (isInt(x)) return { k: x.k } as CelType;
      return x;
    }
    return this.fail(`a conditional with branches of types ${x.k} and ${y.k}`);
  }

  private equality(x: Compiled, y: Compiled, negate: boolean): Compiled {
    const numeric = (t: CelType) => isInt(t) || t.k === "double";
    let js: string;
    if (numeric(x.t) && numeric(y.t)) js = `(${x.js} ${negate ? "!=" : "=="} ${y.js})`;
    else if (x.t.k === y.t.k && (x.t.k === "string" || x.t.k === "bool"))
      js = `(${x.js} ${negate ? "!==" : "==="} ${y.js})`;
    else return this.fail(`== between ${x.t.k} and ${y.t.k}`);
    return this.pure(js, BOOL, [x, y]);
  }

  private arithmetic(fn: string, x: Compiled, y: Compiled): Compiled {
    const args = [x, y];
    if (fn === "_+_" && x.t.k === "string" && y.t.k === "string") return this.pure(`(${x.js} + ${y.js})`, STRING, args);
    if (fn === "_+_" && x.t.k === "list" && y.t.k === "list") {
      const t = x.t.e.k === "null" ? y.t : x.t;
      if (x.constant && Array.isArray(x.constant.v) && x.constant.v.length === 0) return { ...y, t };
      return this.pure(`${x.js}.concat(${y.js})`, t, args);
    }
    if (x.t.k === "double" && y.t.k === "double") {
      const op = { "_+_": "+", "_-_": "-", "_*_": "*", "_/_": "/" }[fn];
      if (!op) return this.fail(`${fn} on doubles`);
      return this.pure(`(${x.js} ${op} ${y.js})`, DOUBLE, args);
    }
    if (isInt(x.t) && x.t.k === y.t.k) {
      const name = { "_+_": "add", "_-_": "sub", "_*_": "mul", "_/_": "div", "_%_": "mod" }[fn] as string;
      const unsigned = x.t.k === "uint";
      return this.pure(`rt.${name}(${x.js}, ${y.js}, ${unsigned})`, unsigned ? UINT : INT, args, true);
    }
    return this.fail(`${fn} on ${x.t.k} and ${y.t.k}`);
  }

  private comprehension(c: Extract<Expr["exprKind"], { case: "comprehensionExpr" }>["value"], scope: Scope): Compiled {
    if (c.iterVar2 !== "") this.fail("a two-variable comprehension");
    const range = this.compile(c.iterRange as Expr, scope);
    let elem: CelType;
    let iterable: string;
    if (range.t.k === "list") {
      elem = range.t.e;
      iterable = range.js;
    } else if (range.t.k === "map") {
      elem = range.t.key;
      if (range.t.key.k === "string") iterable = `Object.keys(${range.js})`;
      else if (isInt(range.t.key)) iterable = `Object.keys(${range.js}).map(Number)`;
      else return this.fail("a comprehension over a map with non-string keys");
    } else return this.fail(`a comprehension over a ${range.t.k}`);
    const init = this.compile(c.accuInit as Expr, scope);
    const accu = this.h.local("acc");
    const iter = this.h.local(`v_${c.iterVar.replace(/\W/g, "")}`);
    const inner: Scope = { vars: new Map(scope.vars) };
    // The accumulator's type is found from the step: start from the initial value's.
    let accuType = init.t;
    inner.vars.set(c.iterVar, {
      js: iter,
      t: elem.k === "msg" ? { ...elem, maybeUnset: false } : elem,
      err: false,
      ...(range.t.k === "map" ? { keyOf: range.js } : {}),
    });
    inner.vars.set(c.accuVar, { js: accu, t: accuType, err: false });
    let step = this.compile(c.loopStep as Expr, inner);
    if (step.t.k !== accuType.k || (accuType.k === "list" && accuType.e.k === "null")) {
      accuType = step.t;
      inner.vars.set(c.accuVar, { js: accu, t: accuType, err: false });
      step = this.compile(c.loopStep as Expr, inner);
    }
    const cond = this.compile(c.loopCondition as Expr, inner);
    const result = this.compile(c.result as Expr, inner);
    // all()/exists() absorb errors of single elements; the generated loop cannot, so refuse.
    if (step.err && accuType.k === "bool") this.fail("an all()/exists() whose predicate can fail");
    const condJs = cond.constant?.v === true ? "" : `if (!${cond.js}) break; `;
    const js = `(() => { let ${accu} = ${init.js}; for (const ${iter} of ${iterable}) { ${condJs}${accu} = ${step.js}; } return ${result.js}; })()`;
    return { js, t: result.t, err: range.err || init.err || step.err || cond.err || result.err };
  }
}

/** Wraps a rule's value (the `rule` variable of a predefined rule) as a compiled constant. */
export function ruleConstant(v: unknown, field: DescField): Compiled {
  if (field.fieldKind === "scalar") return constant(v, scalarType(field.scalar));
  if (field.fieldKind === "enum") return constant(v, INT);
  if (field.fieldKind === "list") return constant(v, fieldType(field));
  throw new CelCompileError(`predefined rule ${field.name}: a ${field.fieldKind} rule value is not supported`);
}

export function rulesConstant(d: DescMessage, m: Message): Compiled {
  return { js: "undefined", t: { k: "const_msg", m, d }, err: false, constant: { v: m } };
}
