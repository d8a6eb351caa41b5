// STACK_INPUT robustness: the cases of testdata/bad/stack-input/cases.yaml through
// the KubernetesJob module's entry (as `pulumi up` runs it, with Pulumi's mocks
// preloaded to count registrations) and through the SDK's decodeStackInput; and
// every file of the bad-input corpus, base64-encoded, through decodeStackInput.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { parse } from "yaml";
import {
  badDir,
  corpus,
  firstLine,
  matchesLine,
  moduleEntry,
  registrationsPreload,
  root,
  runNode,
  STACK_FRAME,
} from "./support/run.mjs";

const casesDir = join(badDir, "stack-input");
const cases = parse(readFileSync(join(casesDir, "cases.yaml"), "utf8"));
const tmp = mkdtempSync(join(tmpdir(), "planton-stack-input-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The environment a case runs with. */
function envOf(c) {
  if (c.env) return c.env;
  let b64 = readFileSync(join(casesDir, c.base64Of)).toString("base64");
  if (c.twice) b64 = Buffer.from(b64).toString("base64");
  if (c.cut) b64 = b64.slice(0, c.cut);
  if (c.wrap) b64 = b64.replace(new RegExp(`(.{${c.wrap}})`, "g"), "$1\n");
  return { STACK_INPUT: b64 };
}

function assertNoSecrets(c, ...texts) {
  for (const secret of c.mustNotContain ?? []) {
    for (const t of texts) assert.ok(!t.includes(secret), `the secret ${JSON.stringify(secret)} was printed:\n${t}`);
  }
}

const moduleBuilt = existsSync(moduleEntry);
const notBuilt = "module not built: packages/kubernetes-job/dist/main.js is missing";

/** Runs a support script with `inputs` as JSON on stdin; returns its outcomes by name. */
async function runAll(script, inputs) {
  const r = await runNode([join(root, "test/robustness/support", script)], {
    input: JSON.stringify(inputs),
    timeoutMs: 60_000,
  });
  assert.equal(r.hung, false, `${script} hung on one of the inputs`);
  assert.equal(r.code, 0, r.stderr);
  return new Map(JSON.parse(r.stdout).map((o) => [o.name, o]));
}

/** The checks on an in-process outcome (module run() or decodeStackInput). */
function checkOutcome(c, o) {
  assertNoSecrets(c, JSON.stringify(o));
  if (c.exit === 0) {
    assert.equal(o.ok, true, o.description);
    return;
  }
  assert.equal(o.ok, false, "a bad stack input was accepted");
  assert.equal(o.plantonError, true, `not a PlantonError:\n${o.description}`);
  assert.equal(o.code, "ERR_PLANTON_STACK_INPUT");
  assert.doesNotMatch(o.description, STACK_FRAME);
  const want = c.stderr.replace(/^error: /, "");
  const line = firstLine(o.description);
  assert.ok(matchesLine(line, want, ""), `first line\n  actual:   ${line}\n  expected: ${want}`);
}

describe("STACK_INPUT through the KubernetesJob module entry (subprocess): exit 1 with a one-paragraph error, no stack trace, nothing registered", {
  concurrency: 2,
  skip: moduleBuilt ? false : notBuilt,
}, () => {
  for (const c of cases.filter((x) => x.entry)) {
    const title =
      c.exit === 0
        ? `${c.name}: exits 0 and registers resources`
        : `${c.name}: exit 1, no stack trace, nothing registered`;
    test(title, { todo: c["known-bug"] }, async () => {
      const registrations = join(tmp, `${c.name}.json`);
      const r = await runNode(["--import", registrationsPreload, moduleEntry], {
        env: { ...envOf(c), PLANTON_TEST_REGISTRATIONS_FILE: registrations },
        cwd: join(root, "packages/kubernetes-job"),
        // Loading Pulumi takes seconds, and many on a loaded machine: a hang detector, not a timing.
        timeoutMs: 60_000,
      });
      assert.equal(r.hung, false, "the module entry hung");
      const registered = JSON.parse(readFileSync(registrations, "utf8"));
      assert.doesNotMatch(r.stderr, STACK_FRAME, `stack trace:\n${r.stderr}`);
      assert.doesNotMatch(r.stdout, STACK_FRAME, `stack trace:\n${r.stdout}`);
      assertNoSecrets(c, r.stdout, r.stderr);
      assert.equal(r.code, c.exit, `exit code; stderr:\n${r.stderr}`);
      if (c.exit === 0) {
        assert.ok(registered.length > 1, `expected the component and its children, got ${JSON.stringify(registered)}`);
        return;
      }
      assert.deepEqual(registered, [], "a bad stack input registered resources");
      const line = firstLine(r.stderr);
      assert.ok(matchesLine(line, c.stderr, ""), `first stderr line\n  actual:   ${line}\n  expected: ${c.stderr}`);
    });
  }
});

describe("STACK_INPUT through the KubernetesJob program run() under Pulumi mocks: a PlantonError before any resource is registered", {
  skip: moduleBuilt ? false : notBuilt,
}, async () => {
  const outcomes = moduleBuilt
    ? await runAll(
        "run-module-cases.mjs",
        cases.map((c) => ({ name: c.name, env: envOf(c) })),
      )
    : new Map();
  for (const c of cases) {
    const title = c.exit === 0 ? `${c.name}: registers resources` : `${c.name}: PlantonError, nothing registered`;
    test(title, { todo: c["known-bug"] }, () => {
      const o = outcomes.get(c.name);
      if (c.exit === 0) assert.ok(o.registered.length > 1, JSON.stringify(o));
      else assert.deepEqual(o.registered, [], "a bad stack input registered resources");
      checkOutcome(c, o);
    });
  }
});

describe("STACK_INPUT through the SDK's decodeStackInput: every bad input is a PlantonError (ERR_PLANTON_STACK_INPUT), never another exception", async () => {
  const outcomes = await runAll(
    "decode-stack-inputs.mjs",
    cases.map((c) => ({ name: c.name, env: envOf(c) })),
  );
  for (const c of cases) {
    test(
      `${c.name}: ${c.exit === 0 ? "decodes" : "throws a PlantonError naming the problem"}`,
      { todo: c["known-bug"] },
      () => checkOutcome(c, outcomes.get(c.name)),
    );
  }
});

describe("the bad-input corpus as STACK_INPUT (base64 of each file): decodeStackInput agrees with planton validate, and fails only with a PlantonError", async () => {
  const files = corpus().filter((c) => !c.knownBug);
  const outcomes = await runAll(
    "decode-stack-inputs.mjs",
    files.map((c) => ({ name: c.name, env: { STACK_INPUT: readFileSync(join(root, c.file)).toString("base64") } })),
  );
  // `planton validate` takes a YAML stream of several manifests (each validated on its
  // own); STACK_INPUT is one stack input, so a stream is refused there.
  const streams = new Set(["yaml-multiple-documents.yaml"]);
  for (const c of files) {
    if (streams.has(c.name)) {
      test(`${c.name}: PlantonError (a stream of manifests is not one stack input), though validate accepts each`, () => {
        const o = outcomes.get(c.name);
        assert.equal(o.ok, false, "a stream of two manifests decoded as one stack input");
        assert.equal(o.plantonError, true, `not a PlantonError:\n${o.description}`);
        assert.match(o.description, /holds 2 YAML documents/);
      });
      continue;
    }
    test(`${c.name}: ${c.exit === 0 ? "decodes, as validate accepts it" : "PlantonError, as validate rejects it"}`, () => {
      const o = outcomes.get(c.name);
      if (c.exit === 0) {
        assert.equal(o.ok, true, `validate accepts it but decodeStackInput does not:\n${o.description}`);
        return;
      }
      assert.equal(o.ok, false, "validate rejects it but decodeStackInput accepts it");
      assert.equal(o.plantonError, true, `not a PlantonError:\n${o.description}`);
      assert.equal(o.code, "ERR_PLANTON_STACK_INPUT");
      assert.doesNotMatch(o.description, STACK_FRAME);
    });
  }
});
