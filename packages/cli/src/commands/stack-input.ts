import {
  defineCommand,
  EXIT_INVALID,
  EXIT_OK,
  EXIT_USAGE,
  fileFlag,
  outputFlag,
  recursiveFlag,
  refsFlag,
  setFlag,
  showSecretsFlag,
} from "../command.js";
import { readSources } from "../manifest-input.js";
import { int64AsNumbers, printAll } from "../print.js";
import { formatErrorLine } from "../problems.js";
import { prepareStackInput, providerFlags } from "../provider-config.js";

export const stackInputCommand = defineCommand({
  name: "stack-input",
  summary: "Build the stack input a module runs with, as base64 for STACK_INPUT (or YAML/JSON)",
  usage:
    "stack-input -f FILE [--provider-config FILE | --kubeconfig PATH --context NAME] [--namespace NS] [--docker-config FILE] [-o base64|yaml|json]",
  description: [
    "The default output is one line of base64 (of YAML), ready for STACK_INPUT=$(...): that is the modules'",
    "contract and is left as protobuf writes it. It carries sensitive values, so on a terminal it is printed",
    "only with --show-secrets; YAML and JSON output redact them unless --show-secrets, and print 64-bit",
    "integers as numbers (as a manifest writes them). Several manifests give one base64 line each, a YAML",
    "stream or a JSON array.",
  ].join("\n"),
  flags: [
    fileFlag,
    recursiveFlag,
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
    const sources = await readSources(ctx);
    const sdk = await import("@planton/sdk");
    const show = ctx.flags["show-secrets"];
    const format = ctx.flags.output;
    const values: unknown[] = [];
    let failed = false;
    for (const source of sources) {
      const prepared = await prepareStackInput(ctx, source);
      if (!prepared) {
        failed = true;
        continue;
      }
      const { manifest, input } = prepared;
      if (format === "base64") {
        if (ctx.io.stdoutIsTTY && !show && sdk.sensitiveValues(manifest.kind.stackInputSchema, input).length > 0) {
          ctx.io.err(
            `${formatErrorLine(ctx.io, "the stack input holds sensitive values; capture it (STACK_INPUT=$(planton stack-input ...)) or pass --show-secrets to print it on a terminal")}\n`,
          );
          return EXIT_USAGE;
        }
        ctx.io.out(`${sdk.encodeStackInput(manifest.kind, input, "yaml")}\n`);
        continue;
      }
      const shown = show ? input : sdk.redact(manifest.kind.stackInputSchema, input);
      values.push(int64AsNumbers(manifest.kind.stackInputSchema, sdk.stackInputJson(manifest.kind, shown)));
    }
    if (values.length > 0) printAll(ctx.io, values, format);
    return failed ? EXIT_INVALID : EXIT_OK;
  },
});
