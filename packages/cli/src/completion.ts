// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the scripts hold shell parameter expansions.
// Shell completion scripts for bash, zsh and fish, generated from the command
// table: the commands, each command's flags (aliases included), the values of
// flags with choices (-o json|yaml...), files for file flags, the kinds for
// explain/init/schema and the operations of `pulumi`. Nothing is written by hand
// per command, so a new flag completes as soon as it is declared.
import { allFlags } from "./args.js";
import type { CommandSpec, FlagSpec } from "./command.js";

export const shells = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof shells)[number];

const bins = ["planton", "project-planton"];

interface Model {
  commands: readonly CommandSpec[];
  kinds: readonly string[];
}

/** The words a command's first positional argument completes to. */
function positionalWords(cmd: CommandSpec, kinds: readonly string[]): readonly string[] {
  const c = cmd.completePositional;
  if (c === "kind" || c === "field") return kinds;
  if (Array.isArray(c)) return c;
  return [];
}

function flagNames(f: FlagSpec): string[] {
  return [...(f.alias ? [`-${f.alias}`] : []), `--${f.name}`, ...(f.aliases ?? []).map((a) => `--${a}`)];
}

/** What a flag's value completes to: fixed words, the kinds, files, or nothing. */
function valueWords(f: FlagSpec, kinds: readonly string[]): readonly string[] | "file" | "dir" | "none" {
  if (f.choices) return f.choices;
  if (f.complete === "kind") return kinds;
  if (f.complete === "file") return "file";
  if (f.complete === "dir") return "dir";
  return "none";
}

export function completionScript(shell: Shell, model: Model): string {
  switch (shell) {
    case "bash":
      return bash(model);
    case "zsh":
      return zsh(model);
    case "fish":
      return fish(model);
  }
}

const shellWord = (s: string) => (/^[A-Za-z0-9_.@%+=:,/-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);

function bash({ commands, kinds }: Model): string {
  const names = commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
  const lines = [
    "# bash completion for planton and project-planton.",
    '# Load it with: source <(planton completion bash)   (or save it to a file in bash-completion\'s "completions" directory)',
    "_planton() {",
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
    "  COMPREPLY=()",
    "  if [[ $COMP_CWORD -eq 1 ]]; then",
    `    COMPREPLY=($(compgen -W ${shellWord([...names, "help"].join(" "))} -- "$cur"))`,
    "    return 0",
    "  fi",
    '  case "${COMP_WORDS[1]}" in',
  ];
  for (const cmd of commands) {
    const flags = allFlags(cmd);
    lines.push(`    ${[cmd.name, ...(cmd.aliases ?? [])].map(shellWord).join("|")})`);
    lines.push('      case "$prev" in');
    for (const f of flags) {
      if (f.type === "boolean") continue;
      const values = valueWords(f, kinds);
      const pattern = flagNames(f).join("|");
      if (values === "file")
        lines.push(
          `        ${pattern}) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;`,
        );
      else if (values === "dir")
        lines.push(
          `        ${pattern}) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return 0 ;;`,
        );
      else if (values === "none") lines.push(`        ${pattern}) return 0 ;;`);
      else
        lines.push(
          `        ${pattern}) COMPREPLY=($(compgen -W ${shellWord(values.join(" "))} -- "$cur")); return 0 ;;`,
        );
    }
    lines.push("      esac");
    const allNames = flags.flatMap(flagNames).join(" ");
    lines.push(
      '      if [[ "$cur" == -* ]]; then',
      `        COMPREPLY=($(compgen -W ${shellWord(allNames)} -- "$cur"))`,
    );
    const words = positionalWords(cmd, kinds);
    if (words.length > 0) {
      lines.push("      else", `        COMPREPLY=($(compgen -W ${shellWord(words.join(" "))} -- "$cur"))`);
    }
    lines.push("      fi", "      ;;");
  }
  lines.push(
    "    help)",
    `      COMPREPLY=($(compgen -W ${shellWord(names.join(" "))} -- "$cur"))`,
    "      ;;",
    "  esac",
    "  return 0",
    "}",
    `complete -o bashdefault -o default -F _planton ${bins.join(" ")}`,
    "",
  );
  return lines.join("\n");
}

/** Text inside a zsh _arguments description ([...]): no brackets, the first clause. */
function zshHelp(text: string): string {
  const first = text.split(/[;(]/)[0] ?? text;
  return first.replace(/[[\]\\`$]/g, "").trim();
}

function zsh({ commands, kinds }: Model): string {
  const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const lines = [
    "#compdef planton project-planton",
    "# zsh completion for planton and project-planton.",
    "# Load it with: source <(planton completion zsh)   (or save it as _planton in a directory of $fpath)",
    "_planton() {",
    "  local -a commands",
    "  commands=(",
    ...commands.map((c) => `    ${q(`${c.name}:${c.summary}`)}`),
    "  )",
    "  if (( CURRENT == 2 )); then",
    "    _describe -t commands 'planton command' commands",
    "    return",
    "  fi",
    "  local cmd=${words[2]}",
    "  shift words",
    "  (( CURRENT-- ))",
    "  case $cmd in",
  ];
  for (const cmd of commands) {
    lines.push(`    ${[cmd.name, ...(cmd.aliases ?? [])].join("|")})`, "      _arguments -s \\");
    for (const f of allFlags(cmd)) {
      const names = flagNames(f);
      const exclusive = f.type === "list" ? "*" : `(${names.join(" ")})`;
      const spec = names.length === 1 ? names[0] : `{${names.join(",")}}`;
      const values = valueWords(f, kinds);
      let action = "";
      if (f.type !== "boolean") {
        const label = (f.placeholder ?? "VALUE").replace(/[:]/g, "");
        action =
          values === "file"
            ? `:${label}:_files`
            : values === "dir"
              ? `:${label}:_files -/`
              : values === "none"
                ? `:${label}: `
                : `:${label}:(${values.join(" ")})`;
      }
      const text = `[${zshHelp(f.help)}]${action}`;
      lines.push(
        names.length === 1
          ? `        ${q(`${exclusive === "*" ? "*" : ""}${spec}${text}`)} \\`
          : `        ${exclusive === "*" ? "'*'" : q(exclusive)}${spec}${q(text)} \\`,
      );
    }
    const words = positionalWords(cmd, kinds);
    if (words.length > 0)
      lines.push(`        ${q(`1:${(cmd.positionals?.[0] ?? "ARG").replace(/[:]/g, "")}:(${words.join(" ")})`)} \\`);
    lines.push("        && return 0", "      ;;");
  }
  lines.push(
    "    help)",
    "      _describe -t commands 'planton command' commands",
    "      ;;",
    "  esac",
    "}",
    'if [[ "${funcstack[1]}" == "_planton" ]]; then',
    '  _planton "$@"',
    "else",
    `  compdef _planton ${bins.join(" ")}`,
    "fi",
    "",
  );
  return lines.join("\n");
}

function fish({ commands, kinds }: Model): string {
  const q = (s: string) => `'${s.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  const names = commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
  const lines = [
    "# fish completion for planton and project-planton.",
    "# Load it with: planton completion fish | source   (or save it to ~/.config/fish/completions/planton.fish)",
    `for bin in ${bins.join(" ")}`,
    "  complete -c $bin -f",
    `  complete -c $bin -n __fish_use_subcommand -a help -d 'Show the help of a command'`,
  ];
  for (const c of commands) lines.push(`  complete -c $bin -n __fish_use_subcommand -a ${c.name} -d ${q(c.summary)}`);
  lines.push(`  complete -c $bin -n '__fish_seen_subcommand_from help' -a ${q(names.join(" "))}`);
  for (const cmd of commands) {
    const when = q(`__fish_seen_subcommand_from ${[cmd.name, ...(cmd.aliases ?? [])].join(" ")}`);
    for (const f of allFlags(cmd)) {
      const parts = [`  complete -c $bin -n ${when}`];
      if (f.alias) parts.push(`-s ${f.alias}`);
      for (const l of [f.name, ...(f.aliases ?? [])]) parts.push(`-l ${l}`);
      const values = valueWords(f, kinds);
      if (f.type !== "boolean") {
        if (values === "file" || values === "dir") parts.push("-r -F");
        else if (values === "none") parts.push("-x");
        else parts.push(`-x -a ${q(values.join(" "))}`);
      }
      parts.push(`-d ${q(f.help.split(/[;(]/)[0]?.trim() ?? f.help)}`);
      lines.push(parts.join(" "));
    }
    const words = positionalWords(cmd, kinds);
    if (words.length > 0) lines.push(`  complete -c $bin -n ${when} -a ${q(words.join(" "))}`);
  }
  lines.push("end", "");
  return lines.join("\n");
}
