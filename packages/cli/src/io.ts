// Terminal output. Colour is decided per stream: standard output and standard
// error each by their own terminal-ness, with Node's rules for NO_COLOR,
// FORCE_COLOR, NODE_DISABLE_COLORS and TERM=dumb (node:util styleText with
// validateStream), and `--color always|never` over all of them. Progress shows
// only on a standard error that is a terminal. Standard input is read bounded and
// as strict UTF-8; a failed write to standard output (full disk, closed pipe,
// closed stdout) is remembered and reported.
import { readFileSync, readlinkSync } from "node:fs";
import { clearLine, cursorTo } from "node:readline";
import { styleText } from "node:util";

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Colour on standard error. */
  readonly color: boolean;
  /** Colour on standard output (false when absent). */
  readonly colorOut?: boolean;
  /** How problems and errors print on standard error (--error-format); text when absent. */
  readonly errorFormat?: "text" | "json" | "github-actions";
  /** Shows a one-line status on standard error (a terminal only), or clears it with undefined. */
  status?(text: string | undefined): void;
  readStdin(): Promise<string>;
  /** Waits until what `out` wrote has been written; resolves with the write error, if any. */
  flush?(): Promise<NodeJS.ErrnoException | undefined>;
}

export type ColorMode = "auto" | "always" | "never";

/** `io` with `--color` applied: always and never override what each stream decided. */
export function withColorMode(io: Io, mode: ColorMode): Io {
  if (mode === "auto") return io;
  const on = mode === "always";
  return { ...io, color: on, colorOut: on };
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

/** Whether Node would colour `stream` (its terminal-ness, NO_COLOR, FORCE_COLOR, TERM). */
function colours(stream: NodeJS.WriteStream): boolean {
  try {
    return styleText("red", "x", { stream, validateStream: true }) !== "x";
  } catch {
    return false;
  }
}

export function processIo(): Io {
  const stderr = process.stderr;
  const stderrIsTTY = stderr.isTTY === true;
  let writeError: NodeJS.ErrnoException | undefined;
  let checked = false;
  let status: string | undefined;
  const fail = (e: Error | null | undefined) => {
    if (e) writeError ??= e as NodeJS.ErrnoException;
  };
  const clearStatus = () => {
    if (status === undefined) return;
    cursorTo(stderr, 0);
    clearLine(stderr, 0);
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
      // A status line is taken away for the message and drawn again under it.
      clearStatus();
      stderr.write(t);
      if (status !== undefined) stderr.write(status);
    },
    status: (text) => {
      if (!stderrIsTTY) return;
      clearStatus();
      status = text === undefined ? undefined : fit(text, stderr.columns);
      if (status !== undefined) stderr.write(status);
    },
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY,
    color: colours(stderr),
    colorOut: colours(process.stdout),
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

/** A status line never wraps: a wrapped line cannot be cleared from its end. */
function fit(text: string, columns: number | undefined): string {
  const max = Math.max(10, (columns !== undefined && columns > 0 ? columns : 80) - 1);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

type Style = "red" | "yellow" | "green" | "bold" | "dim";

/** `text` styled for standard error (or standard output with `stream: "out"`) when that stream has colour. */
export function paint(io: Io, style: Style, text: string, stream: "out" | "err" = "err"): string {
  const on = stream === "out" ? io.colorOut === true : io.color;
  return on ? styleText(style, text, { validateStream: false }) : text;
}

const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** A spinner with a label on standard error (a terminal only; nothing when piped). */
export interface Progress {
  /** Names the current step and draws it at once. */
  step(label: string): void;
  /** Lets the event loop run (so the spinner's timer can draw) between pieces of synchronous work. */
  tick(): Promise<void>;
  stop(): void;
}

const silent: Progress = { step() {}, tick: async () => {}, stop() {} };

/**
 * Starts a spinner. Synchronous work blocks the timer, so it is drawn on every
 * step boundary as well, and `tick()` between steps yields to the event loop.
 */
export function startProgress(io: Io, label: string): Progress {
  const status = io.status;
  if (!io.stderrIsTTY || status === undefined) return silent;
  let i = 0;
  let current = label;
  const draw = () => status(`${frames[i++ % frames.length]} ${current}`);
  draw();
  const timer = setInterval(draw, 80);
  return {
    step(next) {
      current = next;
      draw();
    },
    tick: () => new Promise((resolve) => setImmediate(resolve)),
    stop() {
      clearInterval(timer);
      status(undefined);
    },
  };
}

/** Runs `work` with a spinner on standard error when it is a terminal; silent otherwise. */
export async function withProgress<T>(io: Io, label: string, work: (p: Progress) => Promise<T>): Promise<T> {
  const p = startProgress(io, label);
  try {
    await p.tick();
    return await work(p);
  } finally {
    p.stop();
  }
}
