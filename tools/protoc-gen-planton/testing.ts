// Helpers shared by the tests of protoc-gen-planton: the generated files in gen/,
// a strict Ajv, the schema compiled by buf, and the fixtures of testdata/.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createFileRegistry, type FileRegistry, fromBinary } from "@bufbuild/protobuf";
import { type FileDescriptorSet, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { Ajv2020 } from "ajv/dist/2020.js";
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import { EDITOR_KEYWORDS, SENSITIVE_KEYWORD } from "./json-schema.ts";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const buf = join(repoRoot, "node_modules", ".bin", "buf");
/** A kind's directory name (kubernetes-job): its schema is gen/jsonschema/<name>.schema.json, its fixtures testdata/<name>/. */
export type KindName = string;
/** Every kind the plugin generated a JSON Schema for (a new kind's tests need no edit here). */
export const kinds: readonly KindName[] = readdirSync(join(repoRoot, "gen", "jsonschema"))
  .filter((f) => f.endsWith(".schema.json"))
  .map((f) => f.replace(/\.schema\.json$/, ""))
  .sort();

export function readSchema(kind: KindName): Record<string, unknown> {
  return JSON.parse(readFileSync(join(repoRoot, "gen", "jsonschema", `${kind}.schema.json`), "utf8"));
}

/** Ajv for draft 2020-12 in strict mode, all errors, with Planton's keyword registered. */
export function createAjv(): Ajv2020 {
  // Union types (`type: ["string", "number"]`) are how the schemas take what the loader takes.
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  ajv.addKeyword({ keyword: SENSITIVE_KEYWORD, schemaType: "boolean" });
  // Annotations for editors (yaml-language-server, VS Code): no effect on validation.
  ajv.addVocabulary(EDITOR_KEYWORDS);
  return ajv;
}

let image: FileDescriptorSet | undefined;

/** The schema compiled by buf (with source info and imports), once per process. */
export function bufImage(): FileDescriptorSet {
  if (!image) {
    const dir = mkdtempSync(join(tmpdir(), "planton-gen-test-"));
    try {
      const out = join(dir, "image.binpb");
      execFileSync(buf, ["build", "-o", out], { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] });
      image = fromBinary(FileDescriptorSetSchema, readFileSync(out));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return image;
}

export function bufRegistry(): FileRegistry {
  return createFileRegistry(bufImage());
}

/** Files of the image that come from proto/ (the files buf generate targets). */
export function schemaFileNames(): string[] {
  return bufImage()
    .file.map((f) => f.name)
    .filter((name) => existsSync(join(repoRoot, "proto", name)));
}

export interface Expectation {
  /** Manifest path as the SDK reports it, e.g. `spec.volumeMounts[0].name`; "" for the document. */
  path: string;
  rule: string;
}

export interface Fixture {
  file: string;
  text: string;
  expectations: Expectation[];
}

/** Fixtures of testdata/<kind>/<valid|invalid|known-gaps>/*.yaml; none when the folder does not exist (yet). */
export function readFixtures(kind: string, group: "valid" | "invalid" | "known-gaps"): Fixture[] {
  const dir = join(repoRoot, "testdata", kind, group);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), "utf8");
      const expectations: Expectation[] = [];
      for (const line of text.split("\n")) {
        const m = /^#\s*expect:(.*)$/.exec(line);
        if (!m?.[1]) continue;
        const body = m[1].trimEnd();
        const cut = body.lastIndexOf(" ");
        expectations.push({ path: body.slice(0, cut).trim(), rule: body.slice(cut + 1) });
      }
      return { file: join("testdata", kind, group, f), text, expectations };
    });
}

/** `spec.volumeMounts[0].name`, `spec.env.secrets["API KEY"]` → JSON pointer segments. */
export function pathSegments(path: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === ".") {
      i++;
    } else if (path[i] === "[") {
      const end = path[i + 1] === '"' ? findClosingQuote(path, i + 1) + 1 : path.indexOf("]", i);
      const inner = path.slice(i + 1, end);
      out.push(inner.startsWith('"') ? (JSON.parse(inner) as string) : inner);
      i = end + 1;
    } else {
      let j = i;
      while (j < path.length && path[j] !== "." && path[j] !== "[") j++;
      out.push(path.slice(i, j));
      i = j;
    }
  }
  return out;
}

function findClosingQuote(s: string, open: number): number {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === '"') return i;
  }
  return s.length;
}

/** JSON pointer (as in Ajv's instancePath) → segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

type Schema = Record<string, unknown>;

function resolve(schema: Schema, root: Schema): Schema {
  let s = schema;
  for (let i = 0; i < 32 && typeof s.$ref === "string"; i++) {
    const name = decodeURIComponent(s.$ref.replace("#/$defs/", ""));
    s = ((root.$defs as Record<string, Schema>)[name] ?? {}) as Schema;
  }
  return s;
}

/** The proto field name's JSON name: `create_namespace` → `createNamespace`. */
function jsonName(protoName: string): string {
  return protoName.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** YAML 1.1 booleans, as the Go tools read them. */
const YAML11_BOOLEANS: Record<string, boolean> = Object.fromEntries([
  ...["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"].map((w) => [w, true] as const),
  ...["n", "N", "no", "No", "NO", "off", "Off", "OFF"].map((w) => [w, false] as const),
]);

/**
 * A YAML document as the canonical ProtoJSON the schemas describe, spelled the
 * way the SDK's loader reads it: a proto field name (`create_namespace`) becomes
 * the JSON name, and a plain scalar YAML reads as a number or boolean where the
 * schema has a string (`cpu: 0.25`, `tag: 1.20`) becomes its source text, and
 * YAML 1.1's `yes`/`no` in a bool field and `0644` in a mode field are read as the
 * loader reads them. The
 * schemas accept only the canonical spelling, on purpose (see json-schema.ts);
 * `changes` says what was respelled.
 */
export function canonicalize(text: string, root: Schema): { value: unknown; changes: string[] } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw doc.errors[0];
  const changes: string[] = [];
  const walk = (node: unknown, schema: Schema, path: string): unknown => {
    const s = resolve(schema, root);
    // AltinityOperatorKubernetes' namespace, a plain string, in Planton's former
    // `{value: x}` form: the loader reads it as `x`.
    if (isMap(node) && s.type === "string" && path === "spec.namespace." && node.items.length === 1) {
      const [pair] = node.items;
      if (pair && isScalar(pair.key) && pair.key.value === "value" && isScalar(pair.value)) {
        changes.push(`spec.namespace: {value: ${String(pair.value.value)}} → "${String(pair.value.value)}"`);
        return String(pair.value.value);
      }
    }
    if (isMap(node)) {
      const properties = s.properties as Record<string, Schema> | undefined;
      const additional = typeof s.additionalProperties === "object" ? (s.additionalProperties as Schema) : undefined;
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
        let name = key;
        if (properties && !(key in properties) && jsonName(key) in properties) {
          name = jsonName(key);
          changes.push(`${path}${key} → ${name}`);
        }
        const sub = properties?.[name] ?? additional ?? {};
        out[name] = walk(pair.value, sub, `${path}${name}.`);
      }
      return out;
    }
    if (isSeq(node))
      return node.items.map((item, i) => walk(item, (s.items as Schema | undefined) ?? {}, `${path}${i}.`));
    if (isScalar(node)) {
      // YAML 1.1 as the Go tools (and Planton's loader) read it: unquoted yes/no/on/off
      // in a bool field, an unquoted leading-zero mode in octal.
      if (s.type === "boolean" && node.type === "PLAIN" && typeof node.value === "string") {
        const word = YAML11_BOOLEANS[node.value];
        if (word !== undefined) {
          changes.push(`${path.slice(0, -1)}: ${node.value} → ${word}`);
          return word;
        }
      }
      if (
        s.type === "integer" &&
        node.type === "PLAIN" &&
        /(^|\.)defaultMode\.$/.test(path) &&
        typeof node.source === "string" &&
        /^0[0-7]+$/.test(node.source)
      ) {
        const octal = Number.parseInt(node.source, 8);
        changes.push(`${path.slice(0, -1)}: ${node.source} → ${octal}`);
        return octal;
      }
      if (s.type === "string" && (typeof node.value === "number" || typeof node.value === "boolean")) {
        const source = node.source ?? String(node.value);
        changes.push(`${path.slice(0, -1)}: ${source} → "${source}"`);
        return source;
      }
      return node.toJSON();
    }
    return node;
  };
  return { value: walk(doc.contents, root, ""), changes };
}
