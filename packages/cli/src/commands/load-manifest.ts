import {
  type CommandSpec,
  EXIT_INVALID,
  EXIT_OK,
  fileFlag,
  outputFlag,
  refsFlag,
  setFlag,
  showSecretsFlag,
} from "../command.js";
import { prepare } from "../manifest-input.js";
import { printJsonOrYaml } from "../print.js";

export const loadManifestCommand: CommandSpec = {
  name: "load-manifest",
  summary: "Print a manifest as a module would deploy it: defaults and overrides applied, validated",
  usage: "load-manifest -f FILE [--set PATH=VALUE ...] [--refs DIR] [-o yaml|json] [--show-secrets]",
  description:
    "Sensitive values (literal secrets, kubeconfigs, docker configs) print as <redacted> unless --show-secrets.",
  flags: [fileFlag, setFlag, refsFlag, outputFlag(["yaml", "json"], "yaml"), showSecretsFlag],
  examples: [
    { command: "load-manifest -f job.yaml", help: "see every default the schema fills in" },
    {
      command: "load-manifest -f job.yaml --set spec.parallelism=4 --set metadata.labels.team=data -o json",
      help: "apply overrides",
    },
  ],
  async run(ctx) {
    const manifest = await prepare(ctx, { resolveRefs: typeof ctx.flags.refs === "string" });
    if (!manifest) return EXIT_INVALID;
    const { redact } = await import("@planton/sdk");
    const { toJson } = await import("@bufbuild/protobuf");
    const { schemaRegistry } = await import("@planton/sdk");
    const shown =
      ctx.flags["show-secrets"] === true ? manifest.message : redact(manifest.kind.schema, manifest.message);
    printJsonOrYaml(
      ctx.io,
      toJson(manifest.kind.schema, shown, { registry: schemaRegistry() }),
      ctx.flags.output as string,
    );
    return EXIT_OK;
  },
};
