// Runs every benchmark, prints one table (benchmark, ours, baseline, ratio) and
// writes bench/results/latest.json with the machine, versions and all numbers.
// See bench/README.md. Quick run: BENCH_RUNS=3 BENCH_SECONDS=0.3 node bench/run.mjs
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { coldStart } from "./cold-start.mjs";
import { envInt, environment, envNumber, root } from "./lib.mjs";
import { validationThroughput } from "./throughput.mjs";

const loadAtStart = loadavg()[0];
const fmt = (n, digits = 1) => (n === null || n === undefined ? "–" : n.toFixed(digits));
const rate = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const rows = [["benchmark", "ours", "baseline", "ratio"]];
const log = (s) => process.stderr.write(`${s}\n`);

log(`cold start (${envInt("BENCH_RUNS", 15)} runs each)...`);
const cold = coldStart();
rows.push([
  "CLI cold start, wall (median; baseline node -e 0)",
  `${fmt(cold.wallMs.ours)} ms`,
  `${fmt(cold.wallMs.baseline)} ms`,
  `${fmt(cold.wallMs.ratio, 2)}x`,
]);
rows.push(
  cold.peakRssKiB
    ? [
        "CLI cold start, peak RSS (median)",
        `${fmt(cold.peakRssKiB.ours / 1024)} MiB`,
        `${fmt(cold.peakRssKiB.baseline / 1024)} MiB`,
        `${fmt(cold.peakRssKiB.ratio, 2)}x`,
      ]
    : ["CLI cold start, peak RSS", "not measured", "(no /usr/bin/time)", "–"],
);

log(`validation throughput (${2 * envNumber("BENCH_SECONDS", 1)} s per side and manifest)...`);
const thr = await validationThroughput();
for (const r of thr.results) {
  rows.push([
    `validate ${r.name} KubernetesJob (${(r.bytes / 1024).toFixed(1)} KiB; baseline JSON.parse+fromJson)`,
    `${rate(r.oursPerSecond)} /s`,
    `${rate(r.baselinePerSecond)} /s`,
    `${fmt(r.ratio, 1)}x slower`,
  ]);
}

log("module cost under Pulumi mocks (child process)...");
const child = spawnSync(process.execPath, [join(root, "bench/module-cost.mjs")], {
  cwd: root,
  encoding: "utf8",
  env: process.env,
  timeout: 600_000,
  maxBuffer: 64 * 1024 * 1024,
});
const line = child.stdout?.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
const mod = line
  ? JSON.parse(line.slice("BENCH_RESULT ".length))
  : { status: "failed", detail: `exit ${child.status}: ${(child.stderr ?? "").split("\n").slice(0, 5).join(" | ")}` };
if (mod.status === "ok") {
  for (const p of mod.points) {
    rows.push([
      `KubernetesJob module, register ${p.resources.length} resources, ${p.envVariables} env var${p.envVariables === 1 ? "" : "s"} (baseline plain @pulumi/kubernetes)`,
      `${fmt(p.oursMs)} ms`,
      `${fmt(p.baselineMs)} ms`,
      `${fmt(p.ratio, 2)}x`,
    ]);
  }
} else {
  rows.push([`KubernetesJob module cost: ${mod.status}`, "–", "–", "–"]);
  log(`module cost: ${mod.status}: ${mod.detail ?? ""}`);
}

const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const printed = rows.map(
  (r) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`,
);
printed.splice(1, 0, `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
process.stdout.write(`${printed.join("\n")}\n`);

const results = {
  date: new Date().toISOString(),
  ...environment(),
  loadAverage1mAtStart: loadAtStart,
  settings: { BENCH_RUNS: envInt("BENCH_RUNS", 15), BENCH_SECONDS: envNumber("BENCH_SECONDS", 1) },
  coldStart: cold,
  validationThroughput: thr,
  moduleCost: mod,
  table: rows,
};
mkdirSync(join(root, "bench/results"), { recursive: true });
writeFileSync(join(root, "bench/results/latest.json"), `${JSON.stringify(results, null, 2)}\n`);
log("wrote bench/results/latest.json");
