// Hostile input, hangs and memory: a generator of every kind of file that is not
// a regular file (directory, named pipe without a writer, named pipe whose writer
// never stops, character devices, a socket, symlink loops and dangling links, a
// sparse 5 GB file, a /proc file that stats as empty), given to every entry that
// reads a file (-f, --provider-config, --docker-config, --refs, STACK_INPUT_FILE,
// STACK_INPUT_YAML_FILE); endless standard input; and stack inputs over the
// 4 MiB limit in every format (binary included) and every variable. Nothing may
// hang or read without bound; every failure is a clear one-paragraph error
// (exit 1 for bad content, 2 for the environment), never a stack trace.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { assertNoStackTrace, jobManifest, runSupport } from "./support/hostile.mjs";
import { sdk } from "./support/in-process.mjs";
import { cliBin, runCliBatch, runNode } from "./support/run.mjs";

const tmp = mkdtempSync(join(tmpdir(), "planton-hostile-files-"));
const sockets = [];
after(() => {
  for (const s of sockets) s.close();
  rmSync(tmp, { recursive: true, force: true });
});
const valid = join(tmp, "valid.yaml");
writeFileSync(valid, jobManifest());

/** The non-regular (or hostile regular) files: [name, path, exit codes allowed]. */
function hostileFiles() {
  const p = (n) => join(tmp, n);
  mkdirSync(p("a-directory"));
  execFileSync("mkfifo", [p("fifo-without-writer")]);
  symlinkSync(p("loop-b"), p("loop-a"));
  symlinkSync(p("loop-a"), p("loop-b"));
  symlinkSync(p("nowhere"), p("dangling-link"));
  symlinkSync(p("a-directory"), p("link-to-directory"));
  symlinkSync("/dev/zero", p("link-to-dev-zero"));
  writeFileSync(p("sparse-5g.yaml"), "");
  truncateSync(p("sparse-5g.yaml"), 5 * 1024 ** 3);
  const socketPath = p("a-socket");
  const server = createServer().listen(socketPath);
  sockets.push(server);
  return [
    ["a directory", p("a-directory"), [2]],
    ["a named pipe without a writer", p("fifo-without-writer"), [2]],
    ["/dev/zero (endless character device)", "/dev/zero", [2]],
    ["/dev/urandom", "/dev/urandom", [2]],
    ["/dev/null", "/dev/null", [2]],
    ["/dev/full", "/dev/full", [2]],
    ["a symlink to /dev/zero", p("link-to-dev-zero"), [2]],
    ["a unix socket", socketPath, [2]],
    ["a symlink loop", p("loop-a"), [2]],
    ["a dangling symlink", p("dangling-link"), [2]],
    ["a symlink to a directory", p("link-to-directory"), [2]],
    ["a sparse 5 GB regular file", p("sparse-5g.yaml"), [1]],
    ["a /proc file that stats as empty", "/proc/self/status", [1]],
    ["a path with control characters", p("no\u001b[2Jsuch\u0007file"), [2]],
  ];
}
const files = hostileFiles();

/** Where a file can be given: [entry, argv for a path]. */
const entries = [
  ["-f", (f) => ["validate", "-f", f]],
  ["--provider-config", (f) => ["stack-input", "-f", valid, "--provider-config", f, "-o", "yaml"]],
  ["--docker-config", (f) => ["stack-input", "-f", valid, "--docker-config", f, "-o", "yaml"]],
  ["--refs (the directory)", (f) => ["load-manifest", "-f", valid, "--refs", f]],
];

describe("every kind of non-regular file through every CLI entry: a clear error, no hang, no unbounded read", async () => {
  const cases = [];
  for (const [kind, path, exits] of files) {
    for (const [entry, argv] of entries) {
      // --refs takes a directory: a directory is fine there, and a regular file is not one.
      const allowed = entry.startsWith("--refs") ? [0, 1, 2] : exits;
      cases.push({ id: `${kind} via ${entry}`, argv: argv(path), allowed, timeoutMs: 30_000 });
    }
    // A --refs directory holding the file as a manifest.
    const dir = mkdtempSync(join(tmp, "refs-"));
    symlinkSync(path, join(dir, "other.yaml"));
    cases.push({
      id: `${kind} as a manifest inside --refs`,
      argv: ["load-manifest", "-f", valid, "--refs", dir],
      allowed: [0, 1, 2],
      timeoutMs: 30_000,
    });
  }
  const results = await runCliBatch(cases);
  test(`${cases.length} generated cases`, () => assert.ok(cases.length >= 70));
  for (const c of cases) {
    test(c.id, () => {
      const r = results.get(c.id);
      assert.ok(!r.hung, "hung");
      assert.ok(r.crashed === undefined && r.threw === undefined, JSON.stringify(r).slice(0, 2000));
      assertNoStackTrace(r.stderr);
      assert.ok(c.allowed.includes(r.code), `exit ${r.code}, allowed ${c.allowed}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /internal error/);
      // A /proc file parses as YAML with dozens of unknown fields: one line each, but no echo of a large input.
      assert.ok(r.stderr.length + r.stdout.length < 65536, "output is not bounded");
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
      assert.doesNotMatch(r.stderr, /[\u001b\u0007]/, "control characters echoed raw");
    });
  }
});

describe("every kind of non-regular file as STACK_INPUT_FILE and STACK_INPUT_YAML_FILE: a PlantonError, no hang", async () => {
  const inputs = files.flatMap(([kind, path]) => [
    { name: `${kind} as STACK_INPUT_FILE`, env: { STACK_INPUT_FILE: path } },
    { name: `${kind} as STACK_INPUT_YAML_FILE`, env: { STACK_INPUT_YAML_FILE: path } },
  ]);
  const outcomes = await runSupport("decode-stack-inputs.mjs", inputs);
  const modules = await runSupport("module-inputs.mjs", inputs);
  for (const i of inputs) {
    test(`${i.name}: decodeStackInput and the module refuse it, nothing registered`, () => {
      for (const o of [outcomes.get(i.name), modules.get(i.name)]) {
        assert.equal(o.ok, false);
        assert.equal(o.plantonError, true, o.description);
        assertNoStackTrace(o.description);
        assert.ok(o.description.length < 16384);
      }
      assert.equal(modules.get(i.name).count, 0, "registered resources");
    });
  }
});

/** Runs `sh -c script` (with planton as $PLANTON); resolves like runNode. */
function sh(script, { timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", script], {
      env: { ...process.env, PLANTON: `${process.execPath} ${cliBin}`, NO_COLOR: "1" },
    });
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
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, hung, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
}

describe("pipes and standard input: read while bounded, never waited for forever", { concurrency: 2 }, () => {
  const fifo = (name) => {
    const path = join(tmp, name);
    execFileSync("mkfifo", [path]);
    return path;
  };
  const cases = [
    ["endless stdin (`yes |`)", () => "yes | $PLANTON validate -f -", 1, /<stdin>: the input is larger than 4 MiB/],
    ["endless NUL bytes on stdin", () => "cat /dev/zero | $PLANTON validate -f -", 1, /larger than 4 MiB/],
    [
      "5 MB of random bytes on stdin",
      () => "head -c 5000000 /dev/urandom | $PLANTON validate -f -",
      1,
      /larger than 4 MiB/,
    ],
    ["a valid manifest on stdin", () => `$PLANTON validate -f - < ${valid}`, 0, /^$/],
    ["a valid manifest through /dev/stdin (a pipe)", () => `cat ${valid} | $PLANTON validate -f /dev/stdin`, 0, /^$/],
    [
      "a named pipe whose writer sends a valid manifest",
      () => {
        const p = fifo("fifo-valid");
        return `(sleep 1; cat ${valid} > ${p}) & $PLANTON validate -f ${p}; s=$?; wait; exit $s`;
      },
      0,
      /^$/,
    ],
    [
      "a named pipe whose writer never stops",
      () => {
        const p = fifo("fifo-endless");
        return `(yes > ${p} 2>/dev/null) & w=$!; $PLANTON validate -f ${p}; s=$?; kill $w 2>/dev/null; exit $s`;
      },
      1,
      /the input is larger than 4 MiB/,
    ],
    [
      "a named pipe as STACK_INPUT_FILE whose writer never stops (the module entry)",
      () => {
        const p = fifo("fifo-endless-stack-input");
        return `(yes > ${p} 2>/dev/null) & w=$!; cd ${join(cliBin, "../../../kubernetes-job")} && STACK_INPUT_FILE=${p} ${process.execPath} --import ${join(cliBin, "../../../../test/robustness/support/count-registrations.mjs")} dist/main.js; s=$?; kill $w 2>/dev/null; exit $s`;
      },
      1,
      /larger than 4 MiB/,
    ],
  ];
  for (const [title, script, exit, stderr] of cases) {
    test(title, async () => {
      const r = await sh(script());
      assert.equal(r.hung, false, "hung");
      assertNoStackTrace(r.stderr);
      assert.equal(r.code, exit, r.stderr);
      assert.match(r.stderr, stderr);
    });
  }
});

describe("stack inputs over the 4 MiB limit, in every format and variable: refused before anything is decoded or registered", async () => {
  const kind = sdk.findKind("KubernetesJob");
  /** A stack input of about `bytes` bytes (a long args list). */
  const big = (bytes) => {
    const m = sdk.load(jobManifest(), "x.yaml").manifest.message;
    m.spec.args = Array.from({ length: Math.ceil(bytes / 1000) }, (_, i) => `${i}`.padEnd(996, "a"));
    return sdk.buildStackInput(kind, m);
  };
  const inputs = [];
  for (const mb of [4.2, 5, 20]) {
    const input = big(mb * 1024 * 1024);
    for (const format of mb === 20 ? ["binary"] : ["binary", "yaml", "json"]) {
      const bytes = Buffer.from(sdk.serializeStackInput(kind, input, format));
      const file = join(tmp, `stack-input-${mb}mb.${format}`);
      writeFileSync(file, bytes);
      inputs.push({ name: `${mb} MiB ${format} in STACK_INPUT`, env: { STACK_INPUT: bytes.toString("base64") } });
      inputs.push({ name: `${mb} MiB ${format} in STACK_INPUT_FILE`, env: { STACK_INPUT_FILE: file } });
      if (format !== "binary")
        inputs.push({ name: `${mb} MiB ${format} in STACK_INPUT_YAML`, env: { STACK_INPUT_YAML: bytes.toString() } });
    }
  }
  inputs.push({ name: "30 MB of base64 characters in STACK_INPUT", env: { STACK_INPUT: "QUFB".repeat(7_500_000) } });
  const decoded = await runSupport("decode-stack-inputs.mjs", inputs, 300_000);
  const modules = await runSupport("module-inputs.mjs", inputs, 300_000);
  test(`${inputs.length * 2} generated cases`, () => assert.ok(inputs.length >= 18));
  for (const i of inputs) {
    test(`${i.name}: "larger than 4 MiB", nothing registered`, () => {
      for (const o of [decoded.get(i.name), modules.get(i.name)]) {
        assert.equal(o.ok, false, "accepted");
        assert.equal(o.plantonError, true, o.description);
        assert.match(o.description, /larger than 4 MiB/);
      }
      assert.equal(modules.get(i.name).count, 0);
    });
  }
  test("a stack input just under the limit is not refused for its size (binary, 3 MiB)", async () => {
    const bytes = Buffer.from(sdk.serializeStackInput(kind, big(3 * 1024 * 1024), "binary"));
    const r = await runSupport("decode-stack-inputs.mjs", [
      { name: "x", env: { STACK_INPUT: bytes.toString("base64") } },
    ]);
    assert.doesNotMatch(r.get("x").description ?? "", /larger than/);
  });
  test("the CLI's own inputs: a 5 MB manifest through -f - is refused the same way", async () => {
    const r = await runNode([cliBin, "validate", "-f", "-"], { input: `${jobManifest()}#${"x".repeat(5_000_000)}\n` });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /larger than 4 MiB/);
  });
});
