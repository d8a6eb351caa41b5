import { defineCommand, EXIT_INVALID, oneFileFlag, outputFlag } from "../command.js";
import { prepare, readOneSource } from "../manifest-input.js";
import { printJsonOrYaml } from "../print.js";
import {
  defaultStackName,
  findPulumi,
  parseStackOutputs,
  pulumiEnv,
  pulumiProjectDir,
  runPulumi,
} from "../pulumi-runner.js";

export const outputsCommand = defineCommand({
  name: "outputs",
  summary: "Print a deployed manifest's stack outputs as its kind's StackOutputs",
  usage: "outputs -f FILE [--stack NAME] [-o yaml|json]",
  flags: [
    oneFileFlag,
    {
      name: "stack",
      alias: "s",
      type: "string",
      placeholder: "NAME",
      help: "the Pulumi stack (default: from metadata)",
    },
    outputFlag(["yaml", "json"], "yaml"),
  ],
  examples: [{ command: "outputs -f job.yaml -o json", help: "namespace and jobName of a deployed KubernetesJob" }],
  async run(ctx) {
    const manifest = await prepare({ ...ctx, flags: {} }, await readOneSource(ctx, "planton outputs"));
    if (!manifest) return EXIT_INVALID;
    const bin = findPulumi(ctx.env);
    const sdk = await import("@planton/sdk");
    const stack = ctx.flags.stack ?? defaultStackName(manifest.message);
    const { env } = pulumiEnv(ctx.env, undefined);
    const out = await runPulumi(bin, ["stack", "output", "--json", "--stack", stack], {
      cwd: await pulumiProjectDir(manifest.kind, ctx.env),
      env,
      capture: true,
    });
    if (out.code !== 0) return out.code;
    const outputs = sdk.outputsToMessage(manifest.kind, parseStackOutputs(out.stdout));
    printJsonOrYaml(ctx.io, sdk.outputsJson(manifest.kind, outputs), ctx.flags.output);
    return 0;
  },
});
