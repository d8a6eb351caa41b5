// Commands are declared as data (name, aliases, flags, help, examples) with a
// handler; `main` parses arguments against the declaration, prints help, and turns
// errors into exit codes.
import type { Io } from "./io.js";

export type FlagType = "string" | "boolean" | "list";

export interface FlagSpec {
  name: string;
  alias?: string;
  /** Other long names accepted (e.g. --manifest for --file). */
  aliases?: string[];
  type: FlagType;
  help: string;
  placeholder?: string;
  choices?: readonly string[];
  default?: string;
}

export interface Example {
  command: string;
  help: string;
}

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

export interface Context {
  flags: FlagValues;
  args: string[];
  /** Arguments after `--`, passed through (to pulumi). */
  passthrough: string[];
  io: Io;
  env: NodeJS.ProcessEnv;
}

export interface CommandSpec {
  name: string;
  aliases?: readonly string[];
  summary: string;
  usage: string;
  description?: string;
  flags: readonly FlagSpec[];
  /** The positional arguments the command takes, by name (e.g. ["OPERATION"]); none when absent. */
  positionals?: readonly string[];
  examples: readonly Example[];
  /** 0 ok, 1 invalid input, 2 usage or environment error (or a wrapped tool's own code). */
  run(ctx: Context): Promise<number>;
}

/** Exit codes. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

export const fileFlag: FlagSpec = {
  name: "file",
  alias: "f",
  aliases: ["manifest"],
  type: "string",
  placeholder: "FILE",
  help: "the manifest (YAML or JSON); - reads standard input",
};

export function outputFlag(choices: readonly string[], fallback: string): FlagSpec {
  return {
    name: "output",
    alias: "o",
    type: "string",
    placeholder: "FORMAT",
    choices,
    default: fallback,
    help: `output format: ${choices.join(", ")}`,
  };
}

export const setFlag: FlagSpec = {
  name: "set",
  type: "list",
  placeholder: "PATH=VALUE",
  help: "override a field after defaults (repeatable, applied in order), e.g. spec.parallelism=3",
};

export const showSecretsFlag: FlagSpec = {
  name: "show-secrets",
  type: "boolean",
  help: "print sensitive values in clear instead of <redacted>",
};

export const refsFlag: FlagSpec = {
  name: "refs",
  type: "string",
  placeholder: "DIR",
  help: "resolve valueFrom references from the manifests (with status.outputs) in DIR",
};
