// Entry point of planton / project-planton: finds the command, parses its flags,
// runs it, and turns every error into a message and an exit code (never a stack
// trace for user errors; PLANTON_DEBUG=1 shows them).
import { formatProblem, printable } from "@planton/sdk/problem";
import { commandHelp, parseArgs } from "./args.js";
import { type CommandSpec, type Context, EXIT_USAGE, type GlobalFlagValues } from "./command.js";
import { commands } from "./commands/index.js";
import { exitCodeOf, PlantonError, UsageError } from "./errors.js";
import { type ColorMode, type Io, processIo, withColorMode } from "./io.js";
import { type ErrorFormat, formatErrorLine, formatProblemLine, withErrorFormat } from "./problems.js";
import { suggest } from "./suggest.js";

export const VERSION = "0.1.0";

function binName(): string {
  const b = process.argv[1] ?? "planton";
  return /project-planton/.test(b) ? "project-planton" : "planton";
}

function topHelp(bin: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `${bin} ${VERSION}: validate, render and deploy Planton manifests (KRM-style YAML) with Pulumi.`,
    "",
    "Usage:",
    `  ${bin} <command> [flags]`,
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Examples:",
    `  ${bin} validate -f job.yaml`,
    `  ${bin} render -f job.yaml -o yaml`,
    `  ${bin} pulumi up -f job.yaml --yes`,
    "",
    `Run "${bin} <command> --help" for a command's flags and examples.`,
    "Exit codes: 0 ok, 1 invalid input, 2 usage or environment error.",
    "",
  ].join("\n");
}

export function findCommand(name: string): CommandSpec | undefined {
  return commands.find((c) => c.name === name || (c.aliases ?? []).includes(name));
}

export async function main(
  argv: readonly string[],
  io: Io = processIo(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const code = await dispatch(argv, io, env);
  // Output that did not reach its destination (a full disk, a closed pipe, a
  // closed stdout) is a failure of the environment, not a success.
  const writeError = await io.flush?.();
  if (writeError !== undefined) {
    io.err(`${formatErrorLine(io, writeFailure(writeError))}\n`);
    return EXIT_USAGE;
  }
  return code;
}

async function dispatch(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const bin = binName();
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    const target = first === "help" && rest[0] ? findCommand(rest[0]) : undefined;
    io.out(target ? commandHelp(target, bin) : topHelp(bin));
    return 0;
  }
  if (first === "--version" || first === "version") {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const cmd = findCommand(first);
  if (!cmd) {
    io.err(
      `${formatErrorLine(
        io,
        `unknown command "${truncate(first)}"${suggest(
          first,
          commands.map((c) => c.name),
        )}`,
      )}\n`,
    );
    io.err(`Run "${bin} --help" for the list of commands.\n`);
    return EXIT_USAGE;
  }
  // The output flags apply to errors in the arguments too.
  let cmdIo = withErrorFormat(
    withColorMode(io, peek(rest, "color", ["auto", "always", "never"]) ?? "auto"),
    peek(rest, "error-format", ["text", "json", "github-actions"]) ?? "text",
  );
  try {
    const parsed = parseArgs(cmd, rest, suggest);
    const flags = parsed.flags as unknown as GlobalFlagValues;
    cmdIo = withErrorFormat(withColorMode(io, flags.color as ColorMode), flags["error-format"] as ErrorFormat);
    if (flags.help) {
      io.out(commandHelp(cmd, bin));
      return 0;
    }
    const ctx: Context<GlobalFlagValues> = { ...parsed, flags, io: cmdIo, env };
    return await cmd.run(ctx as Parameters<CommandSpec["run"]>[0]);
  } catch (e) {
    return report(e, cmdIo, env, cmd, bin);
  }
}

/** The value of a global flag, looked up before the arguments are parsed (undefined when absent or not a choice). */
function peek<const C extends string>(argv: readonly string[], name: string, choices: readonly C[]): C | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") break;
    if (a === `--${name}`) found = argv[i + 1];
    else if (a.startsWith(`--${name}=`)) found = a.slice(name.length + 3);
  }
  return choices.find((c) => c === found);
}

function truncate(s: string, max = 60): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

function writeFailure(e: NodeJS.ErrnoException): string {
  const why: Record<string, string> = {
    ENOSPC: "no space left on the device",
    EPIPE: "its reader closed it",
    EBADF: "it is closed",
    EIO: "input/output error",
    EDQUOT: "disk quota exceeded",
  };
  return `cannot write to standard output: ${why[e.code ?? ""] ?? "write failed"} (${e.code ?? "error"})`;
}

/** A Node system error (ENOENT, EACCES, ENOTDIR, ...): a problem of the environment, not a bug. */
function systemError(e: unknown): NodeJS.ErrnoException | undefined {
  const x = e as NodeJS.ErrnoException | undefined;
  return x instanceof Error &&
    typeof x.code === "string" &&
    /^E[A-Z0-9]+$/.test(x.code) &&
    typeof x.syscall === "string"
    ? x
    : undefined;
}

function report(e: unknown, io: Io, env: NodeJS.ProcessEnv, cmd: CommandSpec, bin: string): number {
  const debug = env.PLANTON_DEBUG === "1";
  // Everything printed here may echo input (a file name, a flag value): control
  // characters are written as escapes so that they cannot rewrite the terminal.
  if (e instanceof UsageError) {
    io.err(`${formatErrorLine(io, e.message)}\n`);
    if (io.errorFormat === undefined || io.errorFormat === "text")
      io.err(`Run "${bin} ${cmd.name} --help" for usage.\n`);
    return EXIT_USAGE;
  }
  if (e instanceof PlantonError) {
    // An error about one place in a file (not UTF-8, too large) prints as a
    // problem: the location first, in the chosen --error-format.
    const only = e.problems.length === 1 ? e.problems[0] : undefined;
    if (only?.file !== undefined && e.message === formatProblem(only)) {
      io.err(`${formatProblemLine(io, only)}\n`);
      if (e.hint !== undefined && (io.errorFormat ?? "text") === "text") io.err(`hint: ${printable(e.hint)}\n`);
      if (debug) io.err(`${e.stack}\n`);
      return exitCodeOf(e);
    }
    const [first = "", ...rest] = e.describe().split("\n");
    io.err(`${formatErrorLine(io, first)}\n`);
    if (rest.length > 0) io.err(`${rest.map(printable).join("\n")}\n`);
    if (debug) io.err(`${e.stack}\n`);
    return exitCodeOf(e);
  }
  const sys = systemError(e);
  if (sys) {
    const where = sys.path === undefined ? "" : ` ${sys.path}`;
    io.err(`${formatErrorLine(io, `cannot ${sys.syscall}${where}: ${sys.code}`)}\n`);
    io.err("hint: this is a problem with a file, a directory or a permission on this machine, not with the manifest\n");
    if (debug && e instanceof Error) io.err(`${e.stack}\n`);
    return EXIT_USAGE;
  }
  // Anything else is a bug in planton: say so, briefly.
  const message = e instanceof Error ? e.message : String(e);
  io.err(`${formatErrorLine(io, `internal error: ${message}`)}\n`);
  if (debug && e instanceof Error) io.err(`${e.stack}\n`);
  else io.err("This is a bug in planton; run again with PLANTON_DEBUG=1 for details.\n");
  return EXIT_USAGE;
}
