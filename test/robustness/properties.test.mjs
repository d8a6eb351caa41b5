// Property tests: random and mutated manifests through `planton validate -o json`
// (the CLI's main() in process, many runs; a few whole processes) and through the
// SDK. The invariants are the test names.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fc, fcParams, runMain, sdk } from "./support/in-process.mjs";
import { anyText, manifestText } from "./support/manifest-arbitraries.mjs";
import { corpus, root, runCli, STACK_FRAME } from "./support/run.mjs";

const VIOLATION_KEYS = new Set(["path", "message", "rule", "line", "column"]);

/** Asserts the shape {valid, violations:[{path, message, rule, line?, column?}]} and nothing else. */
function assertResultShape(json, text) {
  assert.deepEqual(Object.keys(json).sort(), ["valid", "violations"], "top-level keys");
  assert.equal(typeof json.valid, "boolean");
  assert.ok(Array.isArray(json.violations));
  const lines = text.split("\n").length;
  for (const v of json.violations) {
    for (const k of Object.keys(v)) assert.ok(VIOLATION_KEYS.has(k), `unexpected key ${k}`);
    assert.equal(typeof v.path, "string");
    assert.equal(typeof v.message, "string");
    assert.ok(v.message.length > 0, "empty message");
    assert.equal(typeof v.rule, "string");
    assert.ok(v.rule.length > 0, "empty rule");
    assert.equal("line" in v, "column" in v, "line and column come together");
    if ("line" in v) {
      assert.ok(Number.isInteger(v.line) && v.line >= 1 && v.line <= lines, `line ${v.line} of ${lines}`);
      assert.ok(Number.isInteger(v.column) && v.column >= 1, `column ${v.column}`);
    }
  }
}

/** The JSON-output invariants for one input; returns the parsed result. */
async function checkJsonOutput(text) {
  const r = await runMain(["validate", "-f", "-", "-o", "json"], { stdin: text });
  assert.equal(r.stderr, "", "nothing on stderr with -o json");
  assert.doesNotMatch(r.stdout, STACK_FRAME);
  let json;
  assert.doesNotThrow(
    () => {
      json = JSON.parse(r.stdout);
    },
    `stdout is not JSON: ${r.stdout.slice(0, 300)}`,
  );
  if (json.results !== undefined) {
    // A YAML stream of several manifests: {valid, results: [{file, document, valid, violations}]},
    // each result the shape of one manifest's; checked as one result with every violation.
    assert.deepEqual(Object.keys(json).sort(), ["results", "valid"], "top-level keys of a stream's result");
    for (const x of json.results) {
      assert.deepEqual(Object.keys(x).sort(), ["document", "file", "valid", "violations"]);
      assertResultShape({ valid: x.valid, violations: x.violations }, text);
      assert.equal(x.valid, x.violations.length === 0);
    }
    assert.equal(
      json.valid,
      json.results.every((x) => x.valid),
    );
    json = { valid: json.valid, violations: json.results.flatMap((x) => x.violations) };
  }
  assertResultShape(json, text);
  assert.equal(r.code, json.valid ? 0 : 1, "exit 0 iff valid, else 1 (never 2 for file content)");
  assert.equal(json.valid, json.violations.length === 0, "valid iff no violations");
  return json;
}

describe("planton validate -o json on random and mutated manifests (in process)", () => {
  test("stdout is exactly {valid, violations:[{path, message, rule, line?, column?}]}, exit 0 iff valid else 1, never 2, nothing on stderr, no stack trace", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        await checkJsonOutput(text);
      }),
      fcParams(300),
    );
  });

  test("text and JSON output agree: exit codes equal, one `error:` line per violation (plus a count when more than one)", async () => {
    await fc.assert(
      fc.asyncProperty(manifestText, async (text) => {
        const json = await checkJsonOutput(text);
        const r = await runMain(["validate", "-f", "-"], { stdin: text });
        assert.equal(r.code, json.valid ? 0 : 1);
        assert.doesNotMatch(r.stderr, STACK_FRAME);
        if (json.valid) {
          assert.match(r.stdout, /^valid: <stdin> \(/);
          assert.equal(r.stderr, "");
        } else {
          const errors = r.stderr.split("\n").filter((l) => l.startsWith("<stdin>:") || l.startsWith("error: "));
          assert.equal(errors.length, json.violations.length, r.stderr);
          if (json.violations.length > 1)
            assert.match(r.stderr, new RegExp(`\\n${json.violations.length} problems\\n$`));
        }
      }),
      fcParams(100),
    );
  });

  test("validation is deterministic: the same input gives the same output twice", async () => {
    await fc.assert(
      fc.asyncProperty(manifestText, async (text) => {
        const a = await runMain(["validate", "-f", "-", "-o", "json"], { stdin: text });
        const b = await runMain(["validate", "-f", "-", "-o", "json"], { stdin: text });
        assert.deepEqual(a, b);
      }),
      fcParams(50),
    );
  });

  test("a manifest that validates, printed by load-manifest -o json --show-secrets, validates again and prints the same (defaults are idempotent)", async () => {
    await fc.assert(
      fc.asyncProperty(manifestText, async (text) => {
        const first = await runMain(["load-manifest", "-f", "-", "-o", "json", "--show-secrets"], { stdin: text });
        fc.pre(first.code === 0);
        const again = await runMain(["validate", "-f", "-", "-o", "json"], { stdin: first.stdout });
        assert.equal(again.code, 0, again.stdout);
        const second = await runMain(["load-manifest", "-f", "-", "-o", "json", "--show-secrets"], {
          stdin: first.stdout,
        });
        assert.equal(second.stdout, first.stdout);
      }),
      fcParams(60),
    );
  });

  test("every file of the bad-input corpus gives the JSON shape, and the same verdict as its expected exit code", async () => {
    for (const c of corpus().filter((x) => !x.knownBug && x.name !== "binary-garbage.bin")) {
      const text = readFileSync(join(root, c.file), "utf8");
      const json = await checkJsonOutput(text);
      assert.equal(json.valid, c.exit === 0, c.name);
    }
  });
});

describe("numbers keep their value", () => {
  test("an unquoted 64-bit integer keeps every digit: 2^53-1 loads and prints exactly, 2^53+1 is refused, not rounded", async () => {
    const example = readFileSync(join(root, "examples/kubernetes-job.yaml"), "utf8");
    const at = (n) => example.replace("activeDeadlineSeconds: 3600", `activeDeadlineSeconds: ${n}`);
    const ok = await runMain(["load-manifest", "-f", "-", "-o", "json"], { stdin: at("9007199254740991") });
    assert.equal(ok.code, 0, ok.stderr);
    // Printed as a number, as the manifest writes it: 2^53-1 is exact in JSON.
    assert.equal(JSON.parse(ok.stdout).spec.activeDeadlineSeconds, 9007199254740991);
    const big = await runMain(["validate", "-f", "-", "-o", "json"], { stdin: at("9007199254740993") });
    assert.equal(big.code, 1);
    assert.deepEqual(
      JSON.parse(big.stdout).violations.map((v) => v.rule),
      ["uint64.lte"],
    );
  });
});

describe("the SDK on random and mutated manifests", () => {
  test("prepareManifest never throws; ok iff no problems; every problem has a path, a message and a rule", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = sdk.prepareManifest(text, "prop.yaml");
        assert.equal(r.ok, r.problems.length === 0);
        for (const p of r.problems) {
          assert.equal(typeof p.path, "string");
          assert.ok(typeof p.message === "string" && p.message !== "");
          assert.ok(typeof p.rule === "string" && p.rule !== "");
        }
      }),
      fcParams(300),
    );
  });

  test("decodeStackInput of base64 of any text either returns a validated input or throws a PlantonError (ERR_PLANTON_STACK_INPUT)", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const STACK_INPUT = Buffer.from(text).toString("base64");
        try {
          sdk.decodeStackInput({ env: { STACK_INPUT }, kind: "KubernetesJob" });
          assert.ok(sdk.prepareManifest(text, "x", { kind: "KubernetesJob" }).ok || text.includes("target"));
        } catch (e) {
          assert.ok(sdk.isPlantonError(e), `not a PlantonError: ${e?.stack ?? e}`);
          assert.equal(e.code, "ERR_PLANTON_STACK_INPUT");
        }
      }),
      fcParams(200),
    );
  });
});

describe("planton validate -o json as whole processes (a few runs: each starts Node)", () => {
  test("same invariants through node planton.js validate -f - -o json: JSON shape, exit 0 iff valid else 1, empty stderr", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        const r = await runCli(["validate", "-f", "-", "-o", "json"], { input: text });
        assert.equal(r.hung, false);
        assert.equal(r.stderr, "");
        const json = JSON.parse(r.stdout);
        assertResultShape(json, text);
        assert.equal(r.code, json.valid ? 0 : 1);
      }),
      fcParams(6),
    );
  });
});
