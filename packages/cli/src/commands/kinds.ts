import { type CommandSpec, EXIT_OK, outputFlag } from "../command.js";
import { table } from "../print.js";

export const kindsCommand: CommandSpec = {
  name: "kinds",
  summary: "List the supported kinds with their apiVersion, id prefix and module package",
  usage: "kinds [-o text|json]",
  flags: [outputFlag(["text", "json"], "text")],
  examples: [{ command: "kinds", help: "what can be deployed" }],
  async run(ctx) {
    const { listKinds } = await import("@planton/sdk");
    const { kindModule } = await import("../kind-modules.js");
    const kinds = await Promise.all(
      listKinds().map(async (k) => ({
        kind: k.kind,
        apiVersion: k.apiVersion,
        idPrefix: k.idPrefix,
        number: k.number,
        module: (await kindModule(k.kind).descriptor()).packageName,
      })),
    );
    if (ctx.flags.output === "json") {
      ctx.io.out(`${JSON.stringify(kinds, null, 2)}\n`);
      return EXIT_OK;
    }
    ctx.io.out(
      table([
        ["KIND", "API VERSION", "ID PREFIX", "MODULE"],
        ...kinds.map((k) => [k.kind, k.apiVersion, k.idPrefix, k.module]),
      ]),
    );
    return EXIT_OK;
  },
};
