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
  const r = spawnSync(GNU_TIME, ["-f", "%M", "true"], { encoding: "utf8" });
  return r.status === 0 && /^\d+\s*$/.test(r.stderr.trim().split("\n").pop() ?? "");
}

function runOnce(args, withTime) {
  const cmd = withTime ? GNU_TIME : process.execPath;
  const argv = withTime ? ["-f", "%M", process.execPath, ...args] : args;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const rssKiB = withTime ? Number.parseInt(r.stderr.trim().split("\n").pop() ?? "", 10) : null;
  return { ms, rssKiB };
}

export function coldStart({ runs = envInt("BENCH_RUNS", 15) } = {}) {
  const withTime = hasGnuTime();
  const ours = ["--no-warnings", cliBin, "validate", "-f", examplePath];
  const floor = ["-e", "0"];
  // One unmeasured run of each fills the file system cache.
  runOnce(ours, withTime);
  runOnce(floor, withTime);
  const o = [];
  const f = [];
  for (let i = 0; i < runs; i++) {
    o.push(runOnce(ours, withTime));
    f.push(runOnce(floor, withTime));
  }
  const ms = (xs) => median(xs.map((x) => x.ms));
  const rss = (xs) => (withTime ? median(xs.map((x) => x.rssKiB)) : null);
  return {
    runs,
    command: "planton validate -f examples/kubernetes-job.yaml",
    baselineCommand: "node -e 0",
    rssMethod: withTime ? "GNU time %M (child ru_maxrss, KiB)" : "not measured: /usr/bin/time not found",
    wallMs: { ours: ms(o), baseline: ms(f), ratio: ms(o) / ms(f) },
    peakRssKiB: withTime ? { ours: rss(o), baseline: rss(f), ratio: rss(o) / rss(f) } : null,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(coldStart(), null, 2));
}
