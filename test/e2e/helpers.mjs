// Shared pieces of the e2e tests: the repository's paths, the
// planton CLI, the kinds and their manifests, and comparing what we sent to the
// API server with what it stored.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PLANTON = join(REPO, "packages", "cli", "bin", "planton.js");

/**
 * The module packages: kind, package dir and the component type token, from the
 * CLI's one kind table (packages/cli/src/kind-modules.ts; built by `pnpm build`).
 */
const { kindDescriptors } = await import("../../packages/cli/dist/kind-modules.js");
export const KINDS = (await kindDescriptors()).map((d) => ({ kind: d.kind, dir: d.slug, component: d.type }));

export const rel = (p) => relative(REPO, p) || ".";

/**
 * Runs a command; resolves with {code, stdout, stderr, ms}. Never rejects on a
 * non-zero exit (the caller asserts); rejects when it cannot start or times out.
 */
export function run(cmd, args, { cwd = REPO, env = process.env, input, timeoutMs = 300_000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`${cmd} ${args.join(" ")} timed out after ${timeoutMs / 1000}s\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, ms: Date.now() - started });
    });
    // A child that exits without reading its input must not fail the caller (EPIPE).
    child.stdin.on("error", () => {});
    child.stdin.end(input ?? "");
  });
}

/** `planton ARGS...` with the repository's CLI. */
export function planton(args, opts = {}) {
  return run(process.execPath, [PLANTON, ...args], opts);
}

let cliMain;

/**
 * `planton ARGS...` run in this process: the CLI's own main() with its output
 * captured (what bin/planton.js runs, without a Node start-up and Pulumi import
 * per call). Resolves with {code, stdout, stderr}.
 */
export async function plantonInProcess(args) {
  cliMain ??= (await import("../../packages/cli/dist/main.js")).main;
  let stdout = "";
  let stderr = "";
  const io = {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    color: false,
    readStdin: async () => "",
  };
  const code = await cliMain(args, io, { ...process.env, NO_COLOR: "1" });
  return { code, stdout, stderr };
}

/**
 * The objects `planton render -f FILE -o json --show-secrets [EXTRA...]` prints
 * (in process, see plantonInProcess). Throws with the CLI's output and `result`
 * when it fails (exit 1: the manifest is invalid).
 */
export async function render(file, extra = []) {
  const r = await plantonInProcess(["render", "-f", file, "-o", "json", "--show-secrets", ...extra]);
  if (r.code !== 0) {
    const err = new Error(`planton render -f ${rel(file)} exited ${r.code}:\n${r.stderr}${r.stdout}`);
    err.result = r;
    throw err;
  }
  return JSON.parse(r.stdout);
}

/**
 * The environment for running pulumi (directly or through planton) in a test:
 * the caller's, without any STACK_INPUT*, with a private file backend and
 * PULUMI_HOME under `dir`, a throwaway passphrase, and no network (no update
 * check, no plugin downloads: the plugins come from the e2e toolchain on PATH).
 */
export function pulumiTestEnv(dir) {
  const env = { ...process.env };
  for (const k of ["STACK_INPUT", "STACK_INPUT_FILE", "STACK_INPUT_YAML", "STACK_INPUT_YAML_FILE"]) delete env[k];
  const state = join(dir, "state");
  mkdirSync(state, { recursive: true });
  env.PULUMI_BACKEND_URL = `file://${state}`;
  env.PULUMI_CONFIG_PASSPHRASE = "e2e";
  env.PULUMI_SKIP_UPDATE_CHECK = "true";
  env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = "true";
  // `planton pulumi` keeps its Pulumi projects (and their Pulumi.<stack>.yaml) here.
  env.PLANTON_HOME = join(dir, "planton-home");
  if (!env.PULUMI_HOME) {
    env.PULUMI_HOME = join(dir, "pulumi-home");
    mkdirSync(env.PULUMI_HOME, { recursive: true });
  }
  return env;
}

/** The Pulumi resource type of a rendered object: kubernetes:core/v1:Secret, kubernetes:helm.sh/v3:Release. */
export function pulumiType(obj) {
  const gv = obj.apiVersion.includes("/") ? obj.apiVersion : `core/${obj.apiVersion}`;
  return `kubernetes:${gv}:${obj.kind}`;
}

/** A scratch directory removed by the returned cleanup function. */
export function scratchDir(prefix = "planton-e2e-") {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The `target` of a package's hack/stack-input.yaml written as a manifest file in `dir`. */
export function hackTargetManifest(kindDir, dir) {
  const input = parseYaml(readFileSync(join(REPO, "packages", kindDir, "hack", "stack-input.yaml"), "utf8"));
  const file = join(dir, `${kindDir}-hack-target.yaml`);
  writeFileSync(file, stringifyYaml(input.target));
  return file;
}

/** testdata/<kind>/valid/*.yaml without `valueFrom` (those need an orchestrator to resolve references). */
export function validFixtures(kindDir) {
  const dir = join(REPO, "testdata", kindDir, "valid");
  const all = readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  const usable = [];
  const skipped = [];
  for (const f of all) {
    const path = join(dir, f);
    (/\bvalueFrom\b|\bvalue_from\b/.test(readFileSync(path, "utf8")) ? skipped : usable).push(path);
  }
  return { usable, skipped };
}

// ------------------------------------------------------------------ quantities

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const SUFFIX = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The numeric value of a Kubernetes quantity string, or undefined when it is not one. */
export function quantityValue(s) {
  if (typeof s !== "string") return undefined;
  const m = QUANTITY.exec(s);
  if (!m) return undefined;
  const suffix = m[2] ?? "";
  const scale = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX[suffix];
  return Number(m[1]) * scale;
}

// ------------------------------------------------------------------ comparison

/**
 * What the API server stores for a sent object, for comparison: a Secret's
 * stringData becomes base64 `data` (the server merges it and drops stringData).
 */
export function expectedStored(obj) {
  if (obj.apiVersion === "v1" && obj.kind === "Secret" && obj.stringData) {
    const { stringData, ...rest } = obj;
    const data = { ...(rest.data ?? {}) };
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), "utf8").toString("base64");
    return { ...rest, data };
  }
  return obj;
}

function isZero(v) {
  if (v === false || v === "" || v === 0 || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === "object" && Object.keys(v).length === 0;
}

/**
 * Every field of `expected` must be in `actual` with the same value; `actual`
 * may have more (defaults the server adds). Lists must have the same length and
 * are compared item by item. Quantities compare by value ("2000m" == "2"); a
 * zero value (false, "", 0, {}, []) may be absent (omitempty).
 * Returns the differences as "path: expected X, got Y" lines.
 */
export function subsetDiff(expected, actual, path = "") {
  if (expected === actual) return [];
  // Zero values of omitempty fields (readOnly: false, emptyDir: {}) are not stored.
  if (actual === undefined && isZero(expected)) return [];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list, got ${JSON.stringify(actual)}`];
    if (expected.length !== actual.length)
      return [`${path}: expected ${expected.length} items, got ${actual.length}: ${JSON.stringify(actual)}`];
    return expected.flatMap((e, i) => subsetDiff(e, actual[i], `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual))
      return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([k, v]) => subsetDiff(v, actual[k], path ? `${path}.${k}` : k));
  }
  const qe = quantityValue(expected);
  const qa = quantityValue(actual);
  if (qe !== undefined && qa !== undefined && Math.abs(qe - qa) <= Math.abs(qe) * 1e-12) return [];
  return [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** How many scalar fields `obj` holds (what subsetDiff compares). */
export function countFields(obj) {
  if (Array.isArray(obj)) return obj.reduce((n, v) => n + countFields(v), 0);
  if (obj !== null && typeof obj === "object") return Object.values(obj).reduce((n, v) => n + countFields(v), 0);
  return 1;
}
