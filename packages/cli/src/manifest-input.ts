// The manifests named by -f/--manifest, shared by commands. Like kubectl: -f may be
// repeated, name a directory (its *.yaml, *.yml and *.json files in name order;
// with -R its subdirectories too) or - for standard input, and a YAML stream may
// hold several manifests separated by `---`. Each manifest is prepared on its
// own, and its problems keep the line numbers of the file it is in.

import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Manifest, Problem } from "@planton/sdk";
import { readInputText } from "@planton/sdk/read-input";
import type { Context } from "./command.js";
import { UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { printProblems } from "./problems.js";

/** At most this many manifests in one YAML stream. */
export const MAX_DOCUMENTS = 1000;

/** Flags the manifest readers look at. */
export interface InputFlags {
  file: string[];
  recursive?: boolean;
}

/** Flags `prepare` looks at. */
export interface PrepareFlags {
  set?: string[];
  refs?: string | undefined;
}

export interface ManifestSource {
  /** The name used in messages: the path as given, or "<stdin>". */
  file: string;
  text: string;
  /** 1-based position in a stream of several manifests; undefined for a file of one. */
  document?: number;
  /** What went wrong reading it as a stream (too many documents): reported instead of preparing it. */
  problems?: Problem[];
}

const manifestFile = /\.(ya?ml|json)$/i;

/** The files -f names, directories expanded (sorted; subdirectories with -R). */
export function expandInputs(names: readonly string[], recursive: boolean): string[] {
  if (names.length === 0)
    throw new UsageError("a manifest is required: -f FILE (or -f DIR, or -f - for standard input)");
  if (names.filter((n) => n === "-").length > 1) throw new UsageError("-f - (standard input) can be given once");
  const out: string[] = [];
  for (const name of names) {
    if (name !== "-" && isDirectory(name)) {
      const found = listManifests(name, recursive);
      if (found.length === 0)
        throw new UsageError(
          `no manifests (*.yaml, *.yml, *.json) in ${name}${recursive ? "" : " (-R reads subdirectories)"}`,
        );
      out.push(...found);
    } else out.push(name);
  }
  return out;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // Reading it reports why.
  }
}

function listManifests(dir: string, recursive: boolean): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const out: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    // Symbolic links to directories are not followed (no loops); to files they are read.
    if (e.isDirectory()) {
      if (recursive) out.push(...listManifests(path, true));
    } else if ((e.isFile() || e.isSymbolicLink()) && manifestFile.test(e.name) && !isDirectory(path)) out.push(path);
  }
  return out;
}

/** Reads every manifest -f names, streams split into their documents. */
export async function readSources(ctx: Context<InputFlags>): Promise<ManifestSource[]> {
  const files = expandInputs(ctx.flags.file, ctx.flags.recursive === true);
  const sources: ManifestSource[] = [];
  for (const f of files) {
    const text = f === "-" ? await ctx.io.readStdin() : readText(f);
    const file = f === "-" ? "<stdin>" : f;
    sources.push(...(await splitDocuments(text, file)));
  }
  return sources;
}

/** The one manifest of a command that deploys one (pulumi, outputs). */
export async function readOneSource(ctx: Context<{ file: string | undefined }>, what: string): Promise<ManifestSource> {
  const named = ctx.flags.file === undefined ? [] : [ctx.flags.file];
  const files = expandInputs(named, false);
  if (files.length > 1)
    throw new UsageError(
      `${what} works on one manifest at a time; -f names ${files.length} files (run it once per file)`,
    );
  const sources = await readSources({ ...ctx, flags: { file: files } });
  if (sources.length > 1)
    throw new UsageError(
      `${what} works on one manifest at a time; ${sources[0]?.file} holds ${sources.length} (put each in its own file)`,
    );
  return sources[0] as ManifestSource;
}

/**
 * The manifests of a YAML stream. A text with one manifest is returned as it is
 * (JSON is never split). Each document of a stream keeps its lines: the text
 * before it becomes as many empty lines, so positions match the file.
 */
export async function splitDocuments(text: string, file: string): Promise<ManifestSource[]> {
  if (/\.json$/i.test(file) || !/^(---|\.\.\.)/m.test(text)) return [{ file, text }];
  const { Parser } = await import("yaml");
  const starts: number[] = [];
  const nonEmpty: boolean[] = [];
  try {
    for (const token of new Parser().parse(text)) {
      if (token.type !== "document") continue;
      starts.push(token.offset);
      nonEmpty.push(token.value !== undefined);
    }
  } catch {
    return [{ file, text }]; // The loader reports what is wrong with it.
  }
  const count = nonEmpty.filter(Boolean).length;
  if (count <= 1) return [{ file, text }];
  if (count > MAX_DOCUMENTS) {
    const second = starts[nonEmpty.indexOf(true, nonEmpty.indexOf(true) + 1)] ?? 0;
    const line = lineOf(text, second);
    return [
      {
        file,
        text: "",
        problems: [
          {
            path: "",
            message: `the input holds ${count} YAML documents; at most ${MAX_DOCUMENTS} in one stream (split it into files)`,
            rule: "source.too_many_documents",
            file,
            line,
            column: 1,
          },
        ],
      },
    ];
  }
  const out: ManifestSource[] = [];
  let document = 0;
  for (let i = 0; i < starts.length; i++) {
    if (!nonEmpty[i]) continue;
    document++;
    // The first document also takes the comments before it.
    const start = document === 1 ? 0 : (starts[i] as number);
    const end = starts[i + 1] ?? text.length;
    out.push({ file, document, text: "\n".repeat(lineOf(text, start) - 1) + text.slice(start, end) });
  }
  return out;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** How a manifest is named in a one-line result: the file, and its place in a stream. */
export function sourceName(s: ManifestSource): string {
  return s.document === undefined ? s.file : `${s.file} (document ${s.document})`;
}

/**
 * A text input named on the command line (manifest, provider or docker config),
 * through the SDK's bounded reader: size-limited while reading, devices and
 * directories refused, pipes without a writer not waited for, UTF-8 checked.
 */
export function readText(path: string): string {
  return readInputText(path);
}

/**
 * load → defaults → --set → validate (→ resolve references with --refs). Prints
 * the problems and returns undefined when the manifest is not deployable.
 */
export async function prepare(
  ctx: Context<PrepareFlags>,
  source: ManifestSource,
  opts: { resolveRefs?: boolean } = {},
): Promise<Manifest | undefined> {
  const sdk = await import("@planton/sdk");
  const { text, file } = source;
  if (source.problems) {
    await printProblems(ctx.io, source.problems);
    return undefined;
  }
  const result = sdk.prepareManifest(text, file, { sets: ctx.flags.set ?? [] });
  if (!result.ok) {
    await printProblems(ctx.io, result.problems);
    return undefined;
  }
  let manifest = result.manifest;
  if (opts.resolveRefs) {
    const dir = ctx.flags.refs;
    const resolver =
      typeof dir === "string"
        ? sdk.directoryResolver(dir, (manifest.message as { metadata?: { env?: string } }).metadata?.env ?? "")
        : () => undefined;
    const resolved = sdk.resolveReferences(manifest.kind.schema, manifest.message, resolver);
    if (resolved.unresolved.length > 0) {
      const located = resolved.unresolved.map((p) => {
        const at = manifest.sourceMap.locate(p.path);
        return at ? { ...p, file, line: at.line, column: at.column } : { ...p, file };
      });
      await printProblems(ctx.io, located);
      if (typeof dir !== "string")
        ctx.io.err("hint: pass --refs DIR with the manifests (status.outputs filled) that the references name\n");
      return undefined;
    }
    manifest = { ...manifest, message: resolved.message };
  }
  return manifest;
}

/** Kind/name of a prepared manifest, like `kubectl -o name`. */
export function manifestName(m: Manifest): string {
  return `${m.kind.kind}/${(m.message as { metadata?: { name?: string } }).metadata?.name ?? ""}`;
}

export type { Io };
