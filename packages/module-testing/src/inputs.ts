// The stack inputs a module's golden tests run: its hack/stack-input.yaml (the
// documented way in) and every valid manifest under testdata/<slug>/valid/.

import { readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import type { Message } from "@bufbuild/protobuf";
import { buildStackInput, decodeStackInputBytes, findKind, formatProblem, load, resolveReferences } from "@planton/sdk";
import { fixtures, repoRoot } from "@planton/testing";

export interface TestInput {
  /** Stable id, used to name the golden file: `hack--stack-input`, `testdata--minimal`. */
  id: string;
  /** The file it comes from, relative to the repository root. */
  file: string;
  /** Reads and decodes the file (lazily, so one bad fixture fails only its own test). */
  load: () => Message;
}

/** Stand-in values for `valueFrom` references, which an orchestrator resolves before a module runs. */
export function stubReference(name: string): string {
  return `resolved-${name}`;
}

/** A stack input file, decoded exactly as a module decodes STACK_INPUT. */
export function stackInputFromFile(kind: string, file: string): Message {
  return decodeStackInputBytes(readFileSync(file), file, kind).stackInput;
}

/** A manifest file → its stack input, with references resolved to stubReference(name). */
export function stackInputFromManifest(kind: string, file: string): Message {
  const info = findKind(kind);
  if (!info) throw new Error(`unknown kind ${kind}`);
  const loaded = load(readFileSync(file, "utf8"), file, { kind });
  if (!loaded.ok) throw new Error(`${file} does not load:\n${loaded.problems.map(formatProblem).join("\n")}`);
  const { message } = resolveReferences(info.schema, loaded.manifest.message, (r) => stubReference(r.ref.name));
  return buildStackInput(info, message);
}

/**
 * The hack stack input of the package plus each valid fixture of
 * `testdata/<slug>/valid/` (read with the repository's one fixture reader).
 */
export function moduleTestInputs(kind: string, slug: string, packageDir: string): TestInput[] {
  const hack = join(packageDir, "hack", "stack-input.yaml");
  const inputs: TestInput[] = [
    { id: "hack--stack-input", file: relative(repoRoot(), hack), load: () => stackInputFromFile(kind, hack) },
  ];
  for (const f of fixtures().filter((x) => x.kind === slug && x.group === "valid")) {
    inputs.push({
      id: `testdata--${basename(f.file).replace(/\.(ya?ml|json)$/, "")}`,
      file: f.file,
      load: () => stackInputFromManifest(kind, join(repoRoot(), f.file)),
    });
  }
  return inputs;
}
