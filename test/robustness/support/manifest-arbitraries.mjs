// fast-check arbitraries of manifests: the valid fixtures of every kind, mutated
// structurally (set, delete, add, rename a field; values of every type and some
// nasty strings) and textually (insert, delete, truncate), written as YAML or JSON.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { fc } from "./in-process.mjs";
import { root } from "./run.mjs";

/** The valid fixtures of every kind and the example, as plain objects. */
export const seeds = (() => {
  const files = [join(root, "examples/kubernetes-job.yaml")];
  for (const kind of readdirSync(join(root, "testdata"))) {
    const dir = join(root, "testdata", kind, "valid");
    try {
      for (const f of readdirSync(dir)) if (/\.(ya?ml|json)$/.test(f)) files.push(join(dir, f));
    } catch {
      // Not a kind folder (bad/, README.md).
    }
  }
  return files.map((f) => ({ file: f, value: parse(readFileSync(f, "utf8")) }));
})();

const nasty = fc.constantFrom(
  "",
  " ",
  "Always",
  "-1",
  "4294967296",
  "18446744073709551616",
  "1e400",
  "NaN",
  "0x10",
  "~",
  "null",
  "yes",
  "a\u202eb",
  "a\u200bb",
  "a\u0000b",
  "KubernetesJ\u043eb",
  "\ufeff",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style placeholder someone forgot to expand.
  "${HOME}",
  "{{ .Values.x }}",
  "*alias",
  "&anchor",
  "- item",
  "key: value",
  "x".repeat(300),
  "../../etc/passwd",
  "/",
  "Gi",
  "100m",
  "-5Gi",
);

/** Any value a field might be set to. */
export const anyValue = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(-1, 0, 1, 1.5, 2 ** 31, 2 ** 32, 2 ** 53 + 2, -(2 ** 63), true, false, null),
  },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [null], [[]], { "": "" }) },
);

/** Every path (list of keys and indexes) into `v`, the root included. */
function pathsOf(v, prefix = [], out = []) {
  out.push(prefix);
  if (Array.isArray(v)) for (const [i, x] of v.entries()) pathsOf(x, [...prefix, i], out);
  else if (v !== null && typeof v === "object") for (const k of Object.keys(v)) pathsOf(v[k], [...prefix, k], out);
  return out;
}

function getAt(v, path) {
  return path.reduce((x, k) => (x === null || typeof x !== "object" ? undefined : x[k]), v);
}

function mutate(value, mutation) {
  // fast-check hands out its constants ([], {}) by reference: copy before inserting,
  // or a later mutation grows a cycle through a shared constant.
  const m = { ...mutation, value: structuredClone(mutation.value) };
  const all = pathsOf(value);
  // Setting a leaf (a scalar) reaches the schema's rules more often than replacing a whole object.
  const leaves = all.filter((p) => {
    const v = getAt(value, p);
    return v === null || typeof v !== "object";
  });
  const paths = m.leaf && leaves.length > 0 ? leaves : all;
  const path = paths[m.at % paths.length];
  if (path.length === 0) return m.kind === "set" ? m.value : value;
  const parent = getAt(value, path.slice(0, -1));
  const key = path[path.length - 1];
  if (parent === null || typeof parent !== "object") return value;
  switch (m.kind) {
    case "set":
      parent[key] = m.value;
      break;
    case "delete":
      if (Array.isArray(parent)) parent.splice(key, 1);
      else delete parent[key];
      break;
    case "add": {
      const target = getAt(value, path);
      if (target !== null && typeof target === "object" && !Array.isArray(target)) target[m.name] = m.value;
      else if (Array.isArray(target)) target.push(m.value);
      break;
    }
    case "rename":
      if (!Array.isArray(parent) && typeof key === "string") {
        const renamed = m.upper ? key.toUpperCase() : `${key.slice(1)}${key[0] ?? ""}`;
        parent[renamed] = parent[key];
        if (renamed !== key) delete parent[key];
      }
      break;
  }
  return value;
}

const structural = fc.oneof(
  fc.record({ kind: fc.constant("set"), at: fc.nat(), leaf: fc.boolean(), value: anyValue }),
  fc.record({ kind: fc.constant("delete"), at: fc.nat() }),
  fc.record({
    kind: fc.constant("add"),
    at: fc.nat(),
    name: fc.oneof(fc.constantFrom("paralelism", "Spec", "env", "value", "<<", ""), fc.string({ maxLength: 8 })),
    value: anyValue,
  }),
  fc.record({ kind: fc.constant("rename"), at: fc.nat(), upper: fc.boolean() }),
);

const textual = fc.oneof(
  fc.record({
    kind: fc.constant("insert"),
    at: fc.nat(),
    text: fc.oneof(
      nasty,
      fc.string({ maxLength: 6 }),
      fc.constantFrom("\n", "\t", ":", "- ", "{", "]", "&a ", "*a", "!!binary ", "---\n", "\ufeff"),
    ),
  }),
  fc.record({ kind: fc.constant("delete"), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("truncate"), at: fc.nat() }),
);

function edit(text, t) {
  const at = text.length === 0 ? 0 : t.at % (text.length + 1);
  switch (t.kind) {
    case "insert":
      return text.slice(0, at) + t.text + text.slice(at);
    case "delete":
      return text.slice(0, at) + text.slice(at + t.length);
    case "truncate":
      return text.slice(0, at);
  }
  return text;
}

/**
 * A manifest text: a seed, 0–3 structural mutations, YAML or JSON, then 0–1
 * textual edits. About a third are left untouched, so valid inputs are drawn too.
 */
export const manifestText = fc
  .record({
    seed: fc.nat(),
    mutations: fc.oneof(
      { weight: 1, arbitrary: fc.constant([]) },
      { weight: 2, arbitrary: fc.array(structural, { minLength: 1, maxLength: 3 }) },
    ),
    format: fc.constantFrom("yaml", "json"),
    edits: fc.oneof(
      { weight: 3, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.array(textual, { minLength: 1, maxLength: 2 }) },
    ),
  })
  .map(({ seed, mutations, format, edits }) => {
    let value = structuredClone(seeds[seed % seeds.length].value);
    for (const m of mutations) value = mutate(value, m);
    let text = format === "json" ? `${JSON.stringify(value, null, 2)}\n` : stringify(value);
    for (const t of edits) text = edit(text, t);
    return text;
  });

/** Anything at all: random text, random JSON, or a mutated manifest. */
export const anyText = fc.oneof(
  { weight: 6, arbitrary: manifestText },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? "null") },
);
