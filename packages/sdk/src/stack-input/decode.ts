// Decoding stack input bytes (YAML, JSON or binary protobuf; a bare manifest is
// wrapped as the target), with defaults applied and everything validated.
import { fromBinary, type Message } from "@bufbuild/protobuf";
import type { KubernetesProviderConfig } from "@planton/gen/org/project_planton/provider/kubernetes/provider_config_pb.js";
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from "yaml";
import { decodeNode } from "../decode.js";
import { applyDefaults } from "../defaults.js";
import { PlantonError } from "../error.js";
import { findKind, type KindInfo, listKinds, unknownKindMessage } from "../kinds.js";
import { normalizeProviderConfig } from "../kubeconfig.js";
import { load } from "../load.js";
import type { Problem } from "../problem.js";
import { MAX_INPUT_BYTES, notUtf8 } from "../read-input.js";
import { type ParsedSource, parseSource, resolveNode, SourceMap } from "../source.js";
import { validate } from "../validate.js";
import { unresolvedReferences } from "../value-from.js";
import { buildStackInput } from "./build.js";
import type { StackInputFormat } from "./encode.js";
import { stackInputError } from "./error.js";

export interface DecodedStackInput<T extends Message = Message> {
  kind: KindInfo;
  /** The stack input with defaults applied; validated. */
  stackInput: T;
  /** Where it came from, e.g. "STACK_INPUT". */
  origin: string;
  format: StackInputFormat;
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
