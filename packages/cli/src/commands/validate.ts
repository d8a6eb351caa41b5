import { type CommandSpec, EXIT_INVALID, EXIT_OK, fileFlag, outputFlag, setFlag } from "../command.js";
import { paint } from "../io.js";
import { printProblems, readManifest } from "../manifest-input.js";

export const validateCommand: CommandSpec = {
  name: "validate",
  summary: "Check a manifest against its kind's schema and rules",
  usage: "validate -f FILE [--set PATH=VALUE ...] [-o text|json]",
  description:
    "Loads the manifest, applies the schema's defaults and any --set overrides, and checks every rule.\nProblems are printed like a compiler's: FILE:LINE:COL PATH: MESSAGE. Exit 0 valid, 1 invalid.",
  flags: [fileFlag, setFlag, outputFlag(["text", "json"], "text")],
  examples: [
    { command: "validate -f job.yaml", help: "validate a manifest" },
    { command: "validate -f job.yaml -o json | jq .violations", help: "machine-readable result" },
    { command: "validate -f - < job.yaml", help: "read the manifest from standard input" },
  ],
  async run(ctx) {
    const { prepareManifest, printable } = await import("@planton/sdk");
    const { text, file } = await readManifest(ctx);
    const result = prepareManifest(text, file, { sets: (ctx.flags.set as string[] | undefined) ?? [] });
    if (ctx.flags.output === "json") {
      const violations = result.problems.map((p) => {
        const v: Record<string, unknown> = { path: printable(p.path), message: printable(p.message), rule: p.rule };
        if (p.line !== undefined) {
          v.line = p.line;
          v.column = p.column;
        }
        return v;
      });
      ctx.io.out(`${JSON.stringify({ valid: result.ok, violations }, null, 2)}\n`);
      return result.ok ? EXIT_OK : EXIT_INVALID;
    }
    if (!result.ok) {
      await printProblems(ctx.io, result.problems);
      return EXIT_INVALID;
    }
    const m = result.manifest.message as { metadata?: { name?: string } };
    ctx.io.out(
      `${paint(ctx.io, "green", "valid:")} ${printable(`${file} (${result.manifest.kind.kind} ${m.metadata?.name ?? ""})`)}\n`,
    );
    return EXIT_OK;
  },
};
