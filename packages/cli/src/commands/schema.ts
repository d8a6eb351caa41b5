import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type CommandSpec, EXIT_OK } from "../command.js";
import { UsageError } from "../errors.js";
import { suggest } from "../suggest.js";

export const schemaCommand: CommandSpec = {
  name: "schema",
  summary: "Print the JSON Schema of manifests (of every kind, or of one), for editors",
  usage: "schema [KIND]",
  positionals: ["KIND"],
  completePositional: "kind",
  description:
    "Generated from the protos at generate time. Without KIND, one schema for every kind, selected by\n`kind`. Point your editor at it, e.g. with the first line (planton init writes it)\n  # yaml-language-server: $schema=./planton.schema.json",
  flags: [],
  examples: [
    { command: "schema > planton.schema.json", help: "save the schema of every kind next to your manifests" },
    { command: "schema KubernetesJob > kubernetes-job.schema.json", help: "the schema of one kind" },
  ],
  async run(ctx) {
    const { listKinds } = await import("@planton/sdk");
    const kinds = listKinds();
    const name = ctx.args[0];
    if (name === undefined) {
      const all = createRequire(import.meta.url).resolve("@planton/gen/jsonschema/planton.schema.json");
      ctx.io.out(readFileSync(all, "utf8"));
      return EXIT_OK;
    }
    const kind = kinds.find((k) => k.kind === name);
    if (!kind)
      throw new UsageError(
        `unknown kind "${name}"${suggest(
          name,
          kinds.map((k) => k.kind),
        )}`,
      );
    const { kindModule } = await import("../kind-modules.js");
    const file = `${(await kindModule(kind.kind).descriptor()).slug}.schema.json`;
    const path = createRequire(import.meta.url).resolve(`@planton/gen/jsonschema/${file}`);
    ctx.io.out(readFileSync(path, "utf8"));
    return EXIT_OK;
  },
};
