// Mutations of manifests for property tests: the shapes of mistakes people make
// (a key deleted, a value of the wrong type, a stray key, odd unicode) applied at
// any place in a document.
import fc from "fast-check";
import { parse, stringify } from "yaml";

/** A change to one place of a document, chosen by `at` among all of its places. */
export type Mutation =
  | { op: "delete"; at: number }
  | { op: "replace"; at: number; value: unknown }
  | { op: "insert"; at: number; key: string; value: unknown }
  | { op: "string"; at: number; value: string };

type Place = { parent: Record<string, unknown> | unknown[]; key: string | number };

function places(node: unknown, out: Place[] = []): Place[] {
  if (Array.isArray(node)) {
    node.forEach((v, i) => {
      out.push({ parent: node, key: i });
      places(v, out);
    });
  } else if (node !== null && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      out.push({ parent: node as Record<string, unknown>, key: k });
      places(v, out);
    }
  }
  return out;
}

function containers(node: unknown): Record<string, unknown>[] {
  const maps: Record<string, unknown>[] = [];
  const visit = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(visit);
    else if (n !== null && typeof n === "object") {
      maps.push(n as Record<string, unknown>);
      Object.values(n).forEach(visit);
    }
  };
  visit(node);
  return maps;
}

/** Applies `mutations` to a parsed copy of `yamlText`; returns YAML (or JSON) text. */
export function mutate(yamlText: string, mutations: readonly Mutation[], asJson = false): string {
  const doc = parse(yamlText) as unknown;
  for (const m of mutations) {
    if (m.op === "insert") {
      const maps = containers(doc);
      if (maps.length === 0) continue;
      (maps[m.at % maps.length] as Record<string, unknown>)[m.key] = m.value;
      continue;
    }
    const all = places(doc);
    if (all.length === 0) continue;
    const p = all[m.at % all.length] as Place;
    if (m.op === "delete") {
      if (Array.isArray(p.parent)) p.parent.splice(p.key as number, 1);
      else delete p.parent[p.key as string];
    } else {
      (p.parent as Record<string | number, unknown>)[p.key] = m.value;
    }
  }
  return asJson ? JSON.stringify(doc) : stringify(doc);
}

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.constantFrom("", "Always", "Indexed", "1Gi", "-1", "/data", "a".repeat(64), "UPPER", "true", null, [], {}),
);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("replace" as const), at: fc.nat(), value: anyValue }),
  fc.record({
    op: fc.constant("insert" as const),
    at: fc.nat(),
    key: fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom("paralelism", "kind", "valueFrom", "secretRef", "emptyDir"),
    ),
    value: anyValue,
  }),
  fc.record({
    op: fc.constant("string" as const),
    at: fc.nat(),
    value: fc.string({ unit: "grapheme", maxLength: 40 }),
  }),
);
