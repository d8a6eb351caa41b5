// Reading a module's stack input from its environment: STACK_INPUT (base64),
// STACK_INPUT_FILE, STACK_INPUT_YAML, STACK_INPUT_YAML_FILE or the Pulumi config.
import type { Message } from "@bufbuild/protobuf";
import { PlantonError } from "../error.js";
import { printable } from "../problem.js";
import { MAX_INPUT_BYTES, readInputBytes } from "../read-input.js";
import { type DecodedStackInput, decodeStackInputBytes } from "./decode.js";
import { HOW_TO, stackInputError } from "./error.js";

export interface DecodeStackInputOptions {
  /** The environment to read (process.env by default). */
  env?: Record<string, string | undefined>;
  /** The kind this module deploys; any other kind is an error. */
  kind?: string;
  /** The value of the Pulumi config key `planton-cloud:stack-input`, when the module has read it. */
  pulumiConfig?: string | undefined;
}

/** The variables a stack input is read from, first found wins. */
export const STACK_INPUT_SOURCES = [
  "STACK_INPUT",
  "STACK_INPUT_FILE",
  "STACK_INPUT_YAML",
  "STACK_INPUT_YAML_FILE",
  "planton-cloud:stack-input",
] as const;

/**
 * Reads, decodes, defaults and validates the stack input of a module run. Throws
 * a PlantonError (code ERR_PLANTON_STACK_INPUT) with a one-paragraph message
 * naming the variable and the first problem; never returns an invalid input.
 */
export function decodeStackInput<T extends Message = Message>(
  opts: DecodeStackInputOptions = {},
): DecodedStackInput<T> {
  const env = opts.env ?? process.env;
  const present = (v: string | undefined): v is string => v !== undefined && v.trim() !== "";
  let origin: string;
  let bytes: Uint8Array;
  if (present(env.STACK_INPUT)) {
    origin = "STACK_INPUT";
    bytes = fromBase64(origin, env.STACK_INPUT);
  } else if (present(env.STACK_INPUT_FILE)) {
    origin = `STACK_INPUT_FILE (${env.STACK_INPUT_FILE})`;
    bytes = readBytes(origin, env.STACK_INPUT_FILE);
  } else if (present(env.STACK_INPUT_YAML)) {
    origin = "STACK_INPUT_YAML";
    bytes = textBytes(origin, env.STACK_INPUT_YAML);
  } else if (present(env.STACK_INPUT_YAML_FILE)) {
    origin = `STACK_INPUT_YAML_FILE (${env.STACK_INPUT_YAML_FILE})`;
    bytes = readBytes(origin, env.STACK_INPUT_YAML_FILE);
  } else if (present(opts.pulumiConfig)) {
    origin = "Pulumi config planton-cloud:stack-input";
    bytes = textBytes(origin, opts.pulumiConfig);
  } else {
    throw new PlantonError(
      "ERR_PLANTON_STACK_INPUT",
      "No stack input: none of STACK_INPUT, STACK_INPUT_FILE, STACK_INPUT_YAML, STACK_INPUT_YAML_FILE or the Pulumi config key planton-cloud:stack-input is set.",
      { hint: HOW_TO },
    );
  }
  return decodeStackInputBytes<T>(bytes, origin, opts.kind);
}

/** Base64 of MAX_INPUT_BYTES, with room for line breaks: a longer variable is refused before it is decoded. */
const MAX_BASE64_CHARS = Math.ceil(MAX_INPUT_BYTES / 3) * 4 * 1.1 + 1024;

function fromBase64(origin: string, value: string): Uint8Array {
  if (value.length > MAX_BASE64_CHARS)
    throw stackInputError(origin, `is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB (once decoded).`);
  const compact = value.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) {
    const bad = compact.search(/[^A-Za-z0-9+/_=-]/);
    throw stackInputError(
      origin,
      `is not base64: unexpected character ${JSON.stringify(compact[bad] ?? "=")} at position ${bad + 1}.`,
    );
  }
  if (compact.length % 4 === 1)
    throw stackInputError(origin, `is not base64: its length (${compact.length}) cannot be base64; was it truncated?`);
  return Buffer.from(compact.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

function textBytes(origin: string, value: string): Uint8Array {
  if (value.length > MAX_INPUT_BYTES)
    throw stackInputError(origin, `is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB.`);
  return Buffer.from(value);
}

/** The file's bytes, read with the shared bounded reader (no FIFO hang, no /dev/zero). */
function readBytes(origin: string, path: string): Uint8Array {
  try {
    return readInputBytes(path, { name: origin, code: "ERR_PLANTON_STACK_INPUT" });
  } catch (e) {
    if (!(e instanceof PlantonError)) throw e;
    const prefix = `cannot read ${printable(origin)}: `;
    if (!e.message.startsWith(prefix)) throw e;
    throw new PlantonError("ERR_PLANTON_STACK_INPUT", `${origin} cannot be read: ${e.message.slice(prefix.length)}.`, {
      hint: e.hint ?? HOW_TO,
      cause: e,
    });
  }
}
