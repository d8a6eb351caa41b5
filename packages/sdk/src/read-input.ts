// The one way Planton reads an input (a manifest, a provider or docker config, a
// stack input file, standard input): bounded *while reading*, so `/dev/zero`,
// `yes |` or a 20 GB file stop at the limit instead of filling memory; never
// blocked by a named pipe without a writer; and text decoded as strict UTF-8, so
// a byte that is not UTF-8 is an error with a position rather than a silent U+FFFD.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { PlantonError, type PlantonErrorCode } from "./error.js";
import { type Position, printable, problem } from "./problem.js";
import { MAX_SOURCE_BYTES } from "./source.js";

/** Largest input accepted, in bytes: a manifest, a stack input (any format), a config file, stdin. */
export const MAX_INPUT_BYTES = MAX_SOURCE_BYTES;

const CHUNK = 64 * 1024;
/** How long a pipe may stay silent before the reader gives up (its writer is stuck). */
const PIPE_IDLE_MS = 30_000;
/**
 * How long a named pipe without a writer is given for one to open it
 * (`planton validate -f PIPE & cat job.yaml > PIPE`) before it counts as empty.
 */
const PIPE_WRITER_WAIT_MS = 2_000;

export interface ReadOptions {
  /** How the input is named in messages (a path, "<stdin>", "STACK_INPUT_FILE (…)"). */
  name?: string;
  /** The limit in bytes (MAX_INPUT_BYTES by default). */
  limit?: number;
  /** The code of the error for bad content (too large, not UTF-8): ERR_PLANTON_INVALID_MANIFEST by default. */
  code?: PlantonErrorCode;
}

function tooLarge(name: string, limit: number, code: PlantonErrorCode = "ERR_PLANTON_INVALID_MANIFEST"): PlantonError {
  const what = `the input is larger than ${formatBytes(limit)}`;
  return new PlantonError(code, `${printable(name)}: ${what}`, {
    hint: `inputs are limited to ${formatBytes(limit)}; a manifest or stack input is a few kilobytes`,
    problems: [problem("", what, "source.too_large", undefined, name)],
  });
}

export function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / 1024 / 1024} MiB` : `${n} bytes`;
}

/** What kind of file `st` is, in words, when it is not one Planton reads. */
function refusedKind(st: Stats): string | undefined {
  if (st.isDirectory()) return "a directory";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return undefined;
}

function ioError(name: string, e: unknown): PlantonError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === "ENOENT"
      ? "no such file"
      : code === "EISDIR"
        ? "it is a directory"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : code === "ENOTDIR"
            ? "a part of the path is not a directory"
            : code === "ENXIO"
              ? "no such device (a socket or a device without a driver)"
              : String(code ?? "unknown error");
  return new PlantonError("ERR_PLANTON_IO", `cannot read ${printable(name)}: ${why}`, { cause: e });
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * Reads the file at `path` (a regular file, or a pipe such as `<(cmd)`), at most
 * `limit` bytes. Directories, devices and sockets are refused with a clear error:
 * `/dev/zero` has no end, `/dev/tty` waits for a person. A named pipe is opened
 * without blocking: one that no writer opens within 2 s is an error instead of a hang.
 */
export function readInputBytes(path: string, opts: ReadOptions = {}): Uint8Array {
  const name = opts.name ?? path;
  const limit = opts.limit ?? MAX_INPUT_BYTES;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw ioError(name, e);
  }
  try {
    let st: Stats;
    try {
      st = fstatSync(fd);
    } catch (e) {
      throw ioError(name, e);
    }
    const refused = refusedKind(st);
    if (refused !== undefined) {
      throw new PlantonError("ERR_PLANTON_IO", `cannot read ${printable(name)}: it is ${refused}, not a file`, {
        hint: "name a manifest file, or use -f - to read standard input",
      });
    }
    if (st.isFile() && st.size > limit) throw tooLarge(name, limit, opts.code);
    const bytes = readFd(fd, name, limit, st.isFIFO(), opts.code);
    if (bytes.length === 0 && st.isFIFO()) {
      throw new PlantonError(
        "ERR_PLANTON_IO",
        `cannot read ${printable(name)}: it is a pipe and nothing was written to it`,
        {
          hint: "a named pipe needs a writer (e.g. `cat job.yaml > PIPE`); or use -f - to read standard input",
        },
      );
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

function readFd(fd: number, name: string, limit: number, pipe: boolean, code?: PlantonErrorCode): Uint8Array {
  const chunks: Buffer[] = [];
  let total = 0;
  let idle = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(CHUNK);
    let n: number;
    try {
      n = readSync(fd, buf, 0, CHUNK, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A pipe whose writer has not written yet: wait a little, bounded.
      if (code === "EAGAIN" && pipe && idle < PIPE_IDLE_MS) {
        sleep(10);
        idle += 10;
        continue;
      }
      if (code === "EAGAIN") {
        throw new PlantonError(
          "ERR_PLANTON_IO",
          `cannot read ${printable(name)}: nothing was written to it for ${PIPE_IDLE_MS / 1000} s`,
        );
      }
      throw ioError(name, e);
    }
    if (n === 0) {
      // A named pipe reads as at its end while no writer has opened it yet.
      if (pipe && total === 0 && idle < PIPE_WRITER_WAIT_MS) {
        sleep(10);
        idle += 10;
        continue;
      }
      break;
    }
    idle = 0;
    total += n;
    if (total > limit) throw tooLarge(name, limit, code);
    chunks.push(buf.subarray(0, n));
  }
  return Buffer.concat(chunks, total);
}

/**
 * `bytes` as UTF-8 text; a byte sequence that is not UTF-8 is an error naming its
 * line and column. Bytes with a NUL are decoded as they are: the parser reports
 * them as binary input, at the NUL.
 */
export function decodeUtf8(
  bytes: Uint8Array,
  name: string,
  code: PlantonErrorCode = "ERR_PLANTON_INVALID_MANIFEST",
): string {
  let text: string | undefined;
  try {
    // A UTF-8 byte order mark is not part of the text (the decoder drops it).
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    if (bytes.includes(0)) text = new TextDecoder("utf-8").decode(bytes);
  }
  const bad = text === undefined ? notUtf8(bytes) : undefined;
  if (text !== undefined || bad === undefined) return text ?? new TextDecoder("utf-8").decode(bytes);
  const what = `the input is ${bad.what}`;
  throw new PlantonError(code, `${printable(name)}:${bad.line}:${bad.column}: ${what}`, {
    hint: "save the file as UTF-8; binary values belong in base64 (bytes fields) or in a Secret",
    problems: [problem("", what, "source.not_utf8", { line: bad.line, column: bad.column }, name)],
  });
}

/** Where `bytes` stop being UTF-8 (line and column of the first bad byte, and what it is in words), if they do. */
export function notUtf8(bytes: Uint8Array): (Position & { what: string }) | undefined {
  const bad = invalidUtf8Offset(bytes);
  if (bad === undefined) return undefined;
  const at = positionOfByte(bytes, bad);
  return { ...at, what: `not UTF-8 text (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, "0")} at offset ${bad})` };
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence. */
export function invalidUtf8Offset(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    let n: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return undefined;
}

/** 1-based line and column (in characters) of byte `offset`. */
function positionOfByte(bytes: Uint8Array, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  const before = Buffer.from(bytes.buffer, bytes.byteOffset + start, offset - start).toString("utf8");
  return { line, column: [...before].length + 1 };
}

/** Reads a text input (manifest, config): bounded, refused when it is not UTF-8. */
export function readInputText(path: string, opts: ReadOptions = {}): string {
  return decodeUtf8(readInputBytes(path, opts), opts.name ?? path, opts.code);
}

/** Reads a stream (standard input) to its end, at most `limit` bytes: `yes | planton ...` stops at the limit. */
export async function readStreamBytes(
  stream: AsyncIterable<Uint8Array | string>,
  opts: ReadOptions & { destroy?: () => void } = {},
): Promise<Uint8Array> {
  const name = opts.name ?? "<stdin>";
  const limit = opts.limit ?? MAX_INPUT_BYTES;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of stream) {
    const b = typeof c === "string" ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    total += b.length;
    if (total > limit) {
      opts.destroy?.();
      throw tooLarge(name, limit, opts.code);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks, total);
}
