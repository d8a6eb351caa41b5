// Writes the performance table of the README from bench/results/latest.json (what
// `node bench/run.mjs` wrote), between the README's bench:table markers.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./lib.mjs";

const results = JSON.parse(readFileSync(join(root, "bench/results/latest.json"), "utf8"));
// Laid out as the repository's formatter (Biome) lays out a Markdown table.
const rows = results.table.map((r) => r.map((c) => c.trim()));
const widths = rows[0].map((_, i) => Math.max(3, ...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
const table = [
  line(rows[0]),
  `| ${widths.map((w, i) => (i === 0 ? "-".repeat(w) : `${"-".repeat(w - 1)}:`)).join(" | ")} |`,
  ...rows.slice(1).map(line),
].join("\n");
const m = results.machine;
const about = `${results.date.slice(0, 16).replace("T", " ")} UTC, commit ${results.commit?.sha.slice(0, 10) ?? "?"}${results.commit?.dirty ? " (dirty)" : ""}; ${m.cpus} × ${m.model}, Node ${results.node}; load average ${results.loadAverage1mAtStart.toFixed(1)} at the start and ${m.loadAverage1m.toFixed(1)} at the end of the run (a busy machine stretches wall time; CPU time and the ratios hold better).`;
const readmePath = join(root, "README.md");
const readme = readFileSync(readmePath, "utf8");
const start = "<!-- bench:table:start (node bench/run.mjs && node bench/update-readme.mjs) -->";
const end = "<!-- bench:table:end -->";
const a = readme.indexOf(start);
const b = readme.indexOf(end);
if (a < 0 || b < a) throw new Error("README.md has no bench:table markers");
writeFileSync(readmePath, `${readme.slice(0, a + start.length)}\n${about}\n\n${table}\n${readme.slice(b)}`);
console.error("updated the performance table of README.md");
