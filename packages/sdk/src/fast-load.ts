// The fast path of prepareManifest: parse without positions (js-yaml with the
// JSON schema's scalars, or JSON.parse for JSON), decode with protobuf-es
// fromJson, default, validate. It answers only when all of that succeeds with
// nothing to report; anything else — a problem, a value whose meaning could differ
// between the two parsers, an input the positional path bounds (size, aliases,
// control characters) — returns undefined, and the positional path runs and
// reports (so problems are always the positional path's). Positions of a manifest
// the fast path accepted are computed on first use by re-parsing.
import { fromJson, type JsonValue, type Message } from "@bufbuild/protobuf";
import { JSON_SCHEMA, load as loadYaml } from "js-yaml";
import { SCHEMA_KEY } from "./decode.js";
import { fillDefaults } from "./defaults.js";
import { findKind, type KindInfo } from "./kinds.js";
import type { Manifest } from "./load.js";
import { schemaRegistry } from "./schemas.js";
import { MAX_DEPTH, MAX_ENTRIES, MAX_NODES, MAX_SOURCE_BYTES, SourceMap } from "./source.js";
import { validate } from "./validate.js";

// Characters the positional parser rejects or treats specially, and YAML
// constructs the fast path leaves to it: control characters, BOM, surrogates
// (lone ones are invalid), bare CR line ends, anchors and aliases (bounded
// expansion), tags.
// Also numbers js-yaml reads and `yaml` does not (0b101, +0x10, -0o7), and numbers
// with a leading zero (0755), which a loader may read as YAML 1.1 octal.
const UNSAFE_TEXT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff\ud800-\udfff&*!]|\r(?!\n)|0[bB][01]|[-+]0[xXoO]|(?<![\w.:/-])0[0-9]/;

// Plain scalars `yaml` reads as numbers and js-yaml as strings (+.5, -.5e2).
const STRING_SPECIAL = /^[-+]\.[0-9]/;

// Keys YAML 1.2's core schema reads as null, booleans or numbers: the positional
// path sees a non-string key where js-yaml made it a string.
const CORE_SPECIAL =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

// What js-yaml turns non-string keys into (String(Infinity), ...) and keys it treats specially.
const NON_STRING_KEY = new Set(["", "Infinity", "-Infinity", "NaN", "__proto__", "[object Object]"]);

/**
 * Whether `v` is plain JSON the two paths read alike: strings, safe integers,
 * booleans, nulls, arrays and objects (with keys that are not core-schema
 * specials) within the positional path's bounds (depth, values, entries per
 * list or mapping).
 */
function plain(v: unknown, depth: number, budget: { nodes: number }): boolean {
  if (--budget.nodes < 0 || depth > MAX_DEPTH) return false;
  switch (typeof v) {
    case "string":
      return !STRING_SPECIAL.test(v);
    case "boolean":
      return true;
    case "number":
      return Number.isSafeInteger(v) && !Object.is(v, -0);
    case "object": {
      if (v === null) return true;
      if (Array.isArray(v)) {
        if (v.length > MAX_ENTRIES) return false;
        for (const x of v) if (!plain(x, depth + 1, budget)) return false;
        return true;
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) return false;
      let entries = 0;
      for (const k in v) {
        if (++entries > MAX_ENTRIES) return false;
        if (CORE_SPECIAL.test(k) || STRING_SPECIAL.test(k) || NON_STRING_KEY.has(k)) return false;
        if (!plain((v as Record<string, unknown>)[k], depth + 1, budget)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * Whether a JSON text repeats a key in one object (JSON.parse would keep the last
 * silently; the positional path reports it). Keys written with escapes count as
 * repeated: the raw text cannot tell "a" from "\u0061".
 */
export function jsonHasDuplicateKeys(text: string): boolean {
  const objects: (Set<string> | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) objects.push(new Set());
    else if (c === 0x5b /* [ */) objects.push(null);
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) objects.pop();
    else if (c === 0x22 /* " */) {
      let j = i + 1;
      let escaped = false;
      while (j < text.length && text.charCodeAt(j) !== 0x22) {
        if (text.charCodeAt(j) === 0x5c /* \ */) {
          escaped = true;
          j++;
        }
        j++;
      }
      const keys = objects.at(-1);
      if (keys) {
        let k = j + 1;
        while (k < text.length && /\s/.test(text[k] as string)) k++;
        if (text[k] === ":") {
          if (escaped) return true;
          const key = text.slice(i + 1, j);
          if (keys.has(key)) return true;
          keys.add(key);
        }
      }
      i = j;
    }
  }
  return false;
}

/** A SourceMap filled on first use, from the positional parser. */
class LazySourceMap extends SourceMap {
  private pending: (() => void) | undefined;

  constructor(file: string, fill: (into: SourceMap) => void) {
    super(file);
    this.pending = () => fill(this);
  }

  private ensure(): void {
    const fill = this.pending;
    this.pending = undefined;
    fill?.();
  }

  override locate(path: string) {
    this.ensure();
    return super.locate(path);
  }

  override keyOf(path: string) {
    this.ensure();
    return super.keyOf(path);
  }
}

/**
 * A valid, defaulted manifest when the fast path can tell; undefined when the
 * positional path must run (it then finds and locates every problem).
 */
export function fastPrepare<T extends Message>(
  text: string,
  file: string,
  expectedKind: string | undefined,
  positions: (into: SourceMap, kind: KindInfo) => void,
): Manifest<T> | undefined {
  if (text.length > MAX_SOURCE_BYTES / 4 && Buffer.byteLength(text, "utf8") > MAX_SOURCE_BYTES) return undefined;
  if (UNSAFE_TEXT.test(text)) return undefined;
  let doc: unknown;
  try {
    const t = text.trimStart();
    if (t.startsWith("{")) {
      if (jsonHasDuplicateKeys(text)) return undefined;
      doc = JSON.parse(text);
    } else doc = loadYaml(text, { schema: JSON_SCHEMA, json: false });
  } catch {
    // Syntax errors, duplicate keys (both parsers refuse them), several documents.
    return undefined;
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return undefined;
  const kindName = (doc as { kind?: unknown }).kind;
  if (typeof kindName !== "string") return undefined;
  const kind = findKind(kindName);
  if (!kind || (expectedKind !== undefined && expectedKind !== kind.kind)) return undefined;
  if (!plain(doc, 0, { nodes: MAX_NODES })) return undefined;
  // `$schema` names the document's JSON Schema for editors: not a field (as in decode.ts).
  if (typeof (doc as Record<string, unknown>)[SCHEMA_KEY] === "string")
    delete (doc as Record<string, unknown>)[SCHEMA_KEY];
  let message: T;
  try {
    message = fromJson(kind.schema, doc as JsonValue, { registry: schemaRegistry() }) as T;
  } catch {
    return undefined;
  }
  fillDefaults(kind.schema, message);
  if (!validate(kind.schema, message).valid) return undefined;
  return { kind, message, sourceMap: new LazySourceMap(file, (into) => positions(into, kind)) };
}
