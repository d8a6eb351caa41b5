import type { DescMessage, Message } from "@bufbuild/protobuf";
import { isMap, isScalar, type Pair } from "yaml";
import { decodeNode } from "./decode.js";
import { findKind, type KindInfo, unknownKindMessage } from "./kinds.js";
import { type Problem, problem } from "./problem.js";
import { describeNode, nodePosition, parseSource, resolveNode, SourceMap } from "./source.js";

/** A manifest decoded into the typed message of its kind, with the positions of its fields. */
export interface Manifest<T extends Message = Message> {
  kind: KindInfo;
  message: T;
  sourceMap: SourceMap;
}

export type LoadResult<T extends Message = Message> =
  | { ok: true; manifest: Manifest<T>; problems: [] }
  | { ok: false; manifest: undefined; problems: Problem[] };

export interface LoadOptions {
  /** Only accept manifests of this kind (e.g. a module loading its own kind). */
  kind?: string;
}

function failed(problems: Problem[]): LoadResult<never> {
  return { ok: false, manifest: undefined, problems };
}

/**
 * Loads a manifest from YAML or JSON text: finds its kind through the kind
 * registry and decodes it into that kind's message. Defaults are not applied and
 * rules are not checked here (see applyDefaults and validate). Never throws for
 * bad input: every problem carries a field path and, where it exists, a position.
 */
export function load<T extends Message = Message>(
  text: string,
  file = "<input>",
  opts: LoadOptions = {},
): LoadResult<T> {
  const parsed = parseSource(text, file);
  if (!parsed.ok) return failed(parsed.problems);
  const { source } = parsed;
  const root = resolveNode(source, source.root);
  if (!isMap(root)) {
    return failed([
      problem(
        "",
        `expected a manifest (a mapping with apiVersion, kind, metadata and spec), got ${describeNode(root)}`,
        "manifest.not_mapping",
        nodePosition(source, root),
        file,
      ),
    ]);
  }
  const kindPair = (root.items as Pair<unknown, unknown>[]).find((p) => {
    const k = resolveNode(source, p.key);
    return isScalar(k) && k.value === "kind";
  });
  if (!kindPair) {
    return failed([
      problem(
        "kind",
        "is missing: every manifest names its kind, e.g. `kind: KubernetesJob`",
        "manifest.kind_missing",
        nodePosition(source, root),
        file,
      ),
    ]);
  }
  const kindNode = resolveNode(source, kindPair.value);
  const kindName = isScalar(kindNode) && typeof kindNode.value === "string" ? kindNode.value : undefined;
  const kindAt = nodePosition(source, kindNode) ?? nodePosition(source, resolveNode(source, kindPair.key));
  if (kindName === undefined) {
    return failed([
      problem("kind", `expected a kind name, got ${describeNode(kindNode)}`, "manifest.kind_type", kindAt, file),
    ]);
  }
  const kind = findKind(kindName);
  if (!kind) return failed([problem("kind", unknownKindMessage(kindName), "manifest.kind_unknown", kindAt, file)]);
  if (opts.kind !== undefined && opts.kind !== kind.kind) {
    return failed([
      problem("kind", `expected a ${opts.kind} manifest, got ${kind.kind}`, "manifest.kind_mismatch", kindAt, file),
    ]);
  }
  const decoded = decodeNode<T>(kind.schema, source, root, "", new SourceMap(file));
  if (!decoded.message) return failed(decoded.problems);
  return { ok: true, manifest: { kind, message: decoded.message, sourceMap: decoded.sourceMap }, problems: [] };
}

/** Decodes YAML or JSON text as a message of `schema` (a stack input, for example). */
export function loadMessage<T extends Message = Message>(
  schema: DescMessage,
  text: string,
  file = "<input>",
):
  | { message: T; sourceMap: SourceMap; problems: [] }
  | { message: undefined; sourceMap: undefined; problems: Problem[] } {
  const parsed = parseSource(text, file);
  if (!parsed.ok) return { message: undefined, sourceMap: undefined, problems: parsed.problems };
  const decoded = decodeNode<T>(schema, parsed.source, parsed.source.root, "", new SourceMap(file));
  if (!decoded.message) return { message: undefined, sourceMap: undefined, problems: decoded.problems };
  return { message: decoded.message, sourceMap: decoded.sourceMap, problems: [] };
}
