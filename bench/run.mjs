// Runs every benchmark, prints one table (benchmark, ours, baseline, ratio) and
// writes bench/results/latest.json with the machine, versions and all numbers.
// See bench/README.md. Quick run: BENCH_RUNS=3 BENCH_SECONDS=0.3 node bench/run.mjs
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { coldStart } from "./cold-start.mjs";
import { goPeer } from "./go-peer.mjs";
import { envInt, environment, envNumber, root } from "./lib.mjs";
import { validationThroughput } from "./throughput.mjs";

const loadAtStart = loadavg()[0];
const fmt = (n, digits = 1) => (n === null || n === undefined ? "–" : n.toFixed(digits));
const rate = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const rows = [["benchmark", "ours", "baseline", "ratio (wall)", "ratio (CPU)", "target"]];
const log = (s) => process.stderr.write(`${s}\n`);
const ratio = (r, suffix = "x") => (r === null || r === undefined ? "–" : `${fmt(r, r < 10 ? 2 : 1)}${suffix}`);
const target = (r, max, what = "") =>
  r === null || r === undefined ? "–" : `≤ ${max}x${what}: ${r <= max ? "met" : "not met"}`;

log(`cold start (${envInt("BENCH_RUNS", 15)} runs each)...`);
const cold = coldStart();
rows.push([
  "CLI cold start, `planton validate -f` the example (median; baseline `node -e 0`)",
  `${fmt(cold.wallMs.ours)} ms wall, ${fmt(cold.cpuMs?.ours, 0)} ms CPU`,
  `${fmt(cold.wallMs.baseline)} ms, ${fmt(cold.cpuMs?.baseline, 0)} ms`,
  ratio(cold.wallMs.ratio),
  ratio(cold.cpuMs?.ratio),
  target(cold.cpuMs?.ratio ?? cold.wallMs.ratio, 2, " (CPU)"),
]);
rows.push([
  "  step: the same CLI unbundled (dist/main.js, ~200 modules)",
  `${fmt(cold.unbundled.wallMs.ours)} ms, ${fmt(cold.unbundled.cpuMs?.ours, 0)} ms`,
  `${fmt(cold.unbundled.wallMs.baseline)} ms, ${fmt(cold.unbundled.cpuMs?.baseline, 0)} ms`,
  ratio(cold.unbundled.wallMs.ratio),
  ratio(cold.unbundled.cpuMs?.ratio),
  "",
]);
rows.push(
  cold.peakRssKiB
    ? [
        "CLI cold start, peak RSS (median)",
        `${fmt(cold.peakRssKiB.ours / 1024)} MiB`,
        `${fmt(cold.peakRssKiB.baseline / 1024)} MiB`,
        ratio(cold.peakRssKiB.ratio),
        "",
        "",
      ]
    : ["CLI cold start, peak RSS", "not measured", "(no /usr/bin/time)", "–", "–", ""],
);

log(`validation throughput (${2 * envNumber("BENCH_SECONDS", 1)} s per side and manifest)...`);
const thr = await validationThroughput();
const stepNames = {
  positional: "  step: the positional path alone (YAML with positions → decode → defaults → validate)",
  generatedValidate: "  step: validation alone, generated validators",
  protovalidate: "  step: validation alone, protovalidate (the oracle; what validation cost before)",
};
for (const r of thr.results) {
  rows.push([
    `validate a ${r.name} KubernetesJob (${(r.bytes / 1024).toFixed(1)} KiB), in process (baseline \`JSON.parse\` + \`fromJson\`)`,
    `${rate(r.oursPerSecond)}/s, ${fmt(r.cpuUsPerOp.ours, 0)} µs CPU`,
    `${rate(r.baselinePerSecond)}/s, ${fmt(r.cpuUsPerOp.baseline, 0)} µs`,
    ratio(r.ratio, "x slower"),
    ratio(r.cpuRatio, "x"),
    target(r.cpuRatio, 5, " (CPU)"),
  ]);
  for (const [step, name] of Object.entries(stepNames)) {
    const m = r.steps[step];
    rows.push([
      name,
      `${rate(m.oursPerSecond)}/s, ${fmt(m.cpuUsPerOp.ours, m.cpuUsPerOp.ours < 10 ? 1 : 0)} µs`,
      `${rate(m.baselinePerSecond)}/s, ${fmt(m.cpuUsPerOp.baseline, 0)} µs`,
      ratio(m.ratio, "x"),
      ratio(m.cpuRatio, "x"),
      "",
    ]);
  }
}

log("the Go peer (YAML → protojson → buf.build/go/protovalidate)...");
const go = goPeer();
for (const r of thr.results) {
  const peer = go.status === "ok" ? go.results.find((x) => x.name === r.name) : undefined;
  if (!peer) {
    rows.push([`validate a ${r.name} KubernetesJob: the Go peer`, go.status, go.reason ?? "", "–", "–", ""]);
    continue;
  }
  // Here the ratio is how many times the Go peer's throughput ours is (higher is better).
  rows.push([
    `validate a ${r.name} KubernetesJob against the Go peer (protovalidate-go ${go.protovalidate}; ratio = our throughput / Go's)`,
    `${rate(r.oursPerSecond)}/s, ${fmt(r.cpuUsPerOp.ours, 0)} µs CPU`,
    `${rate(peer.perSecond)}/s, ${fmt(peer.cpuUsPerOp, 0)} µs${peer.valid ? "" : " (invalid!)"}`,
    ratio(r.oursPerSecond / peer.perSecond, "x"),
    ratio(peer.cpuUsPerOp / r.cpuUsPerOp.ours, "x"),
    r.name === "typical" ? `≥ 2x (CPU): ${peer.cpuUsPerOp / r.cpuUsPerOp.ours >= 2 ? "met" : "not met"}` : "",
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
      "–",
      target(p.ratio, 1.1, " (wall)"),
    ]);
  }
} else {
  rows.push([`KubernetesJob module cost: ${mod.status}`, "–", "–", "–", "–", "≤ 1.1x: not measured"]);
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
  goPeer: go,
  moduleCost: mod,
  table: rows,
};
mkdirSync(join(root, "bench/results"), { recursive: true });
writeFileSync(join(root, "bench/results/latest.json"), `${JSON.stringify(results, null, 2)}\n`);
log("wrote bench/results/latest.json");
