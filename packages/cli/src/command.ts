// Commands are declared as data (name, aliases, flags, help, examples) with a
// handler; `main` parses arguments against the declaration, prints help, and turns
// errors into exit codes. The declaration also drives `--help` and the shell
// completion scripts, so a flag exists in exactly one place.
import type { Io } from "./io.js";

export type FlagType = "string" | "boolean" | "list";

export interface FlagSpec {
  readonly name: string;
  readonly alias?: string;
  /** Other long names accepted (e.g. --manifest for --file). */
  readonly aliases?: readonly string[];
  readonly type: FlagType;
  readonly help: string;
  readonly placeholder?: string;
  readonly choices?: readonly string[];
  readonly default?: string;
  /** What the shell completes for the value: files, directories or the kinds (choices complete by themselves). */
  readonly complete?: "file" | "dir" | "kind";
}

/** The value a flag has after parsing: lists default to [], booleans to false. */
export type FlagValue<S extends FlagSpec> = S extends { type: "boolean" }
  ? boolean
  : S extends { type: "list" }
    ? string[]
    : S extends { default: string }
      ? string
      : string | undefined;

/** The parsed flags of a command, typed from its declaration. */
export type FlagValues<F extends readonly FlagSpec[]> = { [S in F[number] as S["name"]]: FlagValue<S> };

export interface Example {
  command: string;
  help: string;
}

export interface Context<Flags = Record<string, unknown>> {
  flags: Flags;
  args: string[];
  /** Arguments after `--`, passed through (to pulumi). */
  passthrough: string[];
  io: Io;
  env: NodeJS.ProcessEnv;
}

export interface CommandSpec<F extends readonly FlagSpec[] = readonly FlagSpec[]> {
  name: string;
  aliases?: readonly string[];
  summary: string;
  usage: string;
  description?: string;
  flags: F;
  /** The positional arguments the command takes, by name (e.g. ["OPERATION"]); none when absent. */
  positionals?: readonly string[];
  /** What the shell completes for the first positional argument. */
  completePositional?: "kind" | "field" | readonly string[];
  examples: readonly Example[];
  /** 0 ok, 1 invalid input, 2 usage or environment error (or a wrapped tool's own code). */
  run(ctx: Context<FlagValues<F> & GlobalFlagValues>): Promise<number>;
}

/**
 * Declares a command with its flags' types inferred from the declaration
 * (`ctx.flags.output` is a string when the flag has a default, `ctx.flags.set` a list).
 */
export function defineCommand<const F extends readonly FlagSpec[]>(spec: CommandSpec<F>): CommandSpec {
  return spec as unknown as CommandSpec;
}

/** Exit codes. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

export const fileFlag = {
  name: "file",
  alias: "f",
  aliases: ["manifest"],
  type: "list",
  placeholder: "FILE",
  complete: "file",
  help: "a manifest (YAML or JSON), a directory of them (*.yaml, *.yml, *.json) or - for standard input; repeatable, and a YAML stream may hold several manifests separated by ---",
} as const satisfies FlagSpec;

/** -f for the commands that work on one manifest (pulumi, outputs). */
export const oneFileFlag = {
  name: "file",
  alias: "f",
  aliases: ["manifest"],
  type: "string",
  placeholder: "FILE",
  complete: "file",
  help: "the manifest (YAML or JSON), or - for standard input; one manifest",
} as const satisfies FlagSpec;

export const recursiveFlag = {
  name: "recursive",
  alias: "R",
  type: "boolean",
  help: "with a directory as -f, also read its subdirectories",
} as const satisfies FlagSpec;

export function outputFlag<const C extends readonly string[]>(choices: C, fallback: C[number]) {
  return {
    name: "output",
    alias: "o",
    type: "string",
    placeholder: "FORMAT",
    choices,
    default: fallback as string,
    help: `output format: ${choices.join(", ")}`,
  } as const satisfies FlagSpec;
}

export const setFlag = {
  name: "set",
  type: "list",
  placeholder: "PATH=VALUE",
  help: "override a field after defaults (repeatable, applied in order), e.g. spec.parallelism=3",
} as const satisfies FlagSpec;

export const showSecretsFlag = {
  name: "show-secrets",
  type: "boolean",
  help: "print sensitive values in clear instead of <redacted>",
} as const satisfies FlagSpec;

export const refsFlag = {
  name: "refs",
  type: "string",
  placeholder: "DIR",
  complete: "dir",
  help: "resolve valueFrom references from the manifests (with status.outputs) in DIR",
} as const satisfies FlagSpec;

/** Flags every command takes (besides --help). */
export const globalFlags = [
  {
    name: "color",
    type: "string",
    placeholder: "WHEN",
    choices: ["auto", "always", "never"],
    default: "auto",
    help: "colour: auto (per stream, when it is a terminal; NO_COLOR and FORCE_COLOR are honoured), always or never",
  },
  {
    name: "error-format",
    type: "string",
    placeholder: "FORMAT",
    choices: ["text", "json", "github-actions"],
    default: "text",
    help: "how problems print on standard error: text (FILE:LINE:COL: PATH: MESSAGE), json (one object per line) or github-actions (::error annotations)",
  },
] as const satisfies readonly FlagSpec[];

export const helpFlag = {
  name: "help",
  alias: "h",
  type: "boolean",
  help: "show this help",
} as const satisfies FlagSpec;

export type GlobalFlagValues = FlagValues<typeof globalFlags> & { help: boolean };
