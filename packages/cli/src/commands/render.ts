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
import { withProgress } from "../io.js";
import { prepareStackInput, providerFlags } from "../provider-config.js";

export const renderCommand: CommandSpec = {
  name: "render",
  summary: "Print the Kubernetes objects a manifest produces, offline, in creation order",
  usage: "render -f FILE [--set PATH=VALUE ...] [-o yaml|json] [--show-secrets]",
  description: [
    "Runs the kind's Pulumi module under Pulumi's mock runtime (no cluster, no Pulumi CLI) and prints every",
    "object it would create: a YAML stream (---) or a JSON array. A Helm release prints as",
    '{"apiVersion": "helm.sh/v3", "kind": "Release", ...} with its chart, version and values.',
    "Secret values print as <redacted> unless --show-secrets.",
  ].join("\n"),
  flags: [fileFlag, setFlag, refsFlag, ...providerFlags, outputFlag(["yaml", "json"], "yaml"), showSecretsFlag],
  examples: [
    { command: "render -f job.yaml", help: "the Job, Secrets, ConfigMaps and Namespace of a KubernetesJob" },
    { command: "render -f job.yaml -o json | jq '.[] | .kind'", help: "just the kinds, in creation order" },
    {
      command: "render -f altinity.yaml --set spec.chart.version=0.24.0",
      help: "the Helm release with another chart version",
    },
  ],
  async run(ctx) {
    const prepared = await prepareStackInput(ctx);
    if (!prepared) return EXIT_INVALID;
    const { manifest, input } = prepared;
    const _sdk = await import("@planton/sdk");
    const objects = await withProgress(ctx.io, `rendering ${manifest.kind.kind}`, async () => {
      const { renderObjects } = await import("../render-objects.js");
      return renderObjects(manifest.kind, input, ctx.flags["show-secrets"] === true);
    });
    if (ctx.flags.output === "json") {
      ctx.io.out(`${JSON.stringify(objects, null, 2)}\n`);
    } else {
      const { stringify } = await import("yaml");
      ctx.io.out(objects.map((o) => stringify(o, { lineWidth: 0 })).join("---\n"));
    }
    return EXIT_OK;
  },
};
