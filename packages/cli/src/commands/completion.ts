import { defineCommand, EXIT_OK } from "../command.js";
import { UsageError } from "../errors.js";
import { suggest } from "../suggest.js";

const shellNames = ["bash", "zsh", "fish"] as const;

export const completionCommand = defineCommand({
  name: "completion",
  summary: "Print the shell completion script for bash, zsh or fish",
  usage: "completion bash|zsh|fish",
  positionals: ["SHELL"],
  completePositional: shellNames,
  description: [
    "Completes the commands, their flags, the values of flags with a fixed set (-o, --color, --error-format),",
    "files for -f and the other file flags, the kinds for explain, init and schema, and pulumi's operations.",
    "The script is generated from the same command table as --help.",
  ].join("\n"),
  flags: [],
  examples: [
    { command: "completion bash > ~/.local/share/bash-completion/completions/planton", help: "bash, for new shells" },
    { command: "completion zsh > ~/.zfunc/_planton", help: "zsh (with fpath=(~/.zfunc $fpath) in ~/.zshrc)" },
    { command: "completion fish > ~/.config/fish/completions/planton.fish", help: "fish" },
    { command: "completion bash | source /dev/stdin", help: "bash, this shell only" },
  ],
  async run(ctx) {
    const shell = ctx.args[0];
    if (shell === undefined) throw new UsageError(`name a shell: ${shellNames.join(", ")}`);
    const known = shellNames.find((s) => s === shell);
    if (!known)
      throw new UsageError(
        `unknown shell "${shell}"${suggest(shell, [...shellNames])}; shells: ${shellNames.join(", ")}`,
      );
    const { commands } = await import("./index.js");
    const { listKinds } = await import("@planton/sdk");
    const { completionScript } = await import("../completion.js");
    ctx.io.out(completionScript(known, { commands, kinds: listKinds().map((k) => k.kind) }));
    return EXIT_OK;
  },
});
