// Hostile environment, crashes and exit codes: generators of write failures on
// standard output (a full device, a closed stdout, a reader that went away) for
// every command that prints; of environments that are wrong (PLANTON_PULUMI, the
// output of `pulumi stack output`, HOME, --refs); of stray positional arguments
// and repeated flags for every command; of control characters in everything a
// message may echo; and SIGINT/SIGTERM during `planton pulumi` runs and during a
// module run holding a GKE key file. Usage and environment errors exit 2 with a
// hint, never "internal error" or a stack trace; no temporary file survives.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { assertNoStackTrace, jobManifest, leaked } from "./support/hostile.mjs";
import { main, runMain } from "./support/in-process.mjs";
import { cliBin, INVISIBLE, root } from "./support/run.mjs";

const tmp = mkdtempSync(join(tmpdir(), "planton-hostile-exits-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const valid = join(tmp, "job.yaml");
writeFileSync(valid, jobManifest());
const { commands } = await import(pathToFileURL(join(root, "packages/cli/dist/commands/index.js")).href);

/** Spawns planton; `stdout`: "full" (/dev/full), "closed" (fd 1 closed), "gone" (a pipe whose reader has gone). */
function runWithStdout(argv, stdout) {
  return new Promise((resolve, reject) => {
    let child;
    if (stdout === "gone") {
      child = spawn(process.execPath, [cliBin, ...argv], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NO_COLOR: "1" },
      });
      child.stdout.destroy();
    } else {
      const redirect = stdout === "full" ? ">/dev/full" : ">&-";
      const quoted = [process.execPath, cliBin, ...argv].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
      child = spawn("sh", ["-c", `${quoted} ${redirect}`], {
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, NO_COLOR: "1" },
      });
    }
    const err = [];
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.stderr.on("data", (c) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr: Buffer.concat(err).toString() });
    });
  });
}

describe("write errors on standard output, for every command that prints: exit 2, one line, no stack trace", {
  concurrency: 2,
}, () => {
  const printing = [
    ["validate", "-f", valid],
    ["load-manifest", "-f", valid],
    ["stack-input", "-f", valid, "-o", "yaml"],
    ["render", "-f", valid],
    ["schema", "KubernetesJob"],
    ["--help"],
  ];
  for (const argv of printing) {
    for (const where of ["full", "closed", "gone"]) {
      test(`${argv.join(" ")} with stdout ${where === "full" ? "on /dev/full" : where === "closed" ? "closed" : "a pipe whose reader is gone"}`, async () => {
        const r = await runWithStdout(argv, where);
        assertNoStackTrace(r.stderr);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /^error: cannot write to standard output: .* \((ENOSPC|EBADF|EPIPE)\)$/m);
      });
    }
  }
});

/** A fake pulumi: `script` is the body of a shell script. */
function fakePulumi(name, script) {
  const dir = join(tmp, `fake-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "pulumi"), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return dir;
}

describe("wrong environments: a user or environment error with a hint (exit 2), never an internal error", async () => {
  const home = mkdtempSync(join(tmp, "home-"));
  const okPulumi = fakePulumi(
    "ok",
    `case "$*" in *"stack output"*) echo '{"namespace":"n","job_name":"j"}';; esac\nexit 0`,
  );
  const notExecutable = join(tmp, "not-executable");
  writeFileSync(notExecutable, "#!/bin/sh\n");
  const aFile = join(tmp, "a-file");
  writeFileSync(aFile, "x");
  const fifo = join(tmp, "refs-fifo");
  execFileSync("mkfifo", [fifo]);
  const cases = [];
  for (const [what, value] of [
    ["does not exist", join(tmp, "no-such-pulumi")],
    ["is a directory", tmp],
    ["is not executable", notExecutable],
    ["is /dev/null", "/dev/null"],
    ["holds control characters", join(tmp, "bad\u001b[31mpulumi")],
  ]) {
    for (const argv of [
      ["pulumi", "preview", "-f", valid],
      ["outputs", "-f", valid],
    ]) {
      cases.push([`PLANTON_PULUMI ${what}: ${argv[0]}`, argv, { PLANTON_PULUMI: value, HOME: home }]);
    }
  }
  for (const [what, printed] of [
    ["text that is not JSON", "WARNING: something\\n{}"],
    ["a JSON list", "[1, 2]"],
    ["JSON null", "null"],
    ["truncated JSON", '{"namespace": "n"'],
    ["a wrong type for an output", '{"namespace": {"x": 1}}'],
  ]) {
    const dir = fakePulumi(
      `bad-output-${cases.length}`,
      `case "$*" in *"stack output"*) printf '${printed}\\n';; esac\nexit 0`,
    );
    cases.push([
      `pulumi stack output prints ${what}: outputs`,
      ["outputs", "-f", valid],
      { PATH: `${dir}:${process.env.PATH}`, HOME: home },
    ]);
    const manifest = join(tmp, `write-status-${cases.length}.yaml`);
    writeFileSync(manifest, jobManifest());
    cases.push([
      `pulumi stack output prints ${what}: pulumi up --write-status`,
      ["pulumi", "up", "-f", manifest, "--yes", "--write-status"],
      { PATH: `${dir}:${process.env.PATH}`, HOME: home },
    ]);
  }
  for (const [what, value] of [
    ["/dev/null", "/dev/null"],
    ["a regular file", aFile],
    ["a path below a file", join(aFile, "home")],
  ]) {
    for (const argv of [
      ["pulumi", "preview", "-f", valid],
      ["outputs", "-f", valid],
    ]) {
      cases.push([
        `HOME is ${what}: ${argv[0]}`,
        argv,
        { HOME: value, PATH: `${okPulumi}:${process.env.PATH}`, PULUMI_BACKEND_URL: "" },
      ]);
    }
  }
  for (const [what, value] of [
    ["missing", join(tmp, "no-such-refs")],
    ["a regular file", aFile],
    ["/dev/null", "/dev/null"],
    ["a named pipe", fifo],
  ]) {
    for (const argv of [["load-manifest"], ["stack-input", "-o", "yaml"], ["render"], ["pulumi", "preview"]]) {
      cases.push([
        `--refs ${what}: ${argv.join(" ")}`,
        [...argv, "-f", valid, "--refs", value],
        { HOME: home, PATH: `${okPulumi}:${process.env.PATH}` },
      ]);
    }
  }
  test(`${cases.length} generated cases`, () => assert.ok(cases.length >= 40));
  for (const [title, argv, env] of cases) {
    test(title, async () => {
      const r = await runMain(argv, { env });
      const output = `${r.stdout}\n${r.stderr}`;
      assertNoStackTrace(output);
      assert.doesNotMatch(output, /internal error|this is a bug/);
      assert.equal(r.code, 2, output);
      assert.match(r.stderr, /^(hint: |Run ")/m, `no hint:\n${r.stderr}`);
      assert.doesNotMatch(output, INVISIBLE, "control characters echoed raw");
    });
  }
});

describe("stray positional arguments and repeated flags, for every command: refused with exit 2, the argument not echoed", async () => {
  const stray = "Zq7strayargument";
  const cases = [];
  for (const cmd of commands) {
    const max = cmd.positionals?.length ?? 0;
    const args = cmd.name === "pulumi" ? ["preview"] : cmd.positionals ? ["KubernetesJob"] : [];
    const hasFile = cmd.flags.some((f) => f.name === "file");
    const base = [cmd.name, ...args.slice(0, max), ...(hasFile ? ["-f", valid] : [])];
    cases.push([`${cmd.name}: one argument too many`, [...base, stray]]);
    cases.push([`${cmd.name}: two arguments too many`, [...base, stray, stray]]);
    if (hasFile) {
      // Commands that take several manifests (-f repeatable, like kubectl) accept these;
      // the ones that deploy one (pulumi, outputs) refuse them.
      if (cmd.flags.find((f) => f.name === "file").type !== "list") {
        cases.push([`${cmd.name}: -f given twice`, [...base, "-f", valid]]);
        cases.push([`${cmd.name}: -f and --manifest`, [...base, "--manifest", valid]]);
      }
      cases.push([`${cmd.name}: two files after -f`, [cmd.name, ...args.slice(0, max), "-f", valid, valid]]);
    }
    if (cmd.flags.some((f) => f.name === "set"))
      cases.push([`${cmd.name}: --set PATH VALUE (a space for the =)`, [...base, "--set", "spec.parallelism", stray]]);
    for (const f of cmd.flags.filter((x) => x.type === "string" && x.name !== "file")) {
      const v = f.choices?.[0] ?? "x";
      cases.push([`${cmd.name}: --${f.name} given twice`, [...base, `--${f.name}`, v, `--${f.name}`, v]]);
    }
  }
  test(`${cases.length} generated cases`, () => assert.ok(cases.length >= 50));
  for (const [title, argv] of cases) {
    test(title, async () => {
      const r = await runMain(argv, { env: { PATH: "/nonexistent" } });
      assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, /unexpected \d\w+ argument|more than once/);
      assert.equal(leaked(r.stderr, stray), undefined, r.stderr);
    });
  }
});

describe("control characters in everything a message may echo: escaped", async () => {
  const bad = "x\u001b[2J\u001b]0;owned\u0007\u202eevil\u0000y";
  const manifestWithBadName = join(tmp, `file${bad.replace("\u0000", "")}.yaml`);
  writeFileSync(manifestWithBadName, jobManifest());
  const cases = [
    ["an unknown command", [bad]],
    ["an unknown flag", ["validate", `--${bad}`]],
    ["a file name that does not exist", ["validate", "-f", bad]],
    ["a file name of a valid manifest", ["validate", "-f", manifestWithBadName]],
    [
      "a file name of an invalid manifest (--set)",
      ["validate", "-f", manifestWithBadName, "--set", "spec.parallelism=-1"],
    ],
    ["an -o value", ["validate", "-f", valid, "-o", bad]],
    ["a --set path", ["validate", "-f", valid, "--set", `${bad}=1`]],
    ["a --set map key", ["validate", "-f", valid, "--set", `metadata.labels.${bad}=1`]],
    ["a --set without =", ["validate", "-f", valid, "--set", bad]],
    ["an explain target", ["explain", `KubernetesJob.${bad}`]],
    ["an init kind", ["init", bad]],
    ["a schema kind", ["schema", bad]],
    ["a pulumi operation", ["pulumi", bad, "-f", valid]],
    ["a --refs directory", ["load-manifest", "-f", valid, "--refs", bad]],
    ["a --provider-config file", ["stack-input", "-f", valid, "--provider-config", bad]],
    ["a --docker-config file", ["stack-input", "-f", valid, "--docker-config", bad]],
    ["a boolean flag's value", ["validate", "-f", valid, `--help=${bad}`]],
  ];
  for (const [title, argv] of cases) {
    test(title, async () => {
      const r = await runMain(argv, { env: { PATH: "/nonexistent", PLANTON_PULUMI: join(tmp, bad) } });
      assert.doesNotMatch(`${r.stdout}${r.stderr}`, INVISIBLE, `raw control characters:\n${JSON.stringify(r)}`);
      assertNoStackTrace(r.stderr);
    });
  }
  test("the exit code of an in-process main() for an unknown command is 2", async () => {
    assert.equal(
      await main([bad], {
        out() {},
        err() {},
        stdoutIsTTY: false,
        stderrIsTTY: false,
        color: false,
        readStdin: async () => "",
      }),
      2,
    );
  });
});

/** Runs `node ...args`, waits for `marker` to exist, sends `signal`, resolves with the exit. */
function signalWhenReady(args, { env, marker, signal }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const err = [];
    child.stderr.on("data", (c) => err.push(c));
    child.stdout.on("data", () => {});
    let sent = false;
    const poll = setInterval(() => {
      if (!sent && existsSync(marker)) {
        sent = true;
        child.kill(signal);
      }
    }, 25);
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code, sig) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, signal: sig, sent, stderr: Buffer.concat(err).toString() });
    });
  });
}

describe("SIGINT and SIGTERM during `planton pulumi` runs and module runs: no temporary file is left", {
  concurrency: 2,
}, () => {
  const fakes = {
    "a pulumi that dies of the signal": "exec sleep 30",
    "a pulumi that ignores the signal and succeeds": "trap '' INT TERM; sleep 2; exit 0",
  };
  for (const signal of ["SIGINT", "SIGTERM"]) {
    for (const [kind, body] of Object.entries(fakes)) {
      for (const step of ["stack select", "up"]) {
        test(`${signal} during \`pulumi ${step}\` (${kind})`, async () => {
          const dir = mkdtempSync(join(tmp, "signal-"));
          const runTmp = join(dir, "tmp");
          mkdirSync(runTmp);
          const marker = join(dir, "started");
          const fake = fakePulumi(
            `signal-${signal}-${step.replace(" ", "-")}-${kind.length}`,
            [
              `case "$*" in *"${step === "up" ? "up --stack" : "stack select"}"*)`,
              `  ls "$(dirname "$STACK_INPUT_FILE")" > ${marker}.files; touch ${marker}; ${body};;`,
              "esac",
              "exit 0",
            ].join("\n"),
          );
          const r = await signalWhenReady([cliBin, "pulumi", "up", "-f", valid, "--yes"], {
            env: {
              PATH: `${fake}:${process.env.PATH}`,
              TMPDIR: runTmp,
              HOME: dir,
              PULUMI_BACKEND_URL: `file://${dir}`,
            },
            marker,
            signal,
          });
          assert.ok(r.sent, `pulumi ${step} never ran:\n${r.stderr}`);
          // Node's compile cache lives there too; Planton's own directories start with "planton-".
          const left = readdirSync(runTmp).filter((f) => f.startsWith("planton"));
          assert.deepEqual(left, [], "a temporary file survived the signal");
          assertNoStackTrace(r.stderr);
          assert.equal(r.code, signal === "SIGINT" ? 130 : 143, r.stderr);
        });
      }
    }
  }
  for (const signal of ["SIGINT", "SIGTERM"]) {
    test(`${signal} to a module run holding a GKE service-account key file`, async () => {
      const dir = mkdtempSync(join(tmp, "gke-"));
      const marker = join(dir, "ready");
      const script = `
        import { writeFileSync } from "node:fs";
        const kit = await import(${JSON.stringify(pathToFileURL(join(root, "packages/module-kit/dist/index.js")).href)});
        const sdk = await import(${JSON.stringify(pathToFileURL(join(root, "packages/sdk/dist/index.js")).href)});
        const schema = sdk.schemaRegistry().getMessage("org.project_planton.provider.kubernetes.KubernetesProviderConfig");
        const key = Buffer.from('{"private_key":"k"}').toString("base64");
        const config = sdk.loadMessage(schema, \`gke: {clusterEndpoint: 1.2.3.4, clusterCaData: Y2E=, serviceAccountKeyBase64: "\${key}"}\`).message;
        kit.providerArgs(config);
        writeFileSync(${JSON.stringify(marker)}, "");
        setInterval(() => {}, 1000);
      `;
      const runTmp = join(dir, "tmp");
      mkdirSync(runTmp);
      const r = await signalWhenReady(["--input-type=module", "-e", script], {
        env: { TMPDIR: runTmp },
        marker,
        signal,
      });
      assert.ok(r.sent, r.stderr);
      assert.equal(r.signal, signal, `did not die of ${signal}: ${r.code} ${r.stderr}`);
      const left = readdirSync(runTmp).filter((f) => f.startsWith("planton"));
      assert.deepEqual(left, [], "the key file survived the signal");
    });
  }
});
