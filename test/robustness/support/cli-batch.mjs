// Child process that runs many CLI invocations in one Node process: reads
// [{id, argv, stdin?}] as JSON on stdin and, for each, calls the CLI's main()
// with an Io that captures the output. Prints one JSON line when it starts an
// invocation ({start: id}) and one when it ends ({id, code, stdout, stderr} or
// {id, threw}), so that the parent can tell which invocation hangs and kill it.
// Starting Node and loading the SDK once instead of once per file is what makes
// a corpus of a hundred files take seconds.
import { readFileSync, writeSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { root } from "./run.mjs";

const { main } = await import(pathToFileURL(`${root}/packages/cli/dist/main.js`).href);
const items = JSON.parse(readFileSync(0, "utf8"));
const env = { NO_COLOR: "1", HOME: process.env.HOME, PATH: process.env.PATH };

// Synchronous writes: a result must be out before the next invocation can hang.
// The pipe may be non-blocking: a large result (a rendered manifest of megabytes)
// is written in parts, waiting while the pipe is full (EAGAIN).
const pause = new Int32Array(new SharedArrayBuffer(4));
const emit = (o) => {
  const bytes = Buffer.from(`${JSON.stringify(o)}\n`);
  for (let off = 0; off < bytes.length; ) {
    try {
      off += writeSync(1, bytes, off);
    } catch (e) {
      if (e.code !== "EAGAIN") throw e;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
};

for (const { id, argv, stdin = "" } of items) {
  emit({ start: id });
  const out = [];
  const err = [];
  const io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    color: false,
    readStdin: async () => stdin,
  };
  try {
    const code = await main(argv, io, env);
    emit({ id, code, stdout: out.join(""), stderr: err.join("") });
  } catch (e) {
    emit({ id, threw: String(e?.stack ?? e), stdout: out.join(""), stderr: err.join("") });
  }
}
