import {
  type CommandSpec,
  EXIT_INVALID,
  EXIT_OK,
  EXIT_USAGE,
  fileFlag,
  outputFlag,
  refsFlag,
  setFlag,
  showSecretsFlag,
} from "../command.js";
import { paint } from "../io.js";
import { printJsonOrYaml } from "../print.js";
import { prepareStackInput, providerFlags } from "../provider-config.js";

export const stackInputCommand: CommandSpec = {
  name: "stack-input",
  summary: "Build the stack input a module runs with, as base64 for STACK_INPUT (or YAML/JSON)",
  usage:
    "stack-input -f FILE [--provider-config FILE | --kubeconfig PATH --context NAME] [--namespace NS] [--docker-config FILE] [-o base64|yaml|json]",
  description:
    "The default output is one line of base64 (of YAML), ready for STACK_INPUT=$(...). It carries sensitive values,\nso on a terminal it is printed only with --show-secrets; YAML and JSON output redact them unless --show-secrets.",
  flags: [
    fileFlag,
    setFlag,
    refsFlag,
    ...providerFlags,
    outputFlag(["base64", "yaml", "json"], "base64"),
    showSecretsFlag,
  ],
  examples: [
    {
      command: "stack-input -f job.yaml --kubeconfig ~/.kube/config --context kind-dev",
      help: "build the base64 stack input",
    },
    { command: "stack-input -f job.yaml -o yaml", help: "look at it (secrets redacted)" },
    {
      command:
        "stack-input -f job.yaml > /tmp/si && cd packages/kubernetes-job && STACK_INPUT=$(cat /tmp/si) pulumi preview",
      help: "run a module directly",
    },
  ],
  async run(ctx) {
    const prepared = await prepareStackInput(ctx);
    if (!prepared) return EXIT_INVALID;
    const { manifest, input } = prepared;
    const sdk = await import("@planton/sdk");
    const show = ctx.flags["show-secrets"] === true;
    const format = ctx.flags.output as string;
    if (format === "base64") {
      if (ctx.io.stdoutIsTTY && !show && sdk.sensitiveValues(manifest.kind.stackInputSchema, input).length > 0) {
        ctx.io.err(
          `${paint(ctx.io, "red", "error:")} the stack input holds sensitive values; capture it (STACK_INPUT=$(planton stack-input ...)) or pass --show-secrets to print it on a terminal\n`,
        );
        return EXIT_USAGE;
      }
      ctx.io.out(`${sdk.encodeStackInput(manifest.kind, input, "yaml")}\n`);
      return EXIT_OK;
    }
    const shown = show ? input : sdk.redact(manifest.kind.stackInputSchema, input);
    printJsonOrYaml(ctx.io, sdk.stackInputJson(manifest.kind, shown), format);
    return EXIT_OK;
  },
};
