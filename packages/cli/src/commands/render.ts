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
import { startProgress } from "../io.js";
import { manifestName, readSources, sourceName } from "../manifest-input.js";
import { prepareStackInput, providerFlags } from "../provider-config.js";

export const renderCommand = defineCommand({
  name: "render",
  summary: "Print the Kubernetes objects manifests produce, offline, in creation order",
  usage: "render -f FILE|DIR|- [-f ...] [--set PATH=VALUE ...] [-o yaml|json|name] [--show-secrets]",
  description: [
    "Runs the kind's Pulumi module under Pulumi's mock runtime (no cluster, no Pulumi CLI) and prints every",
    "object it would create: a YAML stream (---) or a JSON array (the objects of every manifest, in order);",
    "-o name prints kind.group/name like kubectl. A Helm release prints as",
    '{"apiVersion": "helm.sh/v3", "kind": "Release", ...} with its chart, version and values.',
    "Secret values print as <redacted> unless --show-secrets.",
  ].join("\n"),
  flags: [
    fileFlag,
    recursiveFlag,
    setFlag,
    refsFlag,
    ...providerFlags,
    outputFlag(["yaml", "json", "name"], "yaml"),
    showSecretsFlag,
  ],
  examples: [
    { command: "render -f job.yaml", help: "the Job, Secrets, ConfigMaps and Namespace of a KubernetesJob" },
    { command: "render -f job.yaml -o json | jq '.[] | .kind'", help: "just the kinds, in creation order" },
    { command: "render -f manifests/ -o name", help: "what a directory of manifests creates" },
    {
      command: "render -f altinity.yaml --set spec.chart.version=0.24.0",
      help: "the Helm release with another chart version",
    },
  ],
  async run(ctx) {
    const progress = startProgress(ctx.io, "reading manifests");
    const objects: Record<string, unknown>[] = [];
    let failed = false;
    try {
      await progress.tick();
      const sources = await readSources(ctx);
      for (const source of sources) {
        progress.step(`validating ${sourceName(source)}`);
        await progress.tick();
        const prepared = await prepareStackInput(ctx, source);
        if (!prepared) {
          failed = true;
          continue;
        }
        const { manifest, input } = prepared;
        progress.step(`loading the ${manifest.kind.kind} module`);
        await progress.tick();
        const { renderObjects } = await import("../render-objects.js");
        progress.step(`rendering ${manifestName(manifest)}`);
        await progress.tick();
        objects.push(...(await renderObjects(manifest.kind, input, ctx.flags["show-secrets"])));
      }
    } finally {
      progress.stop();
    }
    if (ctx.flags.output === "json") {
      if (objects.length > 0 || !failed) ctx.io.out(`${JSON.stringify(objects, null, 2)}\n`);
    } else if (ctx.flags.output === "name") {
      const { printable } = await import("@planton/sdk");
      for (const o of objects) ctx.io.out(`${printable(objectName(o))}\n`);
    } else {
      const { stringify } = await import("yaml");
      ctx.io.out(objects.map((o) => stringify(o, { lineWidth: 0 })).join("---\n"));
    }
    return failed ? EXIT_INVALID : EXIT_OK;
  },
});

/** `job.batch/data-migration`, `namespace/batch-jobs`: kubectl's -o name. */
function objectName(o: Record<string, unknown>): string {
  const apiVersion = String(o.apiVersion ?? "");
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";
  const name = (o.metadata as { name?: unknown } | undefined)?.name ?? o.name ?? "";
  return `${String(o.kind ?? "").toLowerCase()}${group ? `.${group}` : ""}/${String(name)}`;
}
