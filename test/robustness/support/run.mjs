// Running the built CLI and module entries as subprocesses, and the checks every
// robustness test makes on what they print.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../..", import.meta.url));
export const cliBin = join(root, "packages/cli/bin/planton.js");
export const moduleEntry = join(root, "packages/kubernetes-job/dist/main.js");
export const registrationsPreload = join(root, "test/robustness/support/count-registrations.mjs");
export const badDir = join(root, "testdata/bad");

/** A subprocess that runs longer than this is taken to hang (a hang detector, not a timing assertion). */
export const HANG_MS = 20_000;
/** How long a batch process may take to start and load the CLI before its first invocation. */
const STARTUP_MS = 120_000;

/**
 * Node's compile cache (a directory shared by the subprocesses of a run) makes each
 * start cheaper; it changes nothing a test looks at.
 */
const baseEnv = {
  ...process.env,
  NO_COLOR: "1",
  PLANTON_DEBUG: "",
  NODE_COMPILE_CACHE: join(tmpdir(), "planton-robustness-compile-cache"),
};
for (const k of Object.keys(baseEnv)) {
  if (k.startsWith("STACK_INPUT") || k.startsWith("PULUMI_")) delete baseEnv[k];
}

/**
 * Runs `node ...args` with `input` on stdin. Resolves with the exit code, the
 * output, and `hung: true` when it was killed after `timeoutMs`.
 */
export function runNode(args, { input = "", env = {}, timeoutMs = HANG_MS, cwd = root } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...baseEnv, ...env } });
    const out = [];
    const err = [];
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (c) => out.push(c));
    child.stderr.on("data", (c) => err.push(c));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        hung,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
    child.stdin.on("error", () => {}); // The child may exit before reading all of stdin.
    child.stdin.end(input);
  });
}

export function runCli(args, opts = {}) {
  return runNode([cliBin, ...args], opts);
}

export function firstLine(text) {
  return text.split("\n")[0] ?? "";
}

/** A JavaScript stack frame: a line that starts with spaces and "at ". */
export const STACK_FRAME = /\n\s+at /;

/**
 * Characters that change how a terminal shows the text around them: C0/C1
 * controls other than tab and newline, bidi overrides and isolates, zero-width
 * characters. Messages must escape what they echo of the input.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
export const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

/**
 * An expected first line: `{file}` stands for the path given to the CLI, `{*}`
 * for any text, and " ..." at the end for any rest of the line.
 */
export function matchesLine(actual, expected, file) {
  const prefix = expected.endsWith(" ...");
  const want = prefix ? expected.slice(0, -3) : expected;
  const re = want
    .split("{*}")
    .map((part) => part.replaceAll("{file}", file).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${re}${prefix ? "" : "$"}`, "s").test(actual);
}

/**
 * The committed bad-input corpus: each file's expectations come from its header
 * comment (`# expect-exit:`, `# expect-stderr:` or `# expect-stdout:`,
 * `# known-bug:`) or, for files that cannot carry a comment, from `FILE.expect`
 * (`exit:`, `stderr:`/`stdout:`, `known-bug:`, `why:`).
 */
export function corpus() {
  const cases = [];
  for (const name of readdirSync(badDir).sort()) {
    if (name.endsWith(".expect") || name.endsWith(".md") || name === "generated.yaml") continue;
    const path = join(badDir, name);
    if (statSync(path).isDirectory()) continue;
    let fields;
    let sidecar = true;
    try {
      fields = parseFields(readFileSync(`${path}.expect`, "utf8"), /^([a-z-]+): ?(.*)$/);
    } catch (e) {
      if (e.code !== "ENOENT") throw e;
      sidecar = false;
      fields = parseFields(readFileSync(path, "utf8"), /^# (?:expect-)?(exit|stderr|stdout|known-bug): ?(.*)$/);
    }
    if (fields.exit === undefined) {
      // A file without expectations is a mistake in the corpus, not a case to skip.
      throw new Error(
        sidecar
          ? `testdata/bad/${name}.expect: no "exit:" line`
          : `testdata/bad/${name}: no "# expect-exit:" header and no ${name}.expect sidecar`,
      );
    }
    cases.push({
      name,
      file: `testdata/bad/${name}`,
      exit: Number(fields.exit),
      stream: fields.stdout !== undefined ? "stdout" : "stderr",
      line: fields.stdout ?? fields.stderr ?? "",
      knownBug: fields["known-bug"],
    });
  }
  return cases;
}

function parseFields(text, re) {
  const fields = {};
  for (const line of text.split(/\r?\n/)) {
    const m = re.exec(line);
    if (m && fields[m[1]] === undefined) fields[m[1]] = m[2];
  }
  return fields;
}

/**
 * Runs CLI invocations ([{id, argv, stdin?, timeoutMs?}]) through support/cli-batch.mjs:
 * one Node process for all of them, restarted after the invocation that hangs
 * (no result within its timeoutMs, HANG_MS by default), which is reported as
 * {id, hung: true}. `env` is added to the batch process's environment (e.g. a
 * private TMPDIR). Resolves with the results by id.
 */
export async function runCliBatch(items, { env = {} } = {}) {
  const results = new Map();
  if (items.length === 0) return results;
  let pending = [...items];
  while (pending.length > 0) {
    const batch = pending;
    pending = [];
    await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(root, "test/robustness/support/cli-batch.mjs")], {
        cwd: root,
        env: { ...baseEnv, ...env },
      });
      let current;
      let timer;
      let buffered = "";
      const errors = [];
      const arm = (item) => {
        clearTimeout(timer);
        current = item;
        timer = setTimeout(() => {
          results.set(item.id, { id: item.id, hung: true });
          pending = batch.slice(batch.findIndex((i) => i.id === item.id) + 1);
          child.kill("SIGKILL");
        }, item.timeoutMs ?? HANG_MS);
      };
      // Starting Node and loading the CLI is not the first invocation's time: on a
      // loaded machine it alone can take longer than a hang detector allows. Until
      // the child says it starts one, the startup limit applies (charged to the first).
      arm({ ...batch[0], timeoutMs: Math.max(STARTUP_MS, batch[0].timeoutMs ?? HANG_MS) });
      child.stdout.on("data", (chunk) => {
        buffered += chunk.toString("utf8");
        for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
          const o = JSON.parse(buffered.slice(0, nl));
          buffered = buffered.slice(nl + 1);
          if (o.start !== undefined) arm(batch.find((i) => i.id === o.start));
          else {
            clearTimeout(timer);
            results.set(o.id, o);
          }
        }
      });
      child.stderr.on("data", (c) => errors.push(c));
      child.on("error", reject);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        if (current && !results.has(current.id)) {
          // The process died in an invocation (a crash, not a hang): report it there, go on after it.
          const how = signal === null ? `exit ${code}` : `signal ${signal}`;
          results.set(current.id, { id: current.id, crashed: `${how}: ${Buffer.concat(errors).toString()}` });
          pending = batch.slice(batch.findIndex((i) => i.id === current.id) + 1);
        }
        resolve();
      });
      child.stdin.end(JSON.stringify(batch));
    });
  }
  return results;
}
