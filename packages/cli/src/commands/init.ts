import { type CommandSpec, EXIT_OK } from "../command.js";
import { UsageError } from "../errors.js";
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
  completePositional: "kind",
  flags: [],
  examples: [
    { command: "init KubernetesJob > job.yaml", help: "start a Job manifest" },
    { command: "init AltinityOperatorKubernetes", help: "see the operator's options" },
  ],
  async run(ctx) {
    const kind = ctx.args[0];
    const { KIND_MODULES, kindModuleNames } = await import("../kind-modules.js");
    const names = kindModuleNames();
    if (kind === undefined) throw new UsageError(`name a kind: ${names.join(", ")}`);
    const row = KIND_MODULES.find((r) => r.kind === kind);
    if (row === undefined)
      throw new UsageError(`unknown kind "${kind}"${suggest(kind, names)}; kinds: ${names.join(", ")}`);
    ctx.io.out(`${EDITOR_MODELINE}\n${(await row.descriptor()).initTemplate}`);
    return EXIT_OK;
  },
};
