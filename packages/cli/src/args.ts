// Parses a command's arguments against its declared flags: `-f x`, `--file x`,
// `--file=x`, repeatable list flags, booleans (`--yes`, `--yes=false`), and `--`
// to pass the rest through. Unknown flags, a flag given twice and more arguments
// than the command takes are usage errors: nothing given is silently ignored.
import type { CommandSpec, FlagSpec, FlagValues } from "./command.js";

export class UsageError extends Error {
  override name = "UsageError";
}

const helpFlag: FlagSpec = { name: "help", alias: "h", type: "boolean", help: "show this help" };

export function allFlags(cmd: CommandSpec): FlagSpec[] {
  return [...cmd.flags, helpFlag];
}

export interface ParsedArgs {
  flags: FlagValues;
  args: string[];
  passthrough: string[];
}

export function parseArgs(
  cmd: CommandSpec,
  argv: readonly string[],
  suggest: (input: string, names: string[]) => string,
): ParsedArgs {
  const specs = allFlags(cmd);
  const flags: FlagValues = {};
  const args: string[] = [];
  let passthrough: string[] = [];
  const byLong = new Map<string, FlagSpec>();
  const byShort = new Map<string, FlagSpec>();
  for (const s of specs) {
    byLong.set(s.name, s);
    for (const a of s.aliases ?? []) byLong.set(a, s);
    if (s.alias) byShort.set(s.alias, s);
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") {
      passthrough = argv.slice(i + 1);
      break;
    }
    if (a === "-" || !a.startsWith("-")) {
      args.push(a);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    let spec: FlagSpec | undefined;
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      inline = eq < 0 ? undefined : a.slice(eq + 1);
      spec = byLong.get(name);
    } else {
      name = a.slice(1, 2);
      inline = a.length > 2 ? a.slice(2).replace(/^=/, "") : undefined;
      spec = byShort.get(name);
    }
    if (!spec) {
      const names = specs.map((s) => s.name);
      // Only a flag's name is repeated, and only when it looks like one: what
      // follows "=" may be a value, and `--set PATH -SECRET` makes a secret a "flag".
      const shown = a.startsWith("--") ? (a.split("=")[0] ?? a) : a.slice(0, 2);
      throw new UsageError(
        /^--?[a-z][a-z0-9-]{0,30}$/.test(shown)
          ? `unknown flag ${shown} for "${cmd.name}"${suggest(name, names)}`
          : `unknown flag (argument ${i + 1}) for "${cmd.name}"`,
      );
    }
    if (spec.type === "boolean") {
      if (inline !== undefined && inline !== "true" && inline !== "false") {
        throw new UsageError(`--${spec.name} takes no value (or =true/=false), got "${truncate(inline)}"`);
      }
      flags[spec.name] = inline !== "false";
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("-") && next !== "-")) {
        throw new UsageError(`--${spec.name} needs a value${spec.placeholder ? ` (${spec.placeholder})` : ""}`);
      }
      value = next;
      i++;
    }
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
          `--${spec.name}${spec.alias ? `/-${spec.alias}` : ""} is given more than once; give it once${spec.name === "file" ? " (one manifest per command)" : ""}`,
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
        cmd.flags.some((f) => f.name === "file") ? "; name the manifest with -f FILE (once)" : ""
      }${cmd.flags.some((f) => f.name === "set") ? "; write overrides as --set PATH=VALUE" : ""}`,
    );
  }
  for (const s of specs) if (flags[s.name] === undefined && s.default !== undefined) flags[s.name] = s.default;
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
  lines.push("Flags:");
  const rows = allFlags(cmd).map((f) => {
    const names = [f.alias ? `-${f.alias}, ` : "    ", `--${f.name}`, ...(f.aliases ?? []).map((x) => `, --${x}`)].join(
      "",
    );
    const left = `${names}${f.placeholder ? ` ${f.placeholder}` : ""}`;
    const extra = f.default !== undefined ? ` (default ${f.default})` : "";
    return [left, `${f.help}${extra}${f.type === "list" ? " [repeatable]" : ""}`] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length));
  for (const [l, r] of rows) lines.push(`  ${l.padEnd(width)}  ${r}`);
  if (cmd.examples.length > 0) {
    lines.push("", "Examples:");
    for (const e of cmd.examples) lines.push(`  # ${e.help}`, `  ${bin} ${e.command}`, "");
    lines.pop();
  }
  return `${lines.join("\n")}\n`;
}
