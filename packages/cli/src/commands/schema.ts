import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type CommandSpec, EXIT_OK } from "../command.js";
import { UsageError } from "../errors.js";
import { suggest } from "../suggest.js";

export const schemaCommand: CommandSpec = {
  name: "schema",
  summary: "Print the JSON Schema of a kind's manifest, for editors",
  usage: "schema KIND",
  positionals: ["KIND"],
  completePositional: "kind",
  description:
    "Generated from the protos at generate time. Point your editor at it, e.g. with the first line\n  # yaml-language-server: $schema=./kubernetes-job.schema.json",
  flags: [],
  examples: [
    { command: "schema KubernetesJob > kubernetes-job.schema.json", help: "save the schema next to your manifests" },
  ],
  async run(ctx) {
    const { listKinds } = await import("@planton/sdk");
    const kinds = listKinds();
    const name = ctx.args[0];
    if (name === undefined) throw new UsageError(`name a kind: ${kinds.map((k) => k.kind).join(", ")}`);
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
