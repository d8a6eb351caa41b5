import { type CommandSpec, EXIT_OK } from "../command.js";
import { UsageError } from "../errors.js";
import { initTemplates } from "../init-templates.js";
import { suggest } from "../suggest.js";

export const initCommand: CommandSpec = {
  name: "init",
  summary: "Print a commented starter manifest of a kind",
  usage: "init KIND",
  positionals: ["KIND"],
  completePositional: "kind",
  flags: [],
  examples: [
    { command: "init KubernetesJob > job.yaml", help: "start a Job manifest" },
    { command: "init AltinityOperatorKubernetes", help: "see the operator's options" },
  ],
  async run(ctx) {
    const kind = ctx.args[0];
    const names = Object.keys(initTemplates);
    if (kind === undefined) throw new UsageError(`name a kind: ${names.join(", ")}`);
    const template = initTemplates[kind];
    if (template === undefined)
      throw new UsageError(`unknown kind "${kind}"${suggest(kind, names)}; kinds: ${names.join(", ")}`);
    ctx.io.out(template);
    return EXIT_OK;
  },
};
