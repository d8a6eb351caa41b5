// Hostile input, secret leaks: a generator of literal secrets that start with
// every YAML-significant character (`* ! & % @ \` | > ' " # - ? : , [ ] { }` and
// more), written unquoted where a secret goes and where it does not (a bare
// secret without its `value:` key), given with --set (right, without "=", with a
// space for the "=", at the wrong level), as kubeconfig content where a path
// belongs, and through STACK_INPUT. Every command and entry (validate, -o json,
// load-manifest, stack-input, render, decodeStackInput, the module under Pulumi's
// mocks) is scanned: stdout, stderr, error descriptions, the temporary directory
// of the run, and every input the module registers that is not a Pulumi secret.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import {
  assertNoLeak,
  assertNoStackTrace,
  b64,
  jobManifest,
  leaked,
  runSupport,
  secretStartingWith,
  YAML_FIRST_CHARACTERS,
} from "./support/hostile.mjs";
import { runCliBatch } from "./support/run.mjs";

const tmp = mkdtempSync(join(tmpdir(), "planton-hostile-secrets-"));
const runTmp = mkdtempSync(join(tmpdir(), "planton-hostile-secrets-run-"));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
  rmSync(runTmp, { recursive: true, force: true });
});
// A fake pulumi: fails unless it can read the stack input file (as the module would).
const fakePulumiDir = mkdtempSync(join(tmpdir(), "planton-hostile-secrets-pulumi-"));
const runHome = mkdtempSync(join(tmpdir(), "planton-hostile-secrets-home-"));
writeFileSync(
  join(fakePulumiDir, "pulumi"),
  // Its output goes to stderr: the batch runner's stdout is its protocol.
  '#!/bin/sh\necho "pulumi $*" >&2\ntest -r "$STACK_INPUT_FILE" || exit 3\nexit 0\n',
  { mode: 0o755 },
);
after(() => {
  rmSync(fakePulumiDir, { recursive: true, force: true });
  rmSync(runHome, { recursive: true, force: true });
});
const write = (name, text) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

const KUBE_TOKEN = "kubetoken-7d1e0c93b2a4";
const kubeconfigText = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://10.0.0.1"}}]
users: [{name: u, user: {token: ${KUBE_TOKEN}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`;

/** The manifests of one secret: written as `value: SECRET`, and bare (`TOKEN: SECRET`). */
function placements(secret, i) {
  return {
    value: write(
      `value-${i}.yaml`,
      jobManifest({ spec: ["env:", "  secrets:", "    TOKEN:", `      value: ${secret}`] }),
    ),
    bare: write(`bare-${i}.yaml`, jobManifest({ spec: ["env:", "  secrets:", `    TOKEN: ${secret}`] })),
  };
}
const valid = write("valid.yaml", jobManifest());

const fileCommands = [
  ["validate"],
  ["validate", "-o", "json"],
  ["load-manifest"],
  ["load-manifest", "-o", "json"],
  ["stack-input", "-o", "yaml"],
  ["stack-input", "-o", "json"],
  ["stack-input"],
  ["render"],
  ["render", "-o", "json"],
  // With a fake pulumi on PATH that reads the stack input file and prints what it was given.
  ["pulumi", "preview"],
];
const setCommands = [
  ["validate"],
  ["validate", "-o", "json"],
  ["load-manifest", "-o", "json"],
  ["stack-input", "-o", "yaml"],
  ["render", "-o", "json"],
];
const setForms = [
  ["with =", (s) => ["--set", `spec.env.secrets.TOKEN.value=${s}`]],
  ["without = (a colon)", (s) => ["--set", `spec.env.secrets.TOKEN.value:${s}`]],
  ["with a space for the =", (s) => ["--set", "spec.env.secrets.TOKEN.value", s]],
  ["at the wrong level", (s) => ["--set", `spec.env.secrets.TOKEN=${s}`]],
];

const cases = [];
YAML_FIRST_CHARACTERS.forEach((c, i) => {
  const secret = secretStartingWith(c, i);
  const files = placements(secret, i);
  for (const [where, file] of Object.entries(files)) {
    for (const cmd of fileCommands) {
      cases.push({ title: `${JSON.stringify(c)} ${where}: ${cmd.join(" ")}`, argv: [...cmd, "-f", file], secret });
    }
  }
  for (const [form, args] of setForms) {
    for (const cmd of setCommands) {
      cases.push({
        title: `${JSON.stringify(c)} --set ${form}: ${cmd.join(" ")}`,
        argv: [...cmd, "-f", valid, ...args(secret)],
        secret,
      });
    }
  }
});
// Kubeconfig content where a path belongs: --kubeconfig "$(cat kubeconfig)", and kubeconfigPath in a provider config.
const providerWithContentAsPath = write(
  "provider-content-as-path.yaml",
  `kubeconfigPath: ${JSON.stringify(kubeconfigText)}\n`,
);
for (const cmd of [
  ["stack-input", "-o", "yaml"],
  ["stack-input", "-o", "json"],
  ["stack-input"],
  ["render"],
  ["render", "-o", "json"],
]) {
  cases.push({
    title: `--kubeconfig CONTENT: ${cmd.join(" ")}`,
    argv: [...cmd, "-f", valid, "--kubeconfig", kubeconfigText],
    secret: KUBE_TOKEN,
  });
  cases.push({
    title: `--provider-config with kubeconfig content as kubeconfigPath: ${cmd.join(" ")}`,
    argv: [...cmd, "-f", valid, "--provider-config", providerWithContentAsPath],
    secret: KUBE_TOKEN,
  });
}
cases.forEach((c, i) => {
  c.id = String(i);
});

describe("hostile secrets through the CLI: a secret starting with any YAML-significant character is printed by no command, on no stream", async () => {
  const results = await runCliBatch(
    // A render loads Pulumi and the module: the first of a process takes seconds on a loaded machine.
    cases.map((c) => ({ id: c.id, argv: c.argv, ...(c.argv[0] === "render" ? { timeoutMs: 90_000 } : {}) })),
    { env: { TMPDIR: runTmp, HOME: runHome, PATH: `${fakePulumiDir}:${process.env.PATH}` } },
  );
  test(`${cases.length} generated invocations`, () => assert.ok(cases.length > 900));
  for (const c of cases) {
    test(c.title, () => {
      const r = results.get(c.id);
      assert.ok(!r.hung && r.crashed === undefined && r.threw === undefined, JSON.stringify(r).slice(0, 2000));
      assertNoStackTrace(r.stdout, r.stderr);
      assertNoLeak(`${r.stdout}\n${r.stderr}`, [c.secret], `(exit ${r.code})`);
      assert.ok([0, 1, 2].includes(r.code), `exit ${r.code}`);
    });
  }
  test("the run's temporary directory holds nothing afterwards (no stack input or key file left behind)", () => {
    const left = readdirSync(runTmp).filter((f) => f.startsWith("planton-"));
    assert.deepEqual(left, []);
  });
  test("the temporary directory holds no secret in any file", () => {
    const files = [];
    const walk = (d) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(runTmp);
    for (const f of files) {
      const text = readFileSync(f, "latin1");
      for (const c of cases) assert.equal(leaked(text, c.secret), undefined, `${f} holds a secret`);
    }
  });
  test("valid manifests reached the fake pulumi through a stack input file (exit 0), which is gone afterwards", () => {
    const ran = cases.filter((c) => c.argv[0] === "pulumi" && results.get(c.id).code === 0);
    assert.ok(ran.length >= 8, `only ${ran.length} pulumi runs succeeded`);
  });
  test("--kubeconfig with content: stack-input -o yaml shows it redacted under kubeconfig, not as a path", () => {
    const r = results.get(cases.find((c) => c.title === "--kubeconfig CONTENT: stack-input -o yaml").id);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /kubeconfig: <redacted>/);
    assert.doesNotMatch(r.stdout, /kubeconfigPath/);
  });
});

describe("hostile secrets through STACK_INPUT: decodeStackInput and the module under Pulumi's mocks print and register no secret in clear", async () => {
  const inputs = [];
  YAML_FIRST_CHARACTERS.forEach((c, i) => {
    const secret = secretStartingWith(c, i);
    const value = jobManifest({ spec: ["env:", "  secrets:", "    TOKEN:", `      value: ${secret}`] });
    const bare = jobManifest({ spec: ["env:", "  secrets:", `    TOKEN: ${secret}`] });
    inputs.push({ name: `${c} value STACK_INPUT`, env: { STACK_INPUT: b64(value) }, secret });
    inputs.push({ name: `${c} bare STACK_INPUT`, env: { STACK_INPUT: b64(bare) }, secret });
    inputs.push({ name: `${c} value STACK_INPUT_YAML`, env: { STACK_INPUT_YAML: value }, secret });
    const si = `target:\n${value
      .split("\n")
      .map((l) => (l === "" ? l : `  ${l}`))
      .join("\n")}`;
    inputs.push({ name: `${c} value in a stack input`, env: { STACK_INPUT: b64(si) }, secret });
  });
  // Kubeconfig content given as kubeconfigPath, in a stack input built by hand (no CLI to move it).
  inputs.push({
    name: "kubeconfig content as kubeconfigPath",
    env: {
      STACK_INPUT: b64(
        `target:\n${jobManifest()
          .split("\n")
          .map((l) => (l === "" ? l : `  ${l}`))
          .join("\n")}providerConfig:\n  kubeconfigPath: ${JSON.stringify(kubeconfigText)}\n`,
      ),
    },
    secret: KUBE_TOKEN,
    mustRegister: true,
  });
  const request = inputs.map(({ name, env }) => ({ name, env }));
  const decoded = await runSupport("decode-stack-inputs.mjs", request);
  const modules = await runSupport("module-inputs.mjs", request);
  test(`${inputs.length * 2} generated decodes and module runs`, () => assert.ok(inputs.length >= 90));
  for (const c of inputs) {
    test(`${c.name}: decodeStackInput`, () => {
      const o = decoded.get(c.name);
      if (!o.ok) assert.equal(o.plantonError, true, o.description);
      assertNoStackTrace(o.description);
      assertNoLeak(JSON.stringify(o), [c.secret]);
    });
    test(`${c.name}: the module registers it only as a Pulumi secret, or nothing`, () => {
      const o = modules.get(c.name);
      if (!o.ok) {
        assert.equal(o.plantonError, true, o.description);
        assert.equal(o.count, 0, "a bad stack input registered resources");
      }
      if (c.mustRegister) assert.ok(o.ok && o.count > 1, o.description);
      assertNoStackTrace(o.description);
      assertNoLeak(o.plain, [c.secret], "in a plain (non-secret) registered input");
      assertNoLeak(o.description ?? "", [c.secret], "in the error");
      if (c.mustRegister) assert.ok(o.secrets.join("\n").includes(KUBE_TOKEN), "the kubeconfig is no Pulumi secret");
    });
  }
});
