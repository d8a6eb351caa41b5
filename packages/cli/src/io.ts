// Terminal output: colours only on a TTY without NO_COLOR, progress only on a TTY.
// Standard input is read bounded and as strict UTF-8; a failed write to standard
// output (full disk, closed pipe, closed stdout) is remembered and reported.
import { readFileSync, readlinkSync } from "node:fs";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly color: boolean;
  readStdin(): Promise<string>;
  /** Waits until what `out` wrote has been written; resolves with the write error, if any. */
  flush?(): Promise<NodeJS.ErrnoException | undefined>;
}

/**
 * Whether this process was started with standard output closed (`cmd >&-`).
 * Node then opens /dev/null in its place, so writes "succeed". Node opens it
 * read-write; a shell's `>/dev/null` opens it write-only (access mode 1 in
 * /proc/self/fdinfo). Linux only; elsewhere a closed stdout goes unnoticed.
 */
export function stdoutWasClosed(): boolean {
  try {
    if (readlinkSync("/proc/self/fd/1") !== "/dev/null") return false;
    const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync("/proc/self/fdinfo/1", "utf8"))?.[1];
    return flags !== undefined && (Number.parseInt(flags, 8) & 0o3) === 0o2;
  } catch {
    return false; // Not Linux: nothing to tell.
  }
}

export function processIo(env: NodeJS.ProcessEnv = process.env): Io {
  const stderrIsTTY = process.stderr.isTTY === true;
  let writeError: NodeJS.ErrnoException | undefined;
  let checked = false;
  const fail = (e: Error | null | undefined) => {
    if (e) writeError ??= e as NodeJS.ErrnoException;
  };
  process.stdout.on("error", fail);
  return {
    out: (t) => {
      if (!checked) {
        checked = true;
        if (stdoutWasClosed()) writeError = Object.assign(new Error("standard output is closed"), { code: "EBADF" });
      }
      if (writeError === undefined) process.stdout.write(t, fail);
    },
    err: (t) => {
      process.stderr.write(t);
    },
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY,
    color: stderrIsTTY && (env.NO_COLOR === undefined || env.NO_COLOR === "") && env.TERM !== "dumb",
    readStdin: async () => {
      const { decodeUtf8, readStreamBytes } = await import("@planton/sdk");
      const bytes = await readStreamBytes(process.stdin, { name: "<stdin>", destroy: () => process.stdin.destroy() });
      return decodeUtf8(bytes, "<stdin>");
    },
    flush: () =>
      new Promise((resolve) => {
        if (writeError !== undefined || !checked) {
          resolve(writeError);
          return;
        }
        process.stdout.write("", (e) => {
          fail(e);
          resolve(writeError);
        });
      }),
  };
}

const codes = { red: [31, 39], yellow: [33, 39], green: [32, 39], bold: [1, 22], dim: [2, 22] } as const;

export function paint(io: Io, style: keyof typeof codes, text: string): string {
  if (!io.color) return text;
  const [a, b] = codes[style];
  return `\u001b[${a}m${text}\u001b[${b}m`;
}

/** Runs `work` with a spinner on stderr when it is a TTY; silent otherwise. */
export async function withProgress<T>(io: Io, label: string, work: () => Promise<T>): Promise<T> {
  if (!io.stderrIsTTY) return work();
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  let i = 0;
  const timer = setInterval(() => io.err(`\r${frames[i++ % frames.length]} ${label}`), 80);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    io.err(`\r\u001b[2K`);
  }
}
