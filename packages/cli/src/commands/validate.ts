import type { Problem } from "@planton/sdk";
import { defineCommand, EXIT_INVALID, EXIT_OK, fileFlag, outputFlag, recursiveFlag, setFlag } from "../command.js";
import { paint, startProgress } from "../io.js";
import { readSources, sourceName } from "../manifest-input.js";
import { printJsonOrYaml } from "../print.js";
import { printProblems } from "../problems.js";

export const validateCommand = defineCommand({
  name: "validate",
  summary: "Check manifests against their kind's schema and rules",
  usage: "validate -f FILE|DIR|- [-f ...] [-R] [--set PATH=VALUE ...] [-o text|json|yaml|name]",
  description: [
    "Loads each manifest, applies the schema's defaults and any --set overrides, and checks every rule.",
    "-f may be repeated and name a directory (*.yaml, *.yml, *.json; -R for subdirectories); a YAML stream",
    "may hold several manifests separated by ---. Each is validated on its own.",
    "Problems print on standard error like a compiler's: FILE:LINE:COL: PATH: MESSAGE",
    "(--error-format json or github-actions for tools and CI). Exit 0 when every manifest is valid, 1 otherwise.",
    "-o json prints {valid, violations} for one manifest and {valid, results: [{file, document, valid,",
    "violations}]} for several; -o name prints Kind/name of each valid manifest.",
  ].join("\n"),
  flags: [fileFlag, recursiveFlag, setFlag, outputFlag(["text", "json", "yaml", "name"], "text")],
  examples: [
    { command: "validate -f job.yaml", help: "validate a manifest" },
    { command: "validate -f manifests/ -R", help: "every manifest in a directory tree" },
    { command: "validate -f job.yaml -o json | jq .violations", help: "machine-readable result" },
    { command: "validate -f - < job.yaml", help: "read the manifest from standard input" },
    { command: "validate -f deploy/ --error-format github-actions", help: "annotations in a GitHub Actions run" },
  ],
  async run(ctx) {
    const { prepareManifest, printable } = await import("@planton/sdk");
    const sources = await readSources(ctx);
    const format = ctx.flags.output;
    const results: { file: string; document?: number; valid: boolean; violations: Record<string, unknown>[] }[] = [];
    let failed = false;
    // A spinner while many (or large) manifests are checked; a terminal only.
    const large = sources.length > 1 || sources.some((s) => s.text.length > 256 * 1024);
    const progress = large ? startProgress(ctx.io, "validating") : undefined;
    try {
      for (const [i, source] of sources.entries()) {
        if (progress) {
          progress.step(`validating ${sourceName(source)} (${i + 1}/${sources.length})`);
          await progress.tick();
        }
        const result = source.problems
          ? { ok: false as const, problems: source.problems, manifest: undefined }
          : prepareManifest(source.text, source.file, { sets: ctx.flags.set });
        failed ||= !result.ok;
        if (format === "json" || format === "yaml") {
          results.push({
            file: printable(source.file),
            ...(source.document === undefined ? {} : { document: source.document }),
            valid: result.ok,
            violations: result.problems.map(violation),
          });
          continue;
        }
        if (!result.ok) {
          await printProblems(ctx.io, result.problems);
          continue;
        }
        const m = result.manifest.message as { metadata?: { name?: string } };
        const kind = result.manifest.kind.kind;
        if (format === "name") ctx.io.out(`${printable(`${kind}/${m.metadata?.name ?? ""}`)}\n`);
        else
          ctx.io.out(
            `${paint(ctx.io, "green", "valid:", "out")} ${printable(`${source.file} (${source.document === undefined ? "" : `document ${source.document}: `}${kind} ${m.metadata?.name ?? ""})`)}\n`,
          );
      }
    } finally {
      progress?.stop();
    }
    if (format === "json" || format === "yaml") {
      const first = results[0];
      const value =
        results.length === 1 && first
          ? { valid: first.valid, violations: first.violations }
          : { valid: !failed, results };
      printJsonOrYaml(ctx.io, value, format);
    }
    return failed ? EXIT_INVALID : EXIT_OK;

    function violation(p: Problem): Record<string, unknown> {
      const v: Record<string, unknown> = { path: printable(p.path), message: printable(p.message), rule: p.rule };
      if (p.line !== undefined) {
        v.line = p.line;
        v.column = p.column;
      }
      return v;
    }
  },
});
