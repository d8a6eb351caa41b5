// YAML (and JSON, a subset of it) parsing that keeps positions: every problem can
// say `file:line:col`. Input is bounded in size and alias expansion so that no
// manifest can make a tool hang or run out of memory.
import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  visit,
} from "yaml";
import { type Position, type Problem, problem } from "./problem.js";

/** Largest manifest or stack input accepted, in bytes of text. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;
/** Most YAML nodes one document may expand to (aliases count each time they are used). */
export const MAX_NODES = 200_000;
/** Deepest nesting accepted. */
export const MAX_DEPTH = 64;
/**
 * Most entries of one list or mapping (env variables, labels, config maps, ...).
 * A pod spec with this many env variables is about 1 MB; with 60,000 the API
 * server refuses the object (its limit is 1.5 MiB), and reading them took
 * seconds and half a gigabyte. Refused early, with the count.
 */
export const MAX_ENTRIES = 20_000;
/**
 * Most characters of scalars (keys and values) one document may expand to: a
 * 3 MiB anchor used a thousand times is 3 GB of text once expanded, though it is
 * only a thousand values.
 */
export const MAX_EXPANDED_BYTES = 2 * MAX_SOURCE_BYTES;

/** Positions of the fields of one parsed document, by manifest path. */
export class SourceMap {
  readonly file: string;
  private readonly values = new Map<string, Position>();
  private readonly keys = new Map<string, Position>();

  constructor(file: string) {
    this.file = file;
  }

  setValue(path: string, at: Position): void {
    this.values.set(path, at);
  }

  setKey(path: string, at: Position): void {
    this.keys.set(path, at);
  }

  /**
   * Where `path` is written: its value, else its key, else the nearest ancestor
   * that is written (a missing field is reported at the object that lacks it).
   */
  locate(path: string): Position | undefined {
    let p: string | undefined = path;
    while (p !== undefined) {
      const at = this.values.get(p) ?? this.keys.get(p);
      if (at) return at;
      p = parentPath(p);
    }
    return undefined;
  }

  /** The position of the key of `path` (for "unknown field"-like problems). */
  keyOf(path: string): Position | undefined {
    return this.keys.get(path) ?? this.locate(path);
  }
}

export function parentPath(path: string): string | undefined {
  if (path === "") return undefined;
  // A trailing index or quoted key (`labels["app.kubernetes.io/name"]`) goes as a
  // whole: dots inside the quotes do not separate fields.
  const cut = path.endsWith('"]')
    ? path.lastIndexOf('["')
    : path.endsWith("]")
      ? path.lastIndexOf("[")
      : path.lastIndexOf(".");
  return cut <= 0 ? "" : path.slice(0, cut);
}

export interface ParsedSource {
  doc: Document.Parsed;
  root: Node | null;
  lines: LineCounter;
  file: string;
  /** What each alias of the document names. */
  aliasTargets: Map<Node, Node>;
}

export type ParseResult = { ok: true; source: ParsedSource } | { ok: false; problems: Problem[] };

/** Parses exactly one YAML or JSON document. */
export function parseSource(text: string, file: string): ParseResult {
  const fail = (message: string, rule: string, at?: Position): ParseResult => ({
    ok: false,
    problems: [problem("", message, rule, at, file)],
  });
  if (Buffer.byteLength(text, "utf8") > MAX_SOURCE_BYTES) {
    return fail(`the input is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB`, "source.too_large");
  }
  if (text.includes("\u0000")) {
    const offset = text.indexOf("\u0000");
    const lines = new LineCounter();
    lines.addNewLine(0);
    for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) lines.addNewLine(i + 1);
    const pos = lines.linePos(offset);
    return fail("the input is binary, not YAML or JSON text (it holds a NUL byte)", "source.binary", {
      line: pos.line,
      column: pos.col,
    });
  }
  const lines = new LineCounter();
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, {
      lineCounter: lines,
      // Duplicate keys are found by the decoder with a Set: yaml's own check is
      // quadratic in the keys of a mapping (20,000 labels took 20 s).
      uniqueKeys: false,
      strict: true,
      prettyErrors: false,
    });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (e) {
    // The parser recurses; absurd nesting ends here rather than in a stack trace.
    return fail(
      `the input cannot be parsed (${e instanceof RangeError ? "nested too deeply" : String(e)})`,
      "source.syntax",
    );
  }
  const at = (offset: number): Position => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  // A document with nothing but a marker (`---` at the end of a file, or twice in a
  // row) parses as an empty plain scalar: it holds no manifest.
  const isEmpty = (d: Document.Parsed): boolean =>
    d.contents === null || (isScalar(d.contents) && d.contents.value === null && d.contents.source === "");
  const nonEmpty = docs.filter((d) => !isEmpty(d) || d.errors.length > 0);
  if (nonEmpty.length === 0)
    return fail("the input is empty: expected a manifest with apiVersion, kind, metadata and spec", "source.empty");
  if (nonEmpty.length > 1) {
    const second = nonEmpty[1];
    return fail(
      `the input holds ${nonEmpty.length} YAML documents; put one manifest per file`,
      "source.multiple_documents",
      second ? at(second.range[0]) : undefined,
    );
  }
  const doc = nonEmpty[0] as Document.Parsed;
  // An unknown tag (`value: !abc`, often a secret starting with "!") makes the
  // parser drop the text: an error, not a warning.
  const issues = [...doc.errors, ...doc.warnings.filter((w) => w.code === "TAG_RESOLVE_FAILED")];
  if (issues.length > 0) {
    return {
      ok: false,
      problems: issues.map((e) =>
        problem("", parseMessage(e.code, e.message), `yaml.${e.code.toLowerCase()}`, at(e.pos[0]), file),
      ),
    };
  }
  // One pass finds what every alias names (the last anchor of that name before
  // it), so resolving an alias is a lookup: yaml's Alias.resolve walks the whole
  // document each time. The parser reads an alias without an anchor before it as
  // null; a manifest must not lose a value that way.
  const undefinedAliases: Problem[] = [];
  const anchors = new Map<string, Node>();
  const aliasTargets = new Map<Node, Node>();
  visit(doc, (_, node) => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) aliasTargets.set(node, target);
      else
        undefinedAliases.push(
          problem("", parseMessage("UNDEFINED_ALIAS", ""), "yaml.undefined_alias", at(node.range?.[0] ?? 0), file),
        );
    } else if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
  });
  if (undefinedAliases.length > 0) return { ok: false, problems: undefinedAliases };
  return { ok: true, source: { doc, root: doc.contents, lines, file, aliasTargets } };
}

/**
 * What a parse error says, by the parser's error code: the one place that
 * decides what an error about YAML syntax may quote of the input, and the
 * answer is nothing: the parser's own sentence only when it is words alone. The parser's own messages quote source text
 * (`Unexpected scalar token in YAML stream: "…"`), and an unquoted secret that
 * starts with a YAML indicator (`*abc`, `!abc`, `&abc`, `%abc`, `@abc`, a
 * backtick, `|`, `>`, a quote) is exactly such text. The position is in the
 * problem; the message says what is wrong and how to fix it.
 */
export function parseMessage(code: string, parserMessage: string): string {
  const quote = "write the value in quotes if it is meant as text";
  // The parser's sentence when it is made of words alone ("All mapping items must
  // start at the same column", "Missing closing \"quote"): source text comes after
  // a colon, in quotes, or as a trailing character, none of which pass.
  const sentence = (parserMessage.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
  if (
    code !== "TAG_RESOLVE_FAILED" &&
    code !== "UNDEFINED_ALIAS" &&
    /^[A-Za-z][A-Za-z ,]*(?: [\]}]|"quote)?$/.test(sentence)
  )
    return sentence;
  switch (code) {
    case "UNDEFINED_ALIAS":
      return `an alias (a value starting with "*") refers to no anchor defined before it; ${quote}`;
    case "TAG_RESOLVE_FAILED":
      return `unknown YAML tag (a value starting with "!"); ${quote}`;
    case "BAD_SCALAR_START": {
      const c = /character (.)$/.exec(parserMessage)?.[1];
      const shown = c !== undefined && "%@`".includes(c) ? `"${c}"` : "a reserved character";
      return `a plain value cannot start with ${shown}; ${quote}`;
    }
    case "BAD_ALIAS":
    case "ALIAS_PROPS":
      return `an alias (a value starting with "*") is not valid here; ${quote}`;
    case "BAD_DIRECTIVE":
      return `unknown directive (a line starting with "%"); ${quote}`;
    case "BAD_DQ_ESCAPE":
      return "invalid escape sequence in a double-quoted string";
    case "BAD_INDENT":
      return "bad indentation";
    case "TAB_AS_INDENT":
      return "tabs cannot be used for indentation; use spaces";
    case "BAD_PROP_ORDER":
    case "MULTIPLE_ANCHORS":
    case "MULTIPLE_TAGS":
      return `a value has more than one anchor ("&") or tag ("!"), or they are out of order; ${quote}`;
    case "BLOCK_AS_IMPLICIT_KEY":
      return 'nested mappings are not allowed in compact mappings (a value containing ": " must be quoted)';
    case "BLOCK_IN_FLOW":
      return "a block value cannot be inside a flow collection ([...] or {...})";
    case "MISSING_CHAR":
      return "a quote or bracket is not closed";
    case "MULTILINE_IMPLICIT_KEY":
      return "implicit keys need to be on a single line";
    case "DUPLICATE_KEY":
      return "duplicate key: a key may appear once in a mapping";
    case "MULTIPLE_DOCS":
      return "the input holds more than one YAML document; put one manifest per file";
    case "NON_STRING_KEY":
    case "BAD_COLLECTION_TYPE":
      return "a key or collection of an unsupported type";
    case "RESOURCE_EXHAUSTION":
      return "the input expands to too many values";
    default:
      return `the input is not valid YAML (${code.toLowerCase().replaceAll("_", " ")}); ${quote}`;
  }
}

/**
 * The document as plain JavaScript values, with the same bounds as the decoder
 * (MAX_NODES values, MAX_EXPANDED_BYTES of scalar text, MAX_DEPTH levels, aliases
 * counted each time they are used), and objects without a prototype so that a
 * `__proto__` key stays a key. Undefined when a bound is exceeded.
 */
export function toPlainValue(source: ParsedSource): unknown {
  let nodes = 0;
  let bytes = 0;
  const over = Symbol("over");
  const conv = (raw: unknown, depth: number): unknown => {
    const node = resolveNode(source, raw);
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) throw over;
    if (node === null) return null;
    if (isScalar(node)) {
      bytes += typeof node.source === "string" ? node.source.length : String(node.value).length;
      if (bytes > MAX_EXPANDED_BYTES) throw over;
      return node.value;
    }
    if (isSeq(node)) return node.items.map((i) => conv(i, depth + 1));
    if (isMap(node)) {
      const out = Object.create(null) as Record<string, unknown>;
      for (const pair of node.items as { key: unknown; value: unknown }[]) {
        const k = conv(pair.key, depth + 1);
        out[String(k)] = conv(pair.value, depth + 1);
      }
      return out;
    }
    return null;
  };
  try {
    return conv(source.root, 0);
  } catch (e) {
    if (e === over) return undefined;
    throw e;
  }
}

/** The position where `node` starts. */
export function nodePosition(source: ParsedSource, node: Node | null | undefined): Position | undefined {
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const p = source.lines.linePos(offset);
  return { line: p.line, column: p.col };
}

/** Follows aliases to the node they name. */
export function resolveNode(source: ParsedSource, node: unknown): Node | null {
  let n = node;
  for (let hops = 0; isAlias(n); hops++) {
    if (hops > 100) return null;
    n = source.aliasTargets.get(n) ?? null;
  }
  return (n as Node | null) ?? null;
}

/**
 * "the string \"x\"", "a list", ...; with `quote` false a scalar's value is not
 * repeated (where it may be a secret written in the wrong place).
 */
export function describeNode(node: Node | null, quote = true): string {
  if (node === null) return "null";
  if (!quote && isScalar(node) && node.value !== null)
    return `a ${typeof node.value === "object" ? "value" : typeof node.value}`;
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return "null";
    if (typeof v === "string") return `the string ${JSON.stringify(truncate(v))}`;
    if (typeof v === "number" || typeof v === "bigint") return `the number ${String(v)}`;
    if (typeof v === "boolean") return `the boolean ${String(v)}`;
  }
  return "a value of another type";
}

export function truncate(s: string, max = 60): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}
