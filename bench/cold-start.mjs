// CLI cold start: wall time and peak RSS of `planton validate -f <example>` in a
// fresh process, next to `node -e 0` (the floor: starting Node itself). Runs
// alternate between the two so that drift in the machine hits both alike.
//
// Wall time is measured here, around spawnSync. Peak RSS is the child's
// ru_maxrss as reported by GNU time (`/usr/bin/time -f %M`, in KiB); both
// commands run under it, so its own small cost is in both numbers. Without
// /usr/bin/time, memory is not measured (reported as null), never estimated.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cliBin, envInt, examplePath, median, root } from "./lib.mjs";

const GNU_TIME = "/usr/bin/time";

function hasGnuTime() {
  if (!existsSync(GNU_TIME)) return false;
  const r = spawnSync(GNU_TIME, ["-f", "%M %U %S", "true"], { encoding: "utf8" });
  return r.status === 0 && /^\d+ [\d.]+ [\d.]+\s*$/.test(r.stderr.trim().split("\n").pop() ?? "");
}

function runOnce(args, withTime) {
  const cmd = withTime ? GNU_TIME : process.execPath;
  const argv = withTime ? ["-f", "%M %U %S", process.execPath, ...args] : args;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  if (!withTime) return { ms, rssKiB: null, cpuMs: null };
  const [rss, user, sys] = (r.stderr.trim().split("\n").pop() ?? "").split(" ");
  // GNU time reports CPU seconds with two decimals: 10 ms steps, fine for a median.
  return { ms, rssKiB: Number.parseInt(rss ?? "", 10), cpuMs: (Number(user) + Number(sys)) * 1000 };
}

// The CLI without its bundle (dist/main.js and its ~200 modules): the step before bundling.
const unbundled = `import(${JSON.stringify(new URL("../packages/cli/dist/main.js", import.meta.url).href)}).then(async (m) => { (await import("node:module")).default.enableCompileCache?.(); process.exitCode = await m.main(process.argv.slice(1)); })`;

export function coldStart({ runs = envInt("BENCH_RUNS", 15) } = {}) {
  const withTime = hasGnuTime();
  const sides = {
    ours: ["--no-warnings", cliBin, "validate", "-f", examplePath],
    unbundled: ["--no-warnings", "--input-type=module", "-e", unbundled, "validate", "-f", examplePath],
    floor: ["-e", "0"],
  };
  // One unmeasured run of each fills the file system and compile caches.
  for (const args of Object.values(sides)) runOnce(args, withTime);
  const runsOf = { ours: [], unbundled: [], floor: [] };
  for (let i = 0; i < runs; i++)
    for (const [side, args] of Object.entries(sides)) runsOf[side].push(runOnce(args, withTime));
  const med = (side, key) => median(runsOf[side].map((x) => x[key]));
  const pair = (side, key) => ({
    ours: med(side, key),
    baseline: med("floor", key),
    ratio: med(side, key) / med("floor", key),
  });
  return {
    runs,
    command: "planton validate -f examples/kubernetes-job.yaml",
    baselineCommand: "node -e 0",
    rssMethod: withTime ? "GNU time %M (child ru_maxrss, KiB)" : "not measured: /usr/bin/time not found",
    wallMs: pair("ours", "ms"),
    cpuMs: withTime ? pair("ours", "cpuMs") : null,
    peakRssKiB: withTime ? pair("ours", "rssKiB") : null,
    unbundled: { wallMs: pair("unbundled", "ms"), cpuMs: withTime ? pair("unbundled", "cpuMs") : null },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(coldStart(), null, 2));
}
