// Reading and preparing the manifest named by -f/--manifest, shared by commands.

import type { Manifest, Problem } from "@planton/sdk";
import { readInputText } from "@planton/sdk/read-input";
import { UsageError } from "./args.js";
import type { Context } from "./command.js";
import { type Io, paint } from "./io.js";

export interface ManifestText {
  text: string;
  /** The name used in messages: the path as given, or "<stdin>". */
  file: string;
}

export async function readManifest(ctx: Context): Promise<ManifestText> {
  const file = ctx.flags.file;
  if (typeof file !== "string") throw new UsageError("a manifest is required: -f FILE (or -f - for standard input)");
  if (file === "-") return { text: await ctx.io.readStdin(), file: "<stdin>" };
  return { text: readText(file), file };
}

/**
 * A text input named on the command line (manifest, provider or docker config),
 * through the SDK's bounded reader: size-limited while reading, devices and
 * directories refused, pipes without a writer not waited for, UTF-8 checked.
 */
export function readText(path: string): string {
  return readInputText(path);
}

/** Problems like a compiler, one per line, to stderr. */
export async function printProblems(io: Io, problems: readonly Problem[]): Promise<void> {
  const { formatProblem } = await import("@planton/sdk");
  for (const p of problems) io.err(`${paint(io, "red", "error:")} ${formatProblem(p)}\n`);
  if (problems.length > 1) io.err(`${problems.length} problems\n`);
}

/**
 * load → defaults → --set → validate (→ resolve references with --refs). Prints
 * the problems and returns undefined when the manifest is not deployable.
 */
export async function prepare(ctx: Context, opts: { resolveRefs?: boolean } = {}): Promise<Manifest | undefined> {
  const sdk = await import("@planton/sdk");
  const { text, file } = await readManifest(ctx);
  const result = sdk.prepareManifest(text, file, { sets: (ctx.flags.set as string[] | undefined) ?? [] });
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
