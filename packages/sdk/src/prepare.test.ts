import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fixtures, job, mutate, mutationArb, seedJob } from "@planton/testing";
import fc from "fast-check";
import { fastPrepare } from "./fast-load.js";
import { load } from "./load.js";
import { prepareManifest, preparePositional } from "./prepare.js";
import type { Problem } from "./problem.js";

const valid = fixtures().filter((f) => f.group === "valid");

/** The invariant of prepareManifest: ok with a manifest and no problems, or not ok with well-formed problems. */
function assertResult(r: ReturnType<typeof prepareManifest>, text: string): void {
  if (r.ok) {
    assert.ok(r.manifest);
    assert.deepEqual(r.problems, []);
    return;
  }
  assert.ok(r.problems.length > 0, `not ok without a problem:\n${text}`);
  for (const p of r.problems as Problem[]) {
    assert.equal(typeof p.path, "string");
    assert.ok(p.message.length > 0, "problem without a message");
    assert.ok(/^[a-z0-9_.]+$/.test(p.rule), `odd rule id ${p.rule}`);
    if (p.line !== undefined) assert.ok(p.line >= 1 && (p.column ?? 0) >= 1, `bad position ${p.line}:${p.column}`);
  }
}

describe("prepareManifest", () => {
  test("a JSON manifest's `$schema` is ignored, by the fast path and the positional one", () => {
    const manifest = {
      $schema: "https://project-planton.org/schemas/planton.schema.json",
      apiVersion: "kubernetes.project-planton.org/v1",
      kind: "KubernetesJob",
      metadata: { name: "json-job" },
      spec: { namespace: { value: "jobs" }, image: { repo: "busybox" } },
    };
    const text = JSON.stringify(manifest, null, 2);
    assert.ok(
      fastPrepare(text, "job.json", undefined, () => {}),
      "the fast path answers",
    );
    const positional = preparePositional(text, "job.json");
    assert.deepEqual(positional.problems, []);
    assert.ok(positional.ok);
    assert.ok(prepareManifest(text, "job.json").ok);
    // YAML too, and only at the root: elsewhere it is an unknown field.
    assert.deepEqual(load(`$schema: ./planton.schema.json\n${job()}`).problems, []);
    const nested = load(job("  $schema: x\n"));
    assert.deepEqual(
      nested.problems.map((p) => [p.path, p.rule]),
      [["spec.$schema", "unknown_field"]],
    );
    // Not a string: not a schema reference, so it is reported.
    assert.deepEqual(
      load(`$schema: 3\n${job()}`).problems.map((p) => [p.path, p.rule]),
      [["$schema", "unknown_field"]],
    );
  });

  test("load, defaults, overrides and validation in one step: the seed with --set is ready to deploy", () => {
    const r = prepareManifest(seedJob(), "job.yaml", { sets: ["spec.parallelism=2"] });
    assert.ok(r.ok);
    const spec = (r.manifest.message as unknown as { spec: { parallelism: number; completions: number } }).spec;
    assert.deepEqual([spec.parallelism, spec.completions], [2, 1]);
  });

  test("a load failure has no manifest; a rule failure keeps the manifest that was read", () => {
    const broken = prepareManifest("kind: Nope\n", "x.yaml");
    assert.equal(broken.manifest, undefined);
    const invalid = prepareManifest(job("  restartPolicy: Always\n"), "job.yaml");
    assert.equal(invalid.ok, false);
    assert.ok(invalid.manifest);
  });

  test("a bad override stops before validation and names the override", () => {
    const r = prepareManifest(seedJob(), "job.yaml", { sets: ["spec.paralelism=2"] });
    assert.deepEqual(
      r.problems.map((p) => p.rule),
      ["override.path"],
    );
  });

  test("property: mutated valid fixtures never throw and always yield a manifest or problems", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (f, mutations, asJson) => {
          const text = mutate(f.text, mutations, asJson);
          assertResult(prepareManifest(text, f.file), text);
        },
      ),
      { numRuns: 100 },
    );
  });

  test("property: characters inserted or deleted anywhere in a valid fixture never make prepareManifest throw", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.nat(),
        fc.nat(8),
        fc.string({ unit: "grapheme", maxLength: 8 }),
        (f, at, del, ins) => {
          const i = at % (f.text.length + 1);
          const text = f.text.slice(0, i) + ins + f.text.slice(i + del);
          assertResult(prepareManifest(text, f.file), text);
        },
      ),
      { numRuns: 100 },
    );
  });

  test("property: random text never makes prepareManifest throw", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme", maxLength: 200 }), fc.json({ maxDepth: 4 })), (text) => {
        assertResult(prepareManifest(text, "random.yaml"), text);
      }),
      { numRuns: 100 },
    );
  });

  test("property: random --set overrides on the seed never throw and always yield a manifest or problems", () => {
    const path = fc.oneof(
      fc.constantFrom(
        "spec.parallelism",
        "spec.env.variables.X.value",
        "metadata.labels.team",
        "spec.volumeMounts[0]",
        "spec.command[0]",
        "spec.image",
        "spec",
      ),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(path, fc.string({ unit: "grapheme", maxLength: 20 })), { maxLength: 3 }),
        (sets) => {
          const r = prepareManifest(seedJob(), "job.yaml", { sets: sets.map(([p, v]) => `${p}=${v}`) });
          assertResult(r, sets.join("\n"));
        },
      ),
      { numRuns: 100 },
    );
  });

  test("property: load of a mutated fixture is ok exactly when it reports no problem", () => {
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.array(mutationArb, { maxLength: 3 }), (f, mutations) => {
        const r = load(mutate(f.text, mutations), f.file);
        assert.equal(r.ok, r.problems.length === 0);
        assert.equal(r.ok, r.manifest !== undefined);
      }),
      { numRuns: 100 },
    );
  });
});

describe("problems in overridden values", () => {
  test("point at the --set that wrote them, not at a line of the file", () => {
    const text =
      "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesJob\nmetadata: {name: a}\nspec:\n  namespace: {value: ns}\n  image: {repo: r}\n";
    const r = prepareManifest(text, "job.yaml", { sets: ["spec.restart_policy=Always"] });
    assert.equal(r.ok, false);
    assert.deepEqual(r.problems, [
      {
        path: "spec.restartPolicy",
        message: "must be in list [OnFailure, Never] (set by --set spec.restartPolicy)",
        rule: "string.in",
        file: "job.yaml",
      },
    ]);
  });
});
