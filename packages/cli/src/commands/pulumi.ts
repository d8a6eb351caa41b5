import { writeFileSync } from "node:fs";
import { type Context, defineCommand, EXIT_INVALID, EXIT_OK, oneFileFlag, refsFlag, setFlag } from "../command.js";
import { UsageError } from "../errors.js";
import { paint, withProgress } from "../io.js";
import { readOneSource, readText } from "../manifest-input.js";
import { prepareStackInput, providerFlags } from "../provider-config.js";
import {
  defaultStackName,
  findPulumi,
  parseStackOutputs,
  privateFile,
  pulumiEnv,
  pulumiProjectDir,
  runPulumi,
  signalExitCode,
} from "../pulumi-runner.js";
import { suggest } from "../suggest.js";

const operations = ["preview", "up", "refresh", "destroy"] as const;

export const pulumiCommand = defineCommand({
  name: "pulumi",
  summary: "Run pulumi preview, up, refresh or destroy for a manifest with its kind's module",
  usage: "pulumi preview|up|refresh|destroy -f FILE [--stack NAME] [--yes] [--diff] [--write-status] [-- PULUMI ARGS]",
  positionals: ["OPERATION"],
  completePositional: operations,
  description: [
    "Validates the manifest first: nothing reaches Pulumi unless it is valid. The stack input is passed to the",
    "module through a private temporary file that is removed afterwards. The stack (default: metadata.name,",
    "prefixed with metadata.env when set) is selected or created. Without PULUMI_BACKEND_URL or a `pulumi login`,",
    "state is kept in the local file backend ~/.planton/pulumi, its secrets encrypted with a generated passphrase",
    "kept in ~/.planton/pulumi-passphrase (0600) unless PULUMI_CONFIG_PASSPHRASE(_FILE) is set. Pulumi runs in",
    "~/.planton/projects/<module> (PLANTON_HOME replaces ~/.planton), so each stack's Pulumi.<stack>.yaml is kept there.",
    "Exits with Pulumi's own exit code. One manifest at a time: -f names one file (a stream of several is refused).",
  ].join("\n"),
  flags: [
    oneFileFlag,
    {
      name: "stack",
      alias: "s",
      type: "string",
      placeholder: "NAME",
      help: "the Pulumi stack (default: from metadata)",
    },
    { name: "yes", alias: "y", type: "boolean", help: "do not ask for confirmation (up, refresh, destroy)" },
    { name: "diff", type: "boolean", help: "show a detailed diff" },
    {
      name: "write-status",
      type: "boolean",
      help: "after up, write the outputs into the manifest's status.outputs (comments kept)",
    },
    setFlag,
    refsFlag,
    ...providerFlags,
  ],
  examples: [
    { command: "pulumi preview -f job.yaml", help: "what would change" },
    { command: "pulumi up -f job.yaml --yes --write-status", help: "deploy and record the outputs in the manifest" },
    {
      command: "pulumi up --manifest job.yaml --kubeconfig ~/.kube/config --context prod",
      help: "deploy to a given cluster",
    },
    { command: "pulumi destroy -f job.yaml --yes", help: "remove everything the manifest created" },
    { command: "pulumi preview -f job.yaml -- --json", help: "pass flags through to pulumi" },
  ],
  async run(ctx) {
    const op = ctx.args[0];
    if (op === undefined || !(operations as readonly string[]).includes(op)) {
      throw new UsageError(
        `name an operation: ${operations.join(", ")}${op === undefined ? "" : `, got "${op}"${suggest(op, [...operations])}`}`,
      );
    }
    if (ctx.flags["write-status"] && (op !== "up" || ctx.flags.file === "-")) {
      throw new UsageError("--write-status works with `up` and a manifest file (not -f -)");
    }
    const source = await readOneSource(ctx, `planton pulumi ${op}`);
    const prepared = await withProgress(ctx.io, `validating ${source.file}`, () => prepareStackInput(ctx, source));
    if (!prepared) return EXIT_INVALID;
    const { manifest, input } = prepared;
    const sdk = await import("@planton/sdk");
    const bin = findPulumi(ctx.env);
    const cwd = await pulumiProjectDir(manifest.kind, ctx.env);
    const stack = ctx.flags.stack ?? defaultStackName(manifest.message);
    const file = await privateFile("stack-input.binpb", sdk.serializeStackInput(manifest.kind, input, "binary"));
    // After SIGINT/SIGTERM (forwarded to pulumi; the stack input file is gone), no next step runs.
    const stopped = () => {
      const signal = sdk.interruptedBy();
      return signal === undefined ? undefined : signalExitCode(signal);
    };
    try {
      const { env, note } = pulumiEnv(ctx.env, file.path);
      if (note) ctx.io.err(`${paint(ctx.io, "dim", note)}\n`);
      const selected = await runPulumi(bin, ["stack", "select", "--create", "--stack", stack, "--non-interactive"], {
        cwd,
        env,
      });
      if (selected.code !== 0 || stopped() !== undefined) return stopped() ?? selected.code;
      const args = [op, "--stack", stack];
      if (ctx.flags.yes && op !== "preview") args.push("--yes");
      if (ctx.flags.diff) args.push("--diff");
      const result = await runPulumi(bin, [...args, ...ctx.passthrough], { cwd, env });
      if (stopped() !== undefined) return stopped() ?? result.code;
      if (result.code !== 0 || !ctx.flags["write-status"]) return result.code;
      return await writeStatus(ctx, source.file, bin, cwd, env, stack, manifest.kind);
    } finally {
      file.remove();
    }
  },
});

async function writeStatus(
  ctx: Context,
  path: string,
  bin: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  stack: string,
  kind: import("@planton/sdk").KindInfo,
): Promise<number> {
  const sdk = await import("@planton/sdk");
  const out = await runPulumi(bin, ["stack", "output", "--json", "--stack", stack], { cwd, env, capture: true });
  if (out.code !== 0) return out.code;
  const outputs = parseStackOutputs(out.stdout);
  const updated = sdk.writeStatusOutputs(readText(path), kind, sdk.outputsToMessage(kind, outputs));
  writeFileSync(path, updated);
  ctx.io.err(`wrote status.outputs to ${sdk.printable(path)}\n`);
  return EXIT_OK;
}
