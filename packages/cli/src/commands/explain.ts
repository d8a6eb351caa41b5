import type { DescField, DescMessage } from "@bufbuild/protobuf";
import { UsageError } from "../args.js";
import { type CommandSpec, EXIT_OK, outputFlag } from "../command.js";
import { suggest } from "../suggest.js";

export const explainCommand: CommandSpec = {
  name: "explain",
  summary: "Describe a kind or one of its fields: type, default, rules and documentation",
  usage: "explain KIND[.field.path] [-o text|json]",
  positionals: ["KIND[.field.path]"],
  description:
    "Like kubectl explain: field paths use the manifest's camelCase names; list and map fields descend into their items.",
  flags: [outputFlag(["text", "json"], "text")],
  examples: [
    { command: "explain KubernetesJob", help: "the top level of a kind" },
    { command: "explain KubernetesJob.spec.restartPolicy", help: "one field" },
    { command: "explain KubernetesJob.spec.volumeMounts", help: "a list field's item type and its fields" },
  ],
  async run(ctx) {
    const target = ctx.args[0];
    const sdk = await import("@planton/sdk");
    const docs = await import("../field-docs.js");
    const kinds = sdk.listKinds();
    if (target === undefined)
      throw new UsageError(
        `name a kind or field, e.g. KubernetesJob.spec; kinds: ${kinds.map((k) => k.kind).join(", ")}`,
      );
    const [kindName, ...path] = target.split(".");
    const kind = kinds.find((k) => k.kind === kindName);
    if (!kind)
      throw new UsageError(
        `unknown kind "${kindName}"${suggest(
          kindName ?? "",
          kinds.map((k) => k.kind),
        )}`,
      );
    let message: DescMessage = kind.schema;
    let field: DescField | undefined;
    let walked = kind.kind;
    for (const name of path) {
      const f = message.fields.find((x) => x.jsonName === name || x.name === name);
      if (!f) {
        throw new UsageError(
          `${walked} has no field "${name}"${suggest(
            name,
            message.fields.map((x) => x.jsonName),
          )}; fields: ${message.fields.map((x) => x.jsonName).join(", ")}`,
        );
      }
      field = f;
      walked = `${walked}.${f.jsonName}`;
      const next = f.message;
      if (next) message = next;
      else if (name !== path.at(-1)) throw new UsageError(`${walked} is a ${docs.typeLabel(f)}; it has no fields`);
    }
    const children = field === undefined || field.message !== undefined ? message.fields : [];
    const info = {
      kind: kind.kind,
      apiVersion: kind.apiVersion,
      path: walked,
      type: field ? docs.typeLabel(field) : kind.kind,
      required: field ? docs.isRequired(field) : true,
      default: field ? docs.defaultLabel(field) : undefined,
      sensitive: field ? sdk.isSensitive(field) : false,
      description: field ? docs.fieldComment(field) || docs.messageComment(message) : docs.messageComment(message),
      rules: [
        ...(field ? docs.fieldRuleLines(field) : []),
        ...(children.length > 0 ? docs.messageRuleLines(message) : []),
      ],
      fields: children.map((c) => ({
        name: c.jsonName,
        type: docs.typeLabel(c),
        required: docs.isRequired(c),
        default: docs.defaultLabel(c),
        description: docs.fieldComment(c),
      })),
    };
    if (ctx.flags.output === "json") {
      ctx.io.out(`${JSON.stringify(info, null, 2)}\n`);
      return EXIT_OK;
    }
    const lines = [
      `KIND:     ${info.kind}`,
      `VERSION:  ${info.apiVersion}`,
      "",
      `FIELD:    ${info.path} <${info.type}>${info.required ? " -required-" : ""}`,
    ];
    if (info.default !== undefined) lines.push(`DEFAULT:  ${info.default}`);
    if (info.sensitive) lines.push("SENSITIVE: yes (redacted in every output)");
    lines.push("", "DESCRIPTION:", ...indent(info.description || "(no description)"));
    if (info.rules.length > 0) lines.push("", "RULES:", ...info.rules.map((r) => `    - ${r}`));
    if (info.fields.length > 0) {
      lines.push("", "FIELDS:");
      for (const c of info.fields) {
        const extra = [c.required ? "-required-" : "", c.default !== undefined ? `(default ${c.default})` : ""]
          .filter(Boolean)
          .join(" ");
        lines.push(`  ${c.name}\t<${c.type}>${extra ? ` ${extra}` : ""}`);
        if (c.description) lines.push(...indent(c.description.split("\n")[0] ?? "", 4));
        lines.push("");
      }
      lines.pop();
    }
    ctx.io.out(`${lines.join("\n")}\n`);
    return EXIT_OK;
  },
};

function indent(text: string, n = 4): string[] {
  return text.split("\n").map((l) => `${" ".repeat(n)}${l}`.trimEnd());
}
