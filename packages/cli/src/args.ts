// Parses a command's arguments against its declared flags with Node's own parser
// (node:util parseArgs): it splits `-f x`, `--file x`, `--file=x`, `-fx`, grouped
// short booleans and `--` (the rest passes through). What parseArgs leaves to its
// caller is checked here against the declaration, with messages that name the
// nearest flag: unknown flags, a value missing, a boolean given a value other than
// true/false, a value outside the flag's choices, a single-valued flag given twice,
// and more positional arguments than the command takes.
import { parseArgs as nodeParseArgs } from "node:util";
import { type CommandSpec, type FlagSpec, globalFlags, helpFlag } from "./command.js";
import { UsageError } from "./errors.js";

export { UsageError };

export function allFlags(cmd: CommandSpec): FlagSpec[] {
  return [...cmd.flags, ...globalFlags, helpFlag];
}

export interface ParsedArgs {
  flags: Record<string, string | boolean | string[] | undefined>;
  args: string[];
  passthrough: string[];
}

type NodeOptions = Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;

export function parseArgs(
  cmd: CommandSpec,
  argv: readonly string[],
  suggest: (input: string, names: string[]) => string,
): ParsedArgs {
  const specs = allFlags(cmd);
  // Every long name (aliases included) is an option of its own for parseArgs; the
  // tokens are mapped back to the declared flag.
  const options: NodeOptions = {};
  const byName = new Map<string, FlagSpec>();
  for (const s of specs) {
    const type = s.type === "boolean" ? "boolean" : "string";
    options[s.name] = s.alias ? { type, short: s.alias } : { type };
    byName.set(s.name, s);
    for (const a of s.aliases ?? []) {
      options[a] = { type };
      byName.set(a, s);
    }
  }
  // strict: false so that unknown flags come back as tokens and get our message.
  const { tokens } = nodeParseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const flags: ParsedArgs["flags"] = {};
  const args: string[] = [];
  let passthrough: string[] = [];
  for (const t of tokens) {
    if (t.kind === "option-terminator") {
      passthrough = argv.slice(t.index + 1);
      break;
    }
    if (t.kind === "positional") {
      args.push(t.value);
      continue;
    }
    const spec = byName.get(t.name);
    if (!spec) {
      const raw = argv[t.index] ?? t.rawName;
      const long = t.rawName.startsWith("--");
      // Only a flag's name is repeated, and only when it looks like one: what
      // follows "=" may be a value, and `--set PATH -SECRET` makes a secret a "flag".
      const shown = long ? (raw.split("=")[0] ?? raw) : t.rawName;
      throw new UsageError(
        /^--?[a-z][a-z0-9-]{0,30}$/.test(shown)
          ? `unknown flag ${shown} for "${cmd.name}"${suggest(t.name, [...byName.keys()])}`
          : `unknown flag (argument ${t.index + 1}) for "${cmd.name}"`,
      );
    }
    if (spec.type === "boolean") {
      const v = t.value;
      if (v !== undefined && v !== "true" && v !== "false") {
        throw new UsageError(`--${spec.name} takes no value (or =true/=false), got "${truncate(v)}"`);
      }
      flags[spec.name] = v !== "false";
      continue;
    }
    let value = t.value;
    if (value === undefined) {
      throw new UsageError(`--${spec.name} needs a value${spec.placeholder ? ` (${spec.placeholder})` : ""}`);
    }
    // `-f=job.yaml` as well as `-fjob.yaml`.
    if (t.inlineValue && !t.rawName.startsWith("--") && value.startsWith("=")) value = value.slice(1);
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(
        `--${spec.name} must be one of ${spec.choices.join(", ")}, got "${truncate(value)}"${suggest(value, [...spec.choices])}`,
      );
    }
    if (spec.type === "list") {
      const list = (flags[spec.name] as string[] | undefined) ?? [];
      list.push(value);
      flags[spec.name] = list;
    } else {
      if (flags[spec.name] !== undefined) {
        throw new UsageError(
          `--${spec.name}${spec.alias ? `/-${spec.alias}` : ""} is given more than once; give it once${
            spec.name === "file" ? ` ("${cmd.name}" works on one manifest at a time: run it once per file)` : ""
          }`,
        );
      }
      flags[spec.name] = value;
    }
  }
  const max = cmd.positionals?.length ?? 0;
  if (args.length > max) {
    // The argument itself is not repeated: after `--set PATH VALUE` (a space for
    // the "="), it is the value, and it may be a secret.
    const n = max + 1;
    throw new UsageError(
      `unexpected ${ordinal(n)} argument: "${cmd.name}" takes ${max === 0 ? "no arguments" : `${max} (${(cmd.positionals ?? []).join(" ")})`}${
        cmd.flags.some((f) => f.name === "file") ? "; name each manifest with -f FILE" : ""
      }${cmd.flags.some((f) => f.name === "set") ? "; write overrides as --set PATH=VALUE" : ""}`,
    );
  }
  for (const s of specs) {
    if (flags[s.name] !== undefined) continue;
    if (s.type === "boolean") flags[s.name] = false;
    else if (s.type === "list") flags[s.name] = [];
    else if (s.default !== undefined) flags[s.name] = s.default;
  }
  return { flags, args, passthrough };
}

function truncate(s: string, max = 40): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

function ordinal(n: number): string {
  return n === 1 ? "1st" : n === 2 ? "2nd" : n === 3 ? "3rd" : `${n}th`;
}

/** `--help` text of a command. */
export function commandHelp(cmd: CommandSpec, bin: string): string {
  const lines = [cmd.summary, "", "Usage:", `  ${bin} ${cmd.usage}`, ""];
  if (cmd.description) lines.push(cmd.description, "");
  if (cmd.aliases && cmd.aliases.length > 0) lines.push(`Aliases: ${cmd.aliases.join(", ")}`, "");
  const row = (f: FlagSpec) => {
    const names = [f.alias ? `-${f.alias}, ` : "    ", `--${f.name}`, ...(f.aliases ?? []).map((x) => `, --${x}`)].join(
      "",
    );
    const left = `${names}${f.placeholder ? ` ${f.placeholder}` : ""}`;
    const extra = f.default !== undefined ? ` (default ${f.default})` : "";
    return [left, `${f.help}${extra}${f.type === "list" ? " [repeatable]" : ""}`] as const;
  };
  const own = [...cmd.flags, helpFlag].map(row);
  const global = globalFlags.map(row);
  const width = Math.max(...[...own, ...global].map(([l]) => l.length));
  lines.push("Flags:");
  for (const [l, r] of own) lines.push(`  ${l.padEnd(width)}  ${r}`);
  lines.push("", "Global flags:");
  for (const [l, r] of global) lines.push(`  ${l.padEnd(width)}  ${r}`);
  if (cmd.examples.length > 0) {
    lines.push("", "Examples:");
    for (const e of cmd.examples) lines.push(`  # ${e.help}`, `  ${bin} ${e.command}`, "");
    lines.pop();
  }
  return `${lines.join("\n")}\n`;
}
