// Shared by the benchmarks: paths, the manifests they measure, timing loops and
// the description of the machine and versions that goes into the results.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, freemem, loadavg, release, totalmem, type } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));
export const examplePath = join(root, "examples/kubernetes-job.yaml");
export const cliBin = join(root, "packages/cli/bin/planton.js");

/** An integer from the environment, or `fallback`. */
export function envInt(name, fallback) {
  const v = Number.parseInt(process.env[name] ?? "", 10);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** A number from the environment, or `fallback`. */
export function envNumber(name, fallback) {
  const v = Number.parseFloat(process.env[name] ?? "");
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Imports a built workspace file (e.g. "packages/sdk/dist/index.js"). */
export function importBuilt(relative) {
  return import(pathToFileURL(join(root, relative)).href);
}

/** Imports `specifier` as resolved from the workspace package `pkgDir` (its own node_modules). */
export async function importFrom(pkgDir, specifier) {
  const { createRequire } = await import("node:module");
  const require = createRequire(join(root, pkgDir, "package.json"));
  return import(pathToFileURL(require.resolve(specifier)).href);
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Calls `fn` as often as fits in `seconds` and returns the rate, by wall time and
 * by this process's CPU time (user + system: what a busy machine does not
 * inflate as much). Iterations are counted whole: the loop checks the clock
 * between calls, never inside one.
 */
function rate(fn, seconds) {
  let n = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    fn();
    n++;
    now = performance.now();
  }
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: n / ((now - start) / 1000), cpuUsPerOp: (cpu.user + cpu.system) / n, iterations: n };
}

/**
 * Rates of two synchronous operations: a warm-up of both, then `rounds` short
 * time boxes of each, alternating (a, b, a, b, ...) so that a burst of other work
 * on the machine hits both alike; the median round of each is reported.
 */
export function throughputPair(a, b, { warmupSeconds = 0.3, seconds = 1, rounds = 5 } = {}) {
  rate(a, warmupSeconds);
  rate(b, warmupSeconds);
  const ra = [];
  const rb = [];
  for (let i = 0; i < rounds; i++) {
    ra.push(rate(a, seconds / rounds));
    rb.push(rate(b, seconds / rounds));
  }
  const summary = (rs) => ({
    perSecond: median(rs.map((r) => r.perSecond)),
    cpuUsPerOp: median(rs.map((r) => r.cpuUsPerOp)),
    iterations: rs.reduce((n, r) => n + r.iterations, 0),
  });
  return { a: summary(ra), b: summary(rb) };
}

/**
 * Times two async operations alternately (a, b, a, b, ...) so that drift in the
 * machine or the runtime hits both alike: a warm-up period, then iterations until
 * `seconds` have passed and each side ran at least `minIterations` times.
 * Returns the median milliseconds of each.
 */
export async function timeAsyncPair(a, b, { warmupSeconds = 0.3, seconds = 2, minIterations = 7 } = {}) {
  let i = 0;
  const warmEnd = performance.now() + warmupSeconds * 1000;
  while (performance.now() < warmEnd || i < 2) {
    await a(i);
    await b(i);
    i++;
  }
  const ta = [];
  const tb = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end || ta.length < minIterations) {
    let t0 = performance.now();
    await a(i);
    ta.push(performance.now() - t0);
    t0 = performance.now();
    await b(i);
    tb.push(performance.now() - t0);
    i++;
  }
  return { a: { medianMs: median(ta), iterations: ta.length }, b: { medianMs: median(tb), iterations: tb.length } };
}

/**
 * The large KubernetesJob of the throughput benchmark: the example with `envCount`
 * plain env variables, `configMapCount` config maps and as many volume mounts
 * (each mounting one of the config maps), all valid.
 */
export function largeManifest({ envCount = 500, configMapCount = 100, mountCount = 100 } = {}) {
  const lines = [
    "apiVersion: kubernetes.project-planton.org/v1",
    "kind: KubernetesJob",
    "metadata:",
    "  name: large-job",
    "  labels:",
    "    team: data",
    "spec:",
    "  namespace:",
    "    value: batch-jobs",
    "  createNamespace: true",
    "  image:",
    "    repo: myregistry/migration-runner",
    "    tag: v1.2.0",
    "  env:",
    "    variables:",
  ];
  for (let i = 0; i < envCount; i++) {
    lines.push(`      VAR_${String(i).padStart(4, "0")}:`, `        value: "value-${i}"`);
  }
  lines.push("    secrets:", "      DATABASE_PASSWORD:", "        secretRef:", "          name: db-credentials");
  lines.push("          key: password");
  lines.push("  configMaps:");
  for (let i = 0; i < configMapCount; i++) {
    lines.push(`    config-${i}: |`, `      key-${i}: value-${i}`, "      mode: batch");
  }
  lines.push("  volumeMounts:");
  for (let i = 0; i < mountCount; i++) {
    lines.push(
      `    - name: config-${i}`,
      `      mountPath: /etc/config/${i}`,
      "      readOnly: true",
      "      configMap:",
      `        name: config-${i % Math.max(configMapCount, 1)}`,
    );
  }
  lines.push("  backoffLimit: 3", "  command:", "    - python", "    - /app/migrate.py", "");
  return lines.join("\n");
}

function packageVersion(pkgDir, name) {
  try {
    const file = name ? join(root, pkgDir, "node_modules", name, "package.json") : join(root, pkgDir, "package.json");
    return JSON.parse(readFileSync(file, "utf8")).version;
  } catch {
    return null;
  }
}

/** The commit measured, and whether the working tree had changes. */
function commit() {
  const git = (args) => spawnSync("git", args, { cwd: root, encoding: "utf8" });
  const head = git(["rev-parse", "HEAD"]);
  if (head.status !== 0) return null;
  return { sha: head.stdout.trim(), dirty: git(["status", "--porcelain"]).stdout.trim() !== "" };
}

/** The machine, Node and the versions of what the benchmarks run. */
export function environment() {
  const cpuList = cpus();
  return {
    commit: commit(),
    machine: {
      cpus: cpuList.length,
      model: cpuList[0]?.model ?? "unknown",
      memoryBytes: totalmem(),
      freeMemoryBytes: freemem(),
      os: `${type()} ${release()} ${process.arch}`,
      // Other work on the machine slows every number; the load says how busy it was.
      loadAverage1m: loadavg()[0],
    },
    node: process.version,
    packages: {
      "@planton/sdk": packageVersion("packages/sdk"),
      "@planton/cli": packageVersion("packages/cli"),
      "@planton/kubernetes-job": packageVersion("packages/kubernetes-job"),
      "@bufbuild/protobuf": packageVersion("packages/sdk", "@bufbuild/protobuf"),
      "@bufbuild/protovalidate": packageVersion(".", "@bufbuild/protovalidate"),
      yaml: packageVersion("packages/sdk", "yaml"),
      "@pulumi/pulumi": packageVersion("packages/kubernetes-job", "@pulumi/pulumi"),
      "@pulumi/kubernetes": packageVersion("packages/kubernetes-job", "@pulumi/kubernetes"),
    },
  };
}
