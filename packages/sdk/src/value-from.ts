// `valueFrom` references (StringValueOrRef) between manifests: found, resolved
// from manifests whose status.outputs are filled, or reported as unresolved. A
// module refuses to deploy while any reference is unresolved.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { clone, type DescMessage, type Message } from "@bufbuild/protobuf";
import { type ReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import { CloudResourceKindSchema } from "@planton/gen/org/project_planton/shared/cloudresourcekind/cloud_resource_kind_pb.js";
import type { StringValueOrRef, ValueFromRef } from "@planton/gen/org/project_planton/shared/string_value_or_ref_pb.js";
import { PlantonError } from "./error.js";
import { parsePath } from "./field-path.js";
import { type Problem, printable, problem } from "./problem.js";
import { readInputText } from "./read-input.js";
import { parseSource, toPlainValue } from "./source.js";
import { walkMessages } from "./walk.js";

const STRING_VALUE_OR_REF = "org.project_planton.shared.StringValueOrRef";

export interface Reference {
  /** Path of the StringValueOrRef field, e.g. "spec.namespace". */
  path: string;
  ref: ValueFromRef;
}

/** Every `valueFrom` in `message`. */
export function findReferences(schema: DescMessage, message: Message, basePath = ""): Reference[] {
  const out: Reference[] = [];
  visit(reflect(schema, message), basePath, (m, path) => {
    const v = m.message as StringValueOrRef;
    if (v.literalOrRef.case === "valueFrom") out.push({ path, ref: v.literalOrRef.value });
  });
  return out;
}

/** `KubernetesNamespace/batch (env prod) field status.outputs.namespace`. */
export function describeReference(r: Reference): string {
  const kind = kindName(r.ref.kind) ?? "any kind";
  const env = r.ref.env === "" ? "" : ` in env ${r.ref.env}`;
  return `${r.path} = valueFrom ${kind}/${r.ref.name}${env}, field ${fieldPathOf(r)}`;
}

/** The field a reference reads: its fieldPath, or status.outputs.<the referencing field's name>. */
export function fieldPathOf(r: Reference): string {
  if (r.ref.fieldPath !== "") return r.ref.fieldPath;
  const last = r.path.split(".").at(-1) ?? "";
  return `status.outputs.${last.replace(/\[.*$/, "")}`;
}

/** Looks up the value of a reference; undefined when it cannot be resolved. */
export type Resolver = (r: Reference) => string | undefined;

/**
 * Returns a copy of `message` with each resolvable `valueFrom` replaced by its
 * value, and one problem (rule "reference.unresolved") per reference that is not.
 */
export function resolveReferences<T extends Message>(
  schema: DescMessage,
  message: T,
  resolver: Resolver,
  basePath = "",
): { message: T; unresolved: Problem[] } {
  const copy = clone(schema, message) as T;
  const unresolved: Problem[] = [];
  visit(reflect(schema, copy), basePath, (m, path) => {
    const v = m.message as StringValueOrRef;
    if (v.literalOrRef.case !== "valueFrom") return;
    const ref: Reference = { path, ref: v.literalOrRef.value };
    const value = resolver(ref);
    if (value === undefined) {
      unresolved.push(problem(path, `unresolved reference: ${describeReference(ref)}`, "reference.unresolved"));
    } else {
      v.literalOrRef = { case: "value", value };
    }
  });
  return { message: copy, unresolved };
}

/** Problems for every reference left in `message` (for modules, which never resolve). */
export function unresolvedReferences(schema: DescMessage, message: Message, basePath = ""): Problem[] {
  return findReferences(schema, message, basePath).map((r) =>
    problem(
      r.path,
      `unresolved reference: ${describeReference(r)}; resolve it before deploying (planton resolves references with --refs DIR)`,
      "reference.unresolved",
    ),
  );
}

/**
 * A resolver over a directory of manifests (*.yaml, *.yml, *.json) whose
 * status.outputs are filled, matched by kind, metadata.name and metadata.env.
 */
export function directoryResolver(dir: string, defaultEnv = ""): Resolver {
  const docs: Record<string, unknown>[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such directory"
        : code === "ENOTDIR"
          ? "it is not a directory"
          : code === "EACCES"
            ? "permission denied"
            : String(code ?? e);
    throw new PlantonError("ERR_PLANTON_IO", `cannot read --refs ${printable(dir)}: ${why}`, {
      hint: "--refs names a directory of manifests whose status.outputs are filled (e.g. after `planton pulumi up --write-status`)",
      cause: e,
    });
  }
  for (const name of names) {
    if (!/\.(ya?ml|json)$/.test(name)) continue;
    // The shared reader: a FIFO or device named *.yaml cannot hang or fill memory.
    const parsed = parseSource(readInputText(join(dir, name), { name: join(dir, name) }), name);
    if (!parsed.ok) continue;
    // Bounded like a manifest: expanding aliases cannot take gigabytes.
    const js = toPlainValue(parsed.source);
    if (js && typeof js === "object") docs.push(js as Record<string, unknown>);
  }
  return (r) => {
    const kind = kindName(r.ref.kind);
    const env = r.ref.env === "" ? defaultEnv : r.ref.env;
    const doc = docs.find((d) => {
      const meta = (d.metadata ?? {}) as Record<string, unknown>;
      return (
        (kind === undefined || d.kind === kind) && meta.name === r.ref.name && (env === "" || (meta.env ?? "") === env)
      );
    });
    if (!doc) return undefined;
    const segments = parsePath(fieldPathOf(r));
    if (typeof segments === "string") return undefined;
    let cur: unknown = doc;
    for (const s of segments) {
      if (cur === null || typeof cur !== "object") return undefined;
      cur = "name" in s ? (cur as Record<string, unknown>)[s.name] : (cur as unknown[])[s.index];
    }
    return typeof cur === "string" || typeof cur === "number" || typeof cur === "boolean" ? String(cur) : undefined;
  };
}

/** The kind's name; undefined for 0 (unspecified: a reference to any kind). */
function kindName(kind: number): string | undefined {
  return kind === 0 ? undefined : CloudResourceKindSchema.values.find((v) => v.number === kind)?.name;
}

function visit(r: ReflectMessage, path: string, onRef: (m: ReflectMessage, path: string) => void): void {
  walkMessages(r, path, (m, p) => {
    if (m.desc.typeName !== STRING_VALUE_OR_REF) return undefined;
    onRef(m, p);
    return false;
  });
}
