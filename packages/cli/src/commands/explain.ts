import type { DescField, DescMessage } from "@bufbuild/protobuf";
import { defineCommand, EXIT_OK, outputFlag } from "../command.js";
import { UsageError } from "../errors.js";
import { suggest } from "../suggest.js";

export const explainCommand = defineCommand({
  name: "explain",
  summary: "Describe a kind or one of its fields: type, default, rules and documentation",
  usage: "explain [KIND.]FIELD.PATH [--kind KIND] [--recursive] [-o text|json|yaml]",
  positionals: ["[KIND.]FIELD.PATH"],
  completePositional: "kind",
  description: [
    "Like kubectl explain. Paths are written as validate prints them: camelCase or snake_case names, list",
    "indexes and map keys are accepted and skipped (spec.volumeMounts[0].configMap.defaultMode,",
    'spec.env.variables.FOO, metadata.labels["app.kubernetes.io/name"]). Without a leading kind, the kind is',
    "--kind, or the one kind that has the path. --recursive prints the whole field tree below the path.",
  ].join("\n"),
  flags: [
    {
      name: "kind",
      type: "string",
      placeholder: "KIND",
      complete: "kind",
      help: "the kind, when the path does not start with it",
    },
    {
      name: "recursive",
      type: "boolean",
      help: "print every field below the path, nested (like kubectl explain --recursive)",
    },
    outputFlag(["text", "json", "yaml"], "text"),
  ],
  examples: [
    { command: "explain KubernetesJob", help: "the top level of a kind" },
    { command: "explain KubernetesJob.spec.restartPolicy", help: "one field" },
    { command: "explain KubernetesJob.spec.volumeMounts", help: "a list field's item type and its fields" },
    {
      command: "explain spec.volumeMounts[0].configMap.defaultMode --kind KubernetesJob",
      help: "a path exactly as validate prints it",
    },
    { command: "explain KubernetesJob.spec --recursive", help: "the whole field tree of the spec" },
  ],
  async run(ctx) {
    const target = ctx.args[0];
    const sdk = await import("@planton/sdk");
    const docs = await import("../field-docs.js");
    const kinds = sdk.listKinds();
    const names = kinds.map((k) => k.kind);
    if (target === undefined)
      throw new UsageError(`name a kind or field, e.g. KubernetesJob.spec; kinds: ${names.join(", ")}`);
    const segments = sdk.parsePath(target);
    if (typeof segments === "string") throw new UsageError(`cannot read the path "${target}": ${segments}`);
    const head = segments[0];
    const leadingKind = head && "name" in head ? kinds.find((k) => k.kind === head.name) : undefined;
    let kind = leadingKind;
    const path = leadingKind ? segments.slice(1) : segments;
    if (ctx.flags.kind !== undefined) {
      const named = kinds.find((k) => k.kind === ctx.flags.kind);
      if (!named) throw new UsageError(`unknown kind "${ctx.flags.kind}"${suggest(ctx.flags.kind, names)}`);
      if (kind && kind !== named) throw new UsageError(`the path starts with ${kind.kind} but --kind is ${named.kind}`);
      kind = named;
    }
    if (!kind) {
      // No kind named: the one kind that has this path.
      const having = kinds.filter((k) => typeof walk(k.schema, k.kind, path, docs) !== "string");
      if (having.length === 1) kind = having[0];
      else if (having.length > 1)
        throw new UsageError(
          `${having.map((k) => k.kind).join(", ")} all have ${target}: name the kind (${having[0]?.kind}.${target} or --kind)`,
        );
      else
        throw new UsageError(
          `unknown kind "${head && "name" in head ? head.name : target}"${suggest(
            head && "name" in head ? head.name : "",
            names,
          )}; start the path with a kind (${names.join(", ")}) or pass --kind`,
        );
    }
    if (!kind) throw new UsageError("name a kind");
    const walked = walk(kind.schema, kind.kind, path, docs);
    if (typeof walked === "string") throw new UsageError(walked);
    const { message, field, shown, item } = walked;
    const recursive = ctx.flags.recursive;
    const children = field === undefined || field.message !== undefined ? message.fields : [];
    const info = {
      kind: kind.kind,
      apiVersion: kind.apiVersion,
      path: shown,
      // After a list index or a map key, the item's type.
      type: field
        ? item
          ? docs.typeLabel(field).replace(/^(\[\]|map\[string\])/, "")
          : docs.typeLabel(field)
        : kind.kind,
      required: field ? docs.isRequired(field) : true,
      default: field ? docs.defaultLabel(field) : undefined,
      sensitive: field ? sdk.isSensitive(field) : false,
      description: field ? docs.fieldComment(field) || docs.messageComment(message) : docs.messageComment(message),
      rules: [
        ...(field ? docs.fieldRuleLines(field) : []),
        ...(children.length > 0 ? docs.messageRuleLines(message) : []),
      ],
      fields: children.map((c) => fieldInfo(c, recursive, docs, [message.typeName])),
    };
    if (ctx.flags.output === "json" || ctx.flags.output === "yaml") {
      const { printJsonOrYaml } = await import("../print.js");
      printJsonOrYaml(ctx.io, info, ctx.flags.output);
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
      if (recursive) {
        lines.push(...tree(info.fields, 1));
        ctx.io.out(`${lines.join("\n")}\n`);
        return EXIT_OK;
      }
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
});

type Docs = typeof import("../field-docs.js");

interface FieldInfo {
  name: string;
  type: string;
  required: boolean;
  default: string | undefined;
  description: string;
  fields?: FieldInfo[];
}

/** A field for the FIELDS list; with `recursive`, its own fields below it (a type already above it is not entered again). */
function fieldInfo(f: DescField, recursive: boolean, docs: Docs, above: readonly string[]): FieldInfo {
  const info: FieldInfo = {
    name: f.jsonName,
    type: docs.typeLabel(f),
    required: docs.isRequired(f),
    default: docs.defaultLabel(f),
    description: docs.fieldComment(f),
  };
  const m = f.message;
  if (recursive && m && !m.typeName.startsWith("google.protobuf.") && !above.includes(m.typeName)) {
    info.fields = m.fields.map((c) => fieldInfo(c, true, docs, [...above, m.typeName]));
  }
  return info;
}

/** kubectl explain --recursive: one line per field, indented by depth. */
function tree(fields: readonly FieldInfo[], depth: number): string[] {
  const out: string[] = [];
  for (const f of fields) {
    out.push(`${"  ".repeat(depth)}${f.name}\t<${f.type}>${f.required ? " -required-" : ""}`);
    if (f.fields) out.push(...tree(f.fields, depth + 1));
  }
  return out;
}

type PathSegment = { name: string } | { index: number };

/**
 * Follows a path (fields by camelCase or snake_case name; list indexes and map
 * keys skipped) from a kind's top message. A string says what does not exist.
 */
function walk(
  schema: DescMessage,
  kindName: string,
  path: readonly PathSegment[],
  docs: Docs,
): { message: DescMessage; field: DescField | undefined; shown: string; item: boolean } | string {
  let message: DescMessage = schema;
  let field: DescField | undefined;
  let shown = kindName;
  // After a list field one index may follow; after a map field, one key.
  let expect: "index" | "key" | undefined;
  for (const seg of path) {
    if ("index" in seg) {
      if (expect !== "index") return `${shown} is not a list: [${seg.index}] does not apply`;
      shown = `${shown}[${seg.index}]`;
      expect = undefined;
      continue;
    }
    if (expect === "key") {
      shown = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg.name)
        ? `${shown}.${seg.name}`
        : `${shown}[${JSON.stringify(seg.name)}]`;
      expect = undefined;
      continue;
    }
    if (field && field.message === undefined) return `${shown} is a ${docs.typeLabel(field)}; it has no fields`;
    const f = message.fields.find((x) => x.jsonName === seg.name || x.name === seg.name);
    if (!f) {
      return `${shown} has no field "${seg.name}"${suggest(
        seg.name,
        message.fields.map((x) => x.jsonName),
      )}; fields: ${message.fields.map((x) => x.jsonName).join(", ")}`;
    }
    field = f;
    shown = `${shown}.${f.jsonName}`;
    expect = f.fieldKind === "list" ? "index" : f.fieldKind === "map" ? "key" : undefined;
    if (f.message) message = f.message;
  }
  return {
    message,
    field,
    shown,
    item:
      expect === undefined &&
      field !== undefined &&
      field.fieldKind !== "scalar" &&
      field.fieldKind !== "enum" &&
      field.fieldKind !== "message",
  };
}

function indent(text: string, n = 4): string[] {
  return text.split("\n").map((l) => `${" ".repeat(n)}${l}`.trimEnd());
}
