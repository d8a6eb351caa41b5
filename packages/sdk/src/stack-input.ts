// Stack inputs: everything a module needs for one deployment ({target,
// providerConfig, kubernetesNamespace, dockerConfigJson}), built from a manifest,
// encoded for the STACK_INPUT variable and decoded (with defaults and validation)
// by modules.

import { clone, create, fromBinary, type Message, toBinary, toJson } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import {
  type KubernetesProviderConfig,
  KubernetesProviderConfigSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/provider_config_pb.js";
import { isMap, isScalar, type Node, type Pair, stringify, type YAMLMap } from "yaml";
import { decodeNode } from "./decode.js";
import { applyDefaults } from "./defaults.js";
import { PlantonError } from "./error.js";
import { findKind, type KindInfo, listKinds, unknownKindMessage } from "./kinds.js";
import { normalizeProviderConfig } from "./kubeconfig.js";
import { load } from "./load.js";
import { formatProblem, type Problem, printable } from "./problem.js";
import { MAX_INPUT_BYTES, notUtf8, readInputBytes } from "./read-input.js";
import { schemaRegistry } from "./schemas.js";
import { type ParsedSource, parseSource, resolveNode, SourceMap } from "./source.js";
import { validate } from "./validate.js";
import { unresolvedReferences } from "./value-from.js";

export type StackInputFormat = "yaml" | "json" | "binary";

export interface BuildStackInputOptions {
  providerConfig?: KubernetesProviderConfig | undefined;
  /** Overrides spec.namespace (an orchestrator's resolved namespace). */
  kubernetesNamespace?: string | undefined;
  /** Contents of a docker config.json; only kinds whose stack input has the field use it. */
  dockerConfigJson?: string | undefined;
}

/** Builds the stack input of `kind` around `target` (a manifest message of that kind). */
export function buildStackInput(kind: KindInfo, target: Message, opts: BuildStackInputOptions = {}): Message {
  const input = create(kind.stackInputSchema);
  const r = reflect(kind.stackInputSchema, input);
  const field = (name: string) => kind.stackInputSchema.fields.find((f) => f.name === name);
  const set = (name: string, value: unknown) => {
    const f = field(name);
    if (!f) throw new PlantonError("ERR_PLANTON_USAGE", `${kind.kind} stack inputs have no ${name} field`);
    if (f.fieldKind === "message") r.set(f, reflect(f.message, value as Message));
    else r.set(f, value as string);
  };
  set("target", target);
  if (opts.providerConfig) {
    const config = clone(KubernetesProviderConfigSchema, opts.providerConfig);
    normalizeProviderConfig(config);
    set("provider_config", config);
  }
  if (opts.kubernetesNamespace) set("kubernetes_namespace", opts.kubernetesNamespace);
  if (opts.dockerConfigJson) set("docker_config_json", opts.dockerConfigJson);
  return input;
}

/** The stack input as ProtoJSON (camelCase), for YAML or JSON output. */
export function stackInputJson(kind: KindInfo, input: Message): unknown {
  return toJson(kind.stackInputSchema, input, { registry: schemaRegistry() });
}

/** Encodes a stack input as text (yaml, json) or bytes (binary). */
export function serializeStackInput(kind: KindInfo, input: Message, format: StackInputFormat): Uint8Array {
  switch (format) {
    case "binary":
      return toBinary(kind.stackInputSchema, input);
    case "json":
      return Buffer.from(`${JSON.stringify(stackInputJson(kind, input), null, 2)}\n`);
    case "yaml":
      return Buffer.from(stringify(stackInputJson(kind, input), { lineWidth: 0 }));
  }
}

/** One line of base64, ready for `STACK_INPUT=$(...)`. */
export function encodeStackInput(kind: KindInfo, input: Message, format: StackInputFormat = "yaml"): string {
  return Buffer.from(serializeStackInput(kind, input, format)).toString("base64");
}

export interface DecodedStackInput<T extends Message = Message> {
  kind: KindInfo;
  /** The stack input with defaults applied; validated. */
  stackInput: T;
  /** Where it came from, e.g. "STACK_INPUT". */
  origin: string;
  format: StackInputFormat;
}

export interface DecodeStackInputOptions {
  /** The environment to read (process.env by default). */
  env?: Record<string, string | undefined>;
  /** The kind this module deploys; any other kind is an error. */
  kind?: string;
  /** The value of the Pulumi config key `planton-cloud:stack-input`, when the module has read it. */
  pulumiConfig?: string | undefined;
}

/** The variables a stack input is read from, first found wins. */
export const STACK_INPUT_SOURCES = [
  "STACK_INPUT",
  "STACK_INPUT_FILE",
  "STACK_INPUT_YAML",
  "STACK_INPUT_YAML_FILE",
  "planton-cloud:stack-input",
] as const;

const HOW_TO =
  "Set STACK_INPUT to base64 of a stack input or manifest (YAML, JSON or binary protobuf), e.g. STACK_INPUT=$(base64 -w0 stack-input.yaml), or STACK_INPUT_FILE to its path.";

function stackInputError(origin: string, message: string, problems: Problem[] = []): PlantonError {
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
  // The origin names the source already; say where in it as words, not as a file name.
  const where = first?.line === undefined ? "" : ` at line ${first.line}, column ${first.column}`;
  const what = first ? formatProblem({ path: first.path, message: first.message, rule: first.rule }) : "";
  const text = first ? `${origin} is invalid${where}: ${what}${more}` : `${origin} ${message}`;
  return new PlantonError("ERR_PLANTON_STACK_INPUT", text, { problems, hint: first ? undefined : HOW_TO });
}

/**
 * Reads, decodes, defaults and validates the stack input of a module run. Throws
 * a PlantonError (code ERR_PLANTON_STACK_INPUT) with a one-paragraph message
 * naming the variable and the first problem; never returns an invalid input.
 */
export function decodeStackInput<T extends Message = Message>(
  opts: DecodeStackInputOptions = {},
): DecodedStackInput<T> {
  const env = opts.env ?? process.env;
  const present = (v: string | undefined): v is string => v !== undefined && v.trim() !== "";
  let origin: string;
  let bytes: Uint8Array;
  if (present(env.STACK_INPUT)) {
    origin = "STACK_INPUT";
    bytes = fromBase64(origin, env.STACK_INPUT);
  } else if (present(env.STACK_INPUT_FILE)) {
    origin = `STACK_INPUT_FILE (${env.STACK_INPUT_FILE})`;
    bytes = readBytes(origin, env.STACK_INPUT_FILE);
  } else if (present(env.STACK_INPUT_YAML)) {
    origin = "STACK_INPUT_YAML";
    bytes = textBytes(origin, env.STACK_INPUT_YAML);
  } else if (present(env.STACK_INPUT_YAML_FILE)) {
    origin = `STACK_INPUT_YAML_FILE (${env.STACK_INPUT_YAML_FILE})`;
    bytes = readBytes(origin, env.STACK_INPUT_YAML_FILE);
  } else if (present(opts.pulumiConfig)) {
    origin = "Pulumi config planton-cloud:stack-input";
    bytes = textBytes(origin, opts.pulumiConfig);
  } else {
    throw new PlantonError(
      "ERR_PLANTON_STACK_INPUT",
      "No stack input: none of STACK_INPUT, STACK_INPUT_FILE, STACK_INPUT_YAML, STACK_INPUT_YAML_FILE or the Pulumi config key planton-cloud:stack-input is set.",
      { hint: HOW_TO },
    );
  }
  return decodeStackInputBytes<T>(bytes, origin, opts.kind);
}

/** Decodes stack input bytes (YAML, JSON or binary protobuf; a bare manifest is wrapped as the target). */
export function decodeStackInputBytes<T extends Message = Message>(
  bytes: Uint8Array,
  origin: string,
  expectedKind?: string,
): DecodedStackInput<T> {
  const expected = expectedKind === undefined ? undefined : findKind(expectedKind);
  if (expectedKind !== undefined && !expected)
    throw new PlantonError("ERR_PLANTON_UNKNOWN_KIND", unknownKindMessage(expectedKind));
  // Every format, binary included, is held to the same limit.
  if (bytes.length > MAX_INPUT_BYTES)
    throw stackInputError(origin, `is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB.`);
  const text = asText(bytes);
  if (text === undefined) return decodeBinary<T>(bytes, origin, expected);
  const parsed = parseSource(text, origin);
  if (!parsed.ok) {
    // Text that is not YAML may still be binary protobuf that happens to be valid UTF-8.
    const binary = tryBinary(bytes, expected, origin);
    if (binary) return finish<T>(binary.kind, binary.input, origin, "binary", undefined);
    throw stackInputError(origin, "", parsed.problems);
  }
  const root = resolveNode(parsed.source, parsed.source.root);
  if (!isMap(root))
    throw stackInputError(
      origin,
      "is not a stack input: expected a mapping with target (or a manifest with apiVersion and kind).",
    );
  const keys = new Set(
    (root.items as Pair<unknown, unknown>[])
      .map((p) => resolveNode(parsed.source, p.key))
      .filter(isScalar)
      .map((k) => String(k.value)),
  );
  const format: StackInputFormat = text.trimStart().startsWith("{") ? "json" : "yaml";
  if (!keys.has("target") && (keys.has("kind") || keys.has("apiVersion"))) {
    // A bare manifest (`STACK_INPUT=$(cat manifest.yaml | base64)`): wrap it as the target.
    const loaded = load(text, origin, expected ? { kind: expected.kind } : {});
    if (!loaded.ok) throw stackInputError(origin, "", loaded.problems);
    const input = buildStackInput(loaded.manifest.kind, loaded.manifest.message);
    return finish<T>(loaded.manifest.kind, input, origin, format, loaded.manifest.sourceMap, "");
  }
  // The target's kind decides the schema, so a stack input of another kind is
  // named as such instead of failing field by field against the wrong schema.
  const targetKind = targetKindOf(parsed.source, root);
  if (expected && typeof targetKind === "string" && targetKind !== "" && targetKind !== expected.kind) {
    throw stackInputError(origin, `holds a ${targetKind} but this module deploys ${expected.kind}.`);
  }
  const kind = expected ?? kindOfTarget(targetKind, origin);
  const decoded = decodeNode(kind.stackInputSchema, parsed.source, root, "", new SourceMap(origin));
  if (!decoded.message) throw stackInputError(origin, "", decoded.problems);
  return finish<T>(kind, decoded.message, origin, format, decoded.sourceMap);
}

/** The value of `target.kind` as written (a string, or another scalar value), without expanding aliases. */
function targetKindOf(source: ParsedSource, root: YAMLMap): unknown {
  const lookup = (map: YAMLMap, key: string): Node | null | undefined => {
    const pair = (map.items as Pair<unknown, unknown>[]).find((p) => {
      const k = resolveNode(source, p.key);
      return isScalar(k) && k.value === key;
    });
    return pair ? resolveNode(source, pair.value) : undefined;
  };
  const target = lookup(root, "target");
  if (!isMap(target)) return undefined;
  const kind = lookup(target, "kind");
  return isScalar(kind) ? kind.value : undefined;
}

function kindOfTarget(kindName: unknown, origin: string): KindInfo {
  if (typeof kindName !== "string") {
    throw stackInputError(
      origin,
      `does not say its kind: expected target.kind (one of ${listKinds()
        .map((k) => k.kind)
        .join(", ")}).`,
    );
  }
  const kind = findKind(kindName);
  if (!kind) throw stackInputError(origin, `has target.kind "${kindName}": ${unknownKindMessage(kindName)}.`);
  return kind;
}

function finish<T extends Message>(
  kind: KindInfo,
  input: Message,
  origin: string,
  format: StackInputFormat,
  sourceMap: SourceMap | undefined,
  targetPrefix = "target",
): DecodedStackInput<T> {
  normalizeProviderConfig((input as { providerConfig?: KubernetesProviderConfig }).providerConfig);
  let defaulted: Message;
  let problems: Problem[];
  if (targetPrefix === "") {
    // A wrapped manifest: report paths as the manifest spells them.
    const target = (input as unknown as { target: Message }).target;
    const t = applyDefaults(kind.schema, target);
    defaulted = buildStackInput(kind, t);
    problems = validate(kind.schema, t, sourceMap).violations;
    problems.push(...unresolvedReferences(kind.schema, t));
  } else {
    defaulted = applyDefaults(kind.stackInputSchema, input);
    problems = validate(kind.stackInputSchema, defaulted, sourceMap).violations;
    problems.push(...unresolvedReferences(kind.stackInputSchema, defaulted));
  }
  for (const p of problems) {
    const at = p.line === undefined ? sourceMap?.locate(p.path) : undefined;
    if (at) Object.assign(p, { line: at.line, column: at.column, file: sourceMap?.file });
  }
  if (problems.length > 0) throw stackInputError(origin, "", problems);
  return { kind, stackInput: defaulted as T, origin, format };
}

function tryBinary(
  bytes: Uint8Array,
  expected: KindInfo | undefined,
  origin: string,
): { kind: KindInfo; input: Message } | undefined {
  const parse = (kind: KindInfo): Message | undefined => {
    try {
      return fromBinary(kind.stackInputSchema, bytes, { readUnknownFields: false });
    } catch {
      return undefined; // Not this kind's stack input.
    }
  };
  // The kind whose target says it is that kind; then, for a module, its own kind
  // when the bytes at least decode as its stack input (validation says what is wrong).
  for (const kind of listKinds()) {
    const input = parse(kind);
    if ((input as { target?: { kind?: string } } | undefined)?.target?.kind !== kind.kind) continue;
    if (expected && kind.kind !== expected.kind)
      throw stackInputError(origin, `holds a ${kind.kind} but this module deploys ${expected.kind}.`);
    return { kind, input: input as Message };
  }
  if (expected) {
    const input = parse(expected);
    if ((input as { target?: unknown } | undefined)?.target !== undefined)
      return { kind: expected, input: input as Message };
  }
  return undefined;
}

function decodeBinary<T extends Message>(
  bytes: Uint8Array,
  origin: string,
  expected: KindInfo | undefined,
): DecodedStackInput<T> {
  const found = tryBinary(bytes, expected, origin);
  // Text with a byte that is not UTF-8 (no control bytes, which protobuf's tags
  // and lengths are full of): where it is, rather than "not protobuf".
  const textLike = !bytes.some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
  const bad = !found && textLike ? notUtf8(bytes) : undefined;
  if (bad) throw stackInputError(origin, `is ${bad.what} at line ${bad.line}, column ${bad.column}.`);
  if (!found) {
    throw stackInputError(
      origin,
      `is neither YAML, JSON nor a binary protobuf ${expected ? `${expected.kind}StackInput` : "stack input"} (${bytes.length} bytes).`,
    );
  }
  return finish<T>(found.kind, found.input, origin, "binary", undefined);
}

/** Base64 of MAX_INPUT_BYTES, with room for line breaks: a longer variable is refused before it is decoded. */
const MAX_BASE64_CHARS = Math.ceil(MAX_INPUT_BYTES / 3) * 4 * 1.1 + 1024;

function fromBase64(origin: string, value: string): Uint8Array {
  if (value.length > MAX_BASE64_CHARS)
    throw stackInputError(origin, `is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB (once decoded).`);
  const compact = value.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) {
    const bad = compact.search(/[^A-Za-z0-9+/_=-]/);
    throw stackInputError(
      origin,
      `is not base64: unexpected character ${JSON.stringify(compact[bad] ?? "=")} at position ${bad + 1}.`,
    );
  }
  if (compact.length % 4 === 1)
    throw stackInputError(origin, `is not base64: its length (${compact.length}) cannot be base64; was it truncated?`);
  return Buffer.from(compact.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

function textBytes(origin: string, value: string): Uint8Array {
  if (value.length > MAX_INPUT_BYTES)
    throw stackInputError(origin, `is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB.`);
  return Buffer.from(value);
}

/** The file's bytes, read with the shared bounded reader (no FIFO hang, no /dev/zero). */
function readBytes(origin: string, path: string): Uint8Array {
  try {
    return readInputBytes(path, { name: origin, code: "ERR_PLANTON_STACK_INPUT" });
  } catch (e) {
    if (!(e instanceof PlantonError)) throw e;
    const prefix = `cannot read ${printable(origin)}: `;
    if (!e.message.startsWith(prefix)) throw e;
    throw new PlantonError("ERR_PLANTON_STACK_INPUT", `${origin} cannot be read: ${e.message.slice(prefix.length)}.`, {
      hint: e.hint ?? HOW_TO,
      cause: e,
    });
  }
}

/** The bytes as text when they are UTF-8 without control characters other than tab and newlines. */
function asText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting binary input is the point.
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text) ? undefined : text;
}
