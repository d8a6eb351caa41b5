// The CLI's main() in this process, with an Io that captures what it prints: for
// tests that run it hundreds of times. The built SDK, the CLI and fast-check are
// loaded from the workspace packages that depend on them.
import { pathToFileURL } from "node:url";
import { root } from "./run.mjs";

const load = (relative) => import(pathToFileURL(`${root}/${relative}`).href);

export const sdk = await load("packages/sdk/dist/index.js");
export const { main } = await load("packages/cli/dist/main.js");
export const fc = await load("packages/sdk/node_modules/fast-check/lib/fast-check.js");

const cleanEnv = { NO_COLOR: "1", HOME: process.env.HOME ?? "/root", PATH: process.env.PATH ?? "" };

/** Runs `planton ...argv` in process; `stdin` is what `-f -` reads. */
export async function runMain(argv, { stdin = "", env = {} } = {}) {
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
  const code = await main(argv, io, { ...cleanEnv, ...env });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/** fast-check settings: PLANTON_FC_SEED replays a failure, PLANTON_FC_RUNS scales the runs. */
export function fcParams(numRuns) {
  const seed = Number.parseInt(process.env.PLANTON_FC_SEED ?? "", 10);
  const scale = Number.parseFloat(process.env.PLANTON_FC_RUNS_SCALE ?? "1");
  return {
    numRuns: Math.max(1, Math.round(numRuns * (Number.isFinite(scale) ? scale : 1))),
    ...(Number.isFinite(seed) ? { seed } : {}),
  };
}
