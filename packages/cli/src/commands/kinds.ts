import { defineCommand, EXIT_OK, outputFlag } from "../command.js";
import { printJsonOrYaml, table } from "../print.js";

export const kindsCommand = defineCommand({
  name: "kinds",
  summary: "List the supported kinds with their apiVersion, id prefix and module package",
  usage: "kinds [-o text|wide|json|yaml|name]",
  description: "-o wide adds the kind's number (its id in the registry of kinds); -o name prints only the kinds.",
  flags: [outputFlag(["text", "wide", "json", "yaml", "name"], "text")],
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
        module: kindModule(k.kind).packageName,
      })),
    );
    const format = ctx.flags.output;
    if (format === "json" || format === "yaml") {
      printJsonOrYaml(ctx.io, kinds, format);
      return EXIT_OK;
    }
    if (format === "name") {
      ctx.io.out(kinds.map((k) => `${k.kind}\n`).join(""));
      return EXIT_OK;
    }
    const wide = format === "wide";
    ctx.io.out(
      table([
        ["KIND", "API VERSION", "ID PREFIX", ...(wide ? ["NUMBER"] : []), "MODULE"],
        ...kinds.map((k) => [k.kind, k.apiVersion, k.idPrefix, ...(wide ? [String(k.number)] : []), k.module]),
      ]),
    );
    return EXIT_OK;
  },
});
