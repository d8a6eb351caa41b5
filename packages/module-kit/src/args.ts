// Component arguments as a Pulumi program writes them: every string leaf (names,
// namespaces, secrets, image tags, map values, list elements) may be a
// `pulumi.Input<string>`, a oneof is written as its one field (`{value: "x"}` or
// `{valueFrom: {...}}`; a StringValueOrRef also as the plain string), an int64
// as a number. The shape is derived from the generated message types, so no
// field is declared twice.
//
// How unknown values are handled: each Output (or Promise) leaf is replaced by a
// unique placeholder string, the message is built, defaulted and validated with
// the placeholders (a violation at, or on a message containing, an unknown leaf
// is left for later), and the component builds its resources with plain strings.
// A transformation of the component then turns every string holding placeholders
// back into `pulumi.concat(...)` of its parts before a child registers. Each
// unknown leaf resolves only once the whole message, with every value known, is
// valid; otherwise the registration fails with the field path.

import {
  clone,
  create,
  type DescEnum,
  type DescField,
  type DescMessage,
  isMessage,
  type Message,
  type MessageShape,
  type MessageValidType,
  ScalarType,
} from "@bufbuild/protobuf";
import {
  applyDefaults,
  findKind,
  joinField,
  joinIndex,
  joinKey,
  PlantonError,
  type Problem,
  summarizeProblems,
  unresolvedReferences,
  validate,
} from "@planton/sdk";
import * as pulumi from "@pulumi/pulumi";

const STRING_VALUE_OR_REF = "org.project_planton.shared.StringValueOrRef";

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Whether a property of a generated message is a oneof (`{case, value}`). */
type IsOneof<T> = [T] extends [{ case: string | undefined }] ? true : false;

/** A oneof's members as optional properties of the message (ProtoJSON's spelling). */
type OneofArgs<T> = T extends { case: infer C extends string; value: infer V }
  ? { [P in C]?: ComponentArgs<V> }
  : never;

type FieldKeys<T> = Exclude<keyof T, "$typeName" | "$unknown">;

/** The arguments of a message: its fields, all optional, oneof members flattened into it. */
export type MessageArgs<T> = {
  [K in FieldKeys<T> as IsOneof<T[K]> extends true ? never : K]?: ComponentArgs<Exclude<T[K], undefined>>;
} & UnionToIntersection<{ [K in FieldKeys<T>]: IsOneof<T[K]> extends true ? OneofArgs<T[K]> : unknown }[FieldKeys<T>]>;

/**
 * The argument type for a field of type T: strings are `pulumi.Input<string>`,
 * int64s numbers (or bigints), messages their MessageArgs (or a message
 * itself), lists and maps of those.
 */
export type ComponentArgs<T> = T extends string
  ? pulumi.Input<string>
  : T extends bigint
    ? number | bigint
    : T extends boolean | number | Uint8Array
      ? T
      : T extends readonly (infer E)[]
        ? ComponentArgs<E>[]
        : T extends { $typeName: typeof STRING_VALUE_OR_REF }
          ? pulumi.Input<string> | MessageArgs<T> | T
          : T extends Message
            ? MessageArgs<T> | T
            : T extends { [key: string]: infer V }
              ? { [key: string]: ComponentArgs<V> }
              : never;

/** Marks an unknown leaf: private-use characters, so no manifest value looks like one. */
const OPEN = "\uE000";
const CLOSE = "\uE001";
const PLACEHOLDER = /\uE000planton:(\d+)\uE001/g;
let nextPlaceholder = 0;

function isUnknown(v: unknown): v is pulumi.Output<unknown> | PromiseLike<unknown> {
  return (
    pulumi.Output.isInstance(v) ||
    (typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function")
  );
}

function argsError(kind: string, path: string, message: string): PlantonError {
  const problem: Problem = { path, message, rule: "args" };
  return new PlantonError("ERR_PLANTON_INVALID_MANIFEST", `${kind} arguments are invalid: ${path}: ${message}`, {
    problems: [problem],
  });
}

/** The unknown leaves of one component's arguments. */
class Unknowns {
  readonly ids: number[] = [];
  readonly paths: string[] = [];
  readonly outputs: pulumi.Output<string>[] = [];
  private checked: Map<number, pulumi.Output<string>> | undefined;

  constructor(private readonly kind: string) {}

  get size(): number {
    return this.ids.length;
  }

  add(path: string, value: pulumi.Output<unknown> | PromiseLike<unknown>): string {
    const id = nextPlaceholder++;
    this.ids.push(id);
    this.paths.push(path);
    this.outputs.push(
      (pulumi.output(value) as pulumi.Output<unknown>).apply((v) => {
        if (typeof v !== "string") throw new Error(`${this.kind}: ${path} resolved to a ${typeof v}, not a string`);
        return v;
      }),
    );
    return `${OPEN}planton:${id}${CLOSE}`;
  }

  /** Whether a problem is about (or contains) an unknown leaf, so only the resolved values can tell. */
  affects(problemPath: string): boolean {
    return this.paths.some(
      (p) =>
        p === problemPath || problemPath === "" || p.startsWith(`${problemPath}.`) || p.startsWith(`${problemPath}[`),
    );
  }

  /**
   * Each leaf's Output, resolving once the message with every value substituted
   * is valid. The gate is not secret, so a leaf is secret exactly when the
   * caller's Output is.
   */
  arm<Desc extends DescMessage>(schema: Desc, input: MessageShape<Desc>, describe: string): void {
    const gate = pulumi.unsecret(
      pulumi.all(this.outputs).apply((values) => {
        const byId = new Map(this.ids.map((id, i) => [id, values[i] as string]));
        const resolved = substitute(clone(schema, input), byId) as MessageShape<Desc>;
        const problems = [...validate(schema, resolved).violations, ...unresolvedReferences(schema, resolved)];
        if (problems.length > 0) {
          // The message names the field path and the rule, never the value (it may be a secret).
          throw new PlantonError(
            "ERR_PLANTON_INVALID_MANIFEST",
            `${describe} is invalid once its inputs resolved: ${summarizeProblems(problems)}`,
            { problems },
          );
        }
        return true;
      }),
    );
    this.checked = new Map(
      this.ids.map((id, i) => [id, pulumi.all([gate, this.outputs[i] as pulumi.Output<string>]).apply(([, v]) => v)]),
    );
  }

  /** `value` with every string holding placeholders turned into an Output of the resolved string. */
  restore(value: unknown): unknown {
    if (typeof value === "string") return this.restoreString(value);
    if (Array.isArray(value)) return value.map((v) => this.restore(v));
    // Lifted (output of the restored value), so a secret inside stays one secret, not a secret in a secret.
    if (pulumi.Output.isInstance(value)) return value.apply((v) => pulumi.output(this.restore(v)));
    if (typeof value !== "object" || value === null || pulumi.Resource.isInstance(value)) return value;
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
    for (const [k, v] of Object.entries(value)) out[k] = this.restore(v);
    return out;
  }

  private restoreString(s: string): pulumi.Input<string> {
    if (!s.includes(OPEN) || !this.checked) return s;
    const parts: pulumi.Input<string>[] = [];
    let last = 0;
    for (const m of s.matchAll(PLACEHOLDER)) {
      const leaf = this.checked.get(Number(m[1]));
      if (!leaf) continue; // Another component's placeholder: it restores its own.
      if (m.index > last) parts.push(s.slice(last, m.index));
      parts.push(leaf);
      last = m.index + m[0].length;
    }
    if (last === 0) return s;
    if (last < s.length) parts.push(s.slice(last));
    return parts.length === 1 ? (parts[0] as pulumi.Input<string>) : pulumi.concat(...parts);
  }
}

/** Every string of a (cloned) message with placeholders replaced by their values, in place. */
function substitute(value: unknown, values: Map<number, string>): unknown {
  if (typeof value === "string") return value.replace(PLACEHOLDER, (m, id) => values.get(Number(id)) ?? m);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = substitute(value[i], values);
    return value;
  }
  if (typeof value === "object" && value !== null && !(value instanceof Uint8Array)) {
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = substitute(o[k], values);
  }
  return value;
}

const INT64 = new Set([
  ScalarType.INT64,
  ScalarType.UINT64,
  ScalarType.SINT64,
  ScalarType.FIXED64,
  ScalarType.SFIXED64,
]);

class ArgsReader {
  constructor(
    private readonly kind: string,
    readonly unknowns: Unknowns,
  ) {}

  message(desc: DescMessage, value: unknown, path: string): unknown {
    if (isMessage(value)) {
      if (value.$typeName !== desc.typeName)
        throw argsError(this.kind, path, `expected a ${desc.typeName}, got a ${value.$typeName}`);
      return value;
    }
    if (desc.typeName === STRING_VALUE_OR_REF && (typeof value === "string" || isUnknown(value))) {
      return {
        literalOrRef: { case: "value", value: this.scalar(ScalarType.STRING, value, joinField(path, "value")) },
      };
    }
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw argsError(this.kind, path, `expected an object (${desc.name})`);
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const field = desc.fields.find((f) => f.localName === key);
      const at = joinField(path, key);
      if (!field) throw argsError(this.kind, at, `${desc.name} has no field ${key}`);
      const converted = this.field(field, v, at);
      if (field.oneof) {
        const set = out[field.oneof.localName] as { case: string } | undefined;
        if (set)
          throw argsError(this.kind, at, `set only one of ${field.oneof.fields.map((f) => f.localName).join(", ")}`);
        out[field.oneof.localName] = { case: field.localName, value: converted };
      } else {
        out[field.localName] = converted;
      }
    }
    return out;
  }

  private field(field: DescField, value: unknown, path: string): unknown {
    switch (field.fieldKind) {
      case "scalar":
        return this.scalar(field.scalar, value, path);
      case "enum":
        return this.enumValue(field.enum, value, path);
      case "message":
        return this.message(field.message, value, path);
      case "list": {
        if (!Array.isArray(value)) throw argsError(this.kind, path, "expected a list");
        return value.map((v, i) => {
          const at = joinIndex(path, i);
          if (field.listKind === "scalar") return this.scalar(field.scalar, v, at);
          if (field.listKind === "enum") return this.enumValue(field.enum, v, at);
          return this.message(field.message, v, at);
        });
      }
      case "map": {
        if (typeof value !== "object" || value === null || Array.isArray(value) || isUnknown(value))
          throw argsError(this.kind, path, "expected a map (an object with string keys)");
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
          const at = joinKey(path, k);
          if (field.mapKind === "scalar") out[k] = this.scalar(field.scalar, v, at);
          else if (field.mapKind === "enum") out[k] = this.enumValue(field.enum, v, at);
          else out[k] = this.message(field.message, v, at);
        }
        return out;
      }
    }
  }

  private scalar(type: ScalarType, value: unknown, path: string): unknown {
    if (isUnknown(value)) {
      if (type !== ScalarType.STRING) throw argsError(this.kind, path, "only string fields take an Output or Promise");
      return this.unknowns.add(path, value);
    }
    if (INT64.has(type)) {
      if (typeof value === "bigint") return value;
      if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
      if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
      throw argsError(this.kind, path, "expected an integer");
    }
    const expected =
      type === ScalarType.STRING
        ? "string"
        : type === ScalarType.BOOL
          ? "boolean"
          : type === ScalarType.BYTES
            ? "bytes"
            : "number";
    const ok = expected === "bytes" ? value instanceof Uint8Array : typeof value === expected;
    if (!ok) throw argsError(this.kind, path, `expected a ${expected}`);
    return value;
  }

  private enumValue(desc: DescEnum, value: unknown, path: string): number {
    if (typeof value === "number") return value;
    const v =
      typeof value === "string" ? desc.values.find((x) => x.name === value || x.localName === value) : undefined;
    if (!v) throw argsError(this.kind, path, `expected one of ${desc.values.map((x) => x.name).join(", ")}`);
    return v.number;
  }
}

interface TargetShape {
  apiVersion: string;
  kind: string;
  metadata?: { name: string };
}

/** Arguments turned into a defaulted, validated stack input, and their unknown leaves. */
export interface PreparedInput<Desc extends DescMessage> {
  input: MessageValidType<Desc>;
  /** Adds the transformation that restores the unknown leaves to the component's options (none without unknowns). */
  options(opts: pulumi.ComponentResourceOptions): pulumi.ComponentResourceOptions;
  /** `value` with unknown leaves restored as Outputs (for the component's own outputs). */
  restore<T>(value: T): pulumi.Input<T>;
}

/**
 * Creates the stack input message `schema` from `args` (component arguments or
 * an already decoded message, which is not modified), fills the target's
 * apiVersion and kind when left empty, applies the schema defaults and
 * validates the result. Throws a PlantonError (ERR_PLANTON_INVALID_MANIFEST)
 * listing every problem of the known values, with paths such as
 * `target.spec.image.repo`.
 */
export function prepareInput<Desc extends DescMessage>(
  schema: Desc,
  args: unknown,
  kindName: string,
): PreparedInput<Desc> {
  const kind = findKind(kindName);
  if (!kind) throw new PlantonError("ERR_PLANTON_UNKNOWN_KIND", `unknown kind ${kindName}`);
  const unknowns = new Unknowns(kindName);
  const init = new ArgsReader(kindName, unknowns).message(schema, args ?? {}, "");
  const input = applyDefaults(schema, create(schema, init as never) as MessageShape<Desc>);
  const target = (input as unknown as { target?: TargetShape }).target;
  if (target) {
    if (target.apiVersion === "") target.apiVersion = kind.apiVersion;
    if (target.kind === "") target.kind = kind.kind;
  }
  const name = target?.metadata?.name && !target.metadata.name.includes(OPEN) ? ` "${target.metadata.name}"` : "";
  const problems = [...validate(schema, input).violations, ...unresolvedReferences(schema, input)].filter(
    (p) => !unknowns.affects(p.path),
  );
  if (problems.length > 0) {
    throw new PlantonError(
      "ERR_PLANTON_INVALID_MANIFEST",
      `${kindName}${name} is invalid: ${summarizeProblems(problems)}`,
      {
        problems,
      },
    );
  }
  if (unknowns.size > 0) unknowns.arm(schema, input, `${kindName}${name}`);
  return {
    input: input as MessageValidType<Desc>,
    options(opts) {
      if (unknowns.size === 0) return opts;
      const restore: pulumi.ResourceTransformation = (a) => ({
        props: unknowns.restore(a.props) as pulumi.Inputs,
        opts: a.opts,
      });
      return { ...opts, transformations: [restore, ...(opts.transformations ?? [])] };
    },
    restore<T>(value: T) {
      return unknowns.restore(value) as pulumi.Input<T>;
    },
  };
}
