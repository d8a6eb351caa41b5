import { UsageError } from "../args.js";
import { type CommandSpec, EXIT_OK } from "../command.js";
import { initTemplates } from "../init-templates.js";
import { suggest } from "../suggest.js";

/**
 * The first line of every starter manifest: editors with yaml-language-server
 * (VS Code's YAML extension, Neovim, Helix, …) take the schema from it. One
 * schema serves every kind; `planton schema > planton.schema.json` saves it.
 */
export const EDITOR_MODELINE =
  "# yaml-language-server: $schema=./planton.schema.json\n# Editor completion and checks: planton schema > planton.schema.json";

export const initCommand: CommandSpec = {
  name: "init",
  summary: "Print a commented starter manifest of a kind",
  usage: "init KIND",
  positionals: ["KIND"],
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
    ctx.io.out(`${EDITOR_MODELINE}\n${template}`);
    return EXIT_OK;
  },
};
