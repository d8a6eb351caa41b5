import type { Message } from "@bufbuild/protobuf";
import { decodeNode } from "./decode.js";
import { fillDefaults } from "./defaults.js";
import { fastPrepare } from "./fast-load.js";
import { type LoadOptions, load, type Manifest } from "./load.js";
import { applyOverrides } from "./overrides.js";
import type { Problem } from "./problem.js";
import { parseSource, resolveNode } from "./source.js";
import { validate } from "./validate.js";

export interface PrepareOptions extends LoadOptions {
  /** `--set path=value` overrides, applied in order after defaults. */
  sets?: readonly string[];
}

export type PrepareResult<T extends Message = Message> =
  | { ok: true; manifest: Manifest<T>; problems: [] }
  | { ok: false; manifest: Manifest<T> | undefined; problems: Problem[] };

/**
 * load → defaults → overrides → validate: the manifest as a module would deploy
 * it. On failure, `manifest` is still there when loading succeeded, so callers
 * can show what was read.
 */
export function prepareManifest<T extends Message = Message>(
  text: string,
  file = "<input>",
  opts: PrepareOptions = {},
): PrepareResult<T> {
  // Without overrides, a manifest with nothing to report takes the fast path
  // (no positions until someone asks); everything else the positional one.
  if ((opts.sets ?? []).length === 0) {
    const fast = fastPrepare<T>(text, file, opts.kind, (into, kind) => {
      const parsed = parseSource(text, file);
      if (parsed.ok) decodeNode(kind.schema, parsed.source, resolveNode(parsed.source, parsed.source.root), "", into);
    });
    if (fast) return { ok: true, manifest: fast, problems: [] };
  }
  return preparePositional(text, file, opts);
}

/** prepareManifest with source positions from the start (the reference of the fast path). */
export function preparePositional<T extends Message = Message>(
  text: string,
  file = "<input>",
  opts: PrepareOptions = {},
): PrepareResult<T> {
  const loaded = load<T>(text, file, opts);
  if (!loaded.ok) return { ok: false, manifest: undefined, problems: loaded.problems };
  const { kind, sourceMap } = loaded.manifest;
  // The decoded message is ours: default it in place; copy it only to apply overrides.
  const defaulted = fillDefaults(kind.schema, loaded.manifest.message);
  const sets = opts.sets ?? [];
  const overridden =
    sets.length > 0 ? applyOverrides(kind.schema, defaulted, sets) : { message: defaulted, problems: [] };
  const manifest: Manifest<T> = { kind, message: overridden.message, sourceMap };
  if (overridden.problems.length > 0) return { ok: false, manifest, problems: overridden.problems };
  const result = validate(kind.schema, overridden.message, sourceMap);
  if (!result.valid) return { ok: false, manifest, problems: attributeOverrides(result.violations, sets) };
  return { ok: true, manifest, problems: [] };
}

/**
 * A problem in a value that came from `--set` points at the override, not at a
 * line of the file (which does not hold that value).
 */
function attributeOverrides(problems: Problem[], sets: readonly string[]): Problem[] {
  const camel = (p: string) => p.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const paths = sets.map((s) => camel(s.slice(0, Math.max(0, s.indexOf("="))).trim())).filter((p) => p !== "");
  return problems.map((p) => {
    const from = paths.find((o) => p.path === o || p.path.startsWith(`${o}.`) || p.path.startsWith(`${o}[`));
    if (from === undefined) return p;
    const { line: _line, column: _column, ...rest } = p;
    return { ...rest, message: `${p.message} (set by --set ${from})` };
  });
}
