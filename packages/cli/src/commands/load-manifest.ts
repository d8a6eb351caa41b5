import {
  defineCommand,
  EXIT_INVALID,
  EXIT_OK,
  fileFlag,
  outputFlag,
  recursiveFlag,
  refsFlag,
  setFlag,
  showSecretsFlag,
} from "../command.js";
import { manifestName, prepare, readSources } from "../manifest-input.js";
import { int64AsNumbers, printAll } from "../print.js";

export const loadManifestCommand = defineCommand({
  name: "load-manifest",
  summary: "Print manifests as a module would deploy them: defaults and overrides applied, validated",
  usage:
    "load-manifest -f FILE|DIR|- [-f ...] [--set PATH=VALUE ...] [--refs DIR] [-o yaml|json|name] [--show-secrets]",
  description: [
    "Sensitive values (literal secrets, kubeconfigs, docker configs) print as <redacted> unless --show-secrets.",
    "64-bit integers print as numbers, as they are written in a manifest (quoted only beyond 2^53), so the",
    "output loads back to the same manifest. Several manifests print as a YAML stream (---) or a JSON array.",
  ].join("\n"),
  flags: [fileFlag, recursiveFlag, setFlag, refsFlag, outputFlag(["yaml", "json", "name"], "yaml"), showSecretsFlag],
  examples: [
    { command: "load-manifest -f job.yaml", help: "see every default the schema fills in" },
    {
      command: "load-manifest -f job.yaml --set spec.parallelism=4 --set metadata.labels.team=data -o json",
      help: "apply overrides",
    },
  ],
  async run(ctx) {
    const sources = await readSources(ctx);
    const { redact, schemaRegistry, printable } = await import("@planton/sdk");
    const { toJson } = await import("@bufbuild/protobuf");
    const values: unknown[] = [];
    let failed = false;
    for (const source of sources) {
      const manifest = await prepare(ctx, source, { resolveRefs: typeof ctx.flags.refs === "string" });
      if (!manifest) {
        failed = true;
        continue;
      }
      if (ctx.flags.output === "name") {
        ctx.io.out(`${printable(manifestName(manifest))}\n`);
        continue;
      }
      const shown = ctx.flags["show-secrets"] ? manifest.message : redact(manifest.kind.schema, manifest.message);
      values.push(
        int64AsNumbers(manifest.kind.schema, toJson(manifest.kind.schema, shown, { registry: schemaRegistry() })),
      );
    }
    if (values.length > 0) printAll(ctx.io, values, ctx.flags.output);
    return failed ? EXIT_INVALID : EXIT_OK;
  },
});
