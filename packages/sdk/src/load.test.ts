import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { job, seedJob } from "@planton/testing";
import { findKind } from "./kinds.js";
import { load, loadMessage } from "./load.js";
import type { Problem } from "./problem.js";

/** [path, rule, line, column] of each problem, for compact assertions. */
const brief = (ps: Problem[]) => ps.map((p) => [p.path, p.rule, p.line, p.column]);

describe("load", () => {
  test("loads the seed's KubernetesJob into the typed message of its kind", () => {
    const r = load(seedJob(), "job.yaml");
    assert.equal(r.ok, true);
    if (!r.ok) return;
    const m = r.manifest.message as unknown as {
      metadata: { name: string };
      spec: {
        backoffLimit?: number;
        activeDeadlineSeconds?: bigint;
        command: string[];
        env: { variables: Record<string, unknown> };
      };
    };
    assert.equal(r.manifest.kind.kind, "KubernetesJob");
    assert.equal(m.metadata.name, "data-migration");
    assert.equal(m.spec.backoffLimit, 3);
    assert.equal(m.spec.activeDeadlineSeconds, 3600n);
    assert.deepEqual(m.spec.command, ["python", "/app/migrate.py"]);
    assert.deepEqual(Object.keys(m.spec.env.variables), ["DATABASE_URL", "BATCH_SIZE"]);
    assert.deepEqual(r.manifest.sourceMap.locate("spec.backoffLimit"), { line: 30, column: 17 });
  });

  test("does not apply defaults: unset optional fields stay unset", () => {
    const r = load(job(), "job.yaml");
    assert.ok(r.ok);
    const spec = (r.manifest.message as unknown as { spec: { parallelism?: number; restartPolicy?: string } }).spec;
    assert.equal(spec.parallelism, undefined);
    assert.equal(spec.restartPolicy, undefined);
  });

  test('an unknown field is an error at its key, with "did you mean": paralelism -> parallelism', () => {
    const r = load(job("  paralelism: 4\n"), "job.yaml");
    assert.equal(r.ok, false);
    assert.deepEqual(brief(r.problems), [["spec.paralelism", "unknown_field", 10, 3]]);
    assert.equal(r.problems[0]?.message, 'unknown field "paralelism"; did you mean "parallelism"?');
    assert.equal(r.problems[0]?.file, "job.yaml");
  });

  test("an unknown field of a small message lists the message's fields", () => {
    const r = load(job("  image2: {}\n").replace("repo: ghcr.io/acme/report", "repo: x\n    tga: v1"), "job.yaml");
    assert.equal(
      r.problems.find((p) => p.path === "spec.image.tga")?.message,
      'unknown field "tga"; did you mean "tag"? (ContainerImage has repo, tag, pullSecretName)',
    );
  });

  test("a string for a number is an error at the value's position", () => {
    const r = load(job("  parallelism: four\n"), "job.yaml");
    assert.deepEqual(brief(r.problems), [["spec.parallelism", "type.integer", 10, 16]]);
    assert.equal(r.problems[0]?.message, 'expected an unsigned 32-bit integer, got the string "four"');
  });

  test("a negative number for an unsigned field is an error at the value's position", () => {
    const r = load(job("  backoffLimit: -1\n"), "job.yaml");
    assert.deepEqual(brief(r.problems), [["spec.backoffLimit", "type.range", 10, 17]]);
    assert.equal(r.problems[0]?.message, "must not be negative (an unsigned 32-bit integer), got -1");
  });

  test("a number beyond the field's type is type.range, a fraction is type.integer", () => {
    assert.deepEqual(brief(load(job("  completions: 4294967296\n"), "j").problems), [
      ["spec.completions", "type.range", 10, 16],
    ]);
    assert.deepEqual(brief(load(job("  completions: 2.5\n"), "j").problems), [
      ["spec.completions", "type.integer", 10, 16],
    ]);
  });

  test("numbers quoted as strings are accepted for integer fields, as in ProtoJSON", () => {
    const r = load(job('  completions: "4"\n'), "job.yaml");
    assert.ok(r.ok);
    assert.equal((r.manifest.message as unknown as { spec: { completions: number } }).spec.completions, 4);
  });

  test("a number written for a string field keeps its text: tag 1.20 stays '1.20'", () => {
    const r = load(job().replace("repo: ghcr.io/acme/report", "repo: x\n    tag: 1.20"), "job.yaml");
    assert.ok(r.ok);
    assert.equal((r.manifest.message as unknown as { spec: { image: { tag: string } } }).spec.image.tag, "1.20");
  });

  test("wrong shapes are errors at the value: a string for a list, a list for a map, a number for a bool", () => {
    assert.deepEqual(brief(load(job("  command: python\n"), "j").problems), [["spec.command", "type.list", 10, 12]]);
    assert.deepEqual(brief(load(job("  configMaps: [a]\n"), "j").problems), [["spec.configMaps", "type.map", 10, 15]]);
    assert.deepEqual(brief(load(job("  suspend: 1\n"), "j").problems), [["spec.suspend", "type.bool", 10, 12]]);
  });

  test("two members of a oneof are an error at the second one", () => {
    const r = load(
      job("  env:\n    secrets:\n      A:\n        value: x\n        secretRef: {name: s, key: k}\n"),
      "j",
    );
    assert.deepEqual(brief(r.problems), [["spec.env.secrets.A.secretRef", "oneof.multiple", 14, 9]]);
    assert.equal(r.problems[0]?.message, '"value" is already set: set only one of value, secretRef');
  });

  test("reports every problem of a document, not only the first", () => {
    const r = load(job("  paralelism: 4\n  suspend: maybe\n  command: x\n"), "j");
    assert.deepEqual(
      r.problems.map((p) => p.rule),
      ["unknown_field", "type.bool", "type.list"],
    );
  });

  test("multi-document input is rejected at the second document", () => {
    const r = load(`${seedJob()}---\n${seedJob()}`, "job.yaml");
    assert.deepEqual(brief(r.problems), [["", "source.multiple_documents", 36, 1]]);
  });

  test("empty input is rejected without a position", () => {
    const r = load("", "job.yaml");
    assert.deepEqual(brief(r.problems), [["", "source.empty", undefined, undefined]]);
  });

  test("a missing kind is an error at the document", () => {
    const r = load("apiVersion: kubernetes.project-planton.org/v1\nmetadata:\n  name: x\n", "job.yaml");
    assert.deepEqual(brief(r.problems), [["kind", "manifest.kind_missing", 1, 1]]);
    assert.equal(r.problems[0]?.message, "is missing: every manifest names its kind, e.g. `kind: KubernetesJob`");
  });

  test("an unknown kind is an error at its value, with a suggestion", () => {
    const r = load("apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetsJob\n", "job.yaml");
    assert.deepEqual(brief(r.problems), [["kind", "manifest.kind_unknown", 2, 7]]);
    assert.match(r.problems[0]?.message ?? "", /did you mean "KubernetesJob"\?/);
  });

  test("a kind that is not a string is manifest.kind_type", () => {
    assert.deepEqual(brief(load("kind: 5\n", "j").problems), [["kind", "manifest.kind_type", 1, 7]]);
  });

  test("binary input is rejected as source.binary", () => {
    const r = load(Buffer.from([0x0a, 0x0d, 0x08, 0x00, 0x12, 0xff]).toString("latin1"), "job.bin");
    assert.equal(r.problems[0]?.rule, "source.binary");
  });

  test("a document that is not a mapping is manifest.not_mapping", () => {
    assert.deepEqual(brief(load("- a\n- b\n", "j").problems), [["", "manifest.not_mapping", 1, 1]]);
    assert.equal(
      load("hello", "j").problems[0]?.message,
      'expected a manifest (a mapping with apiVersion, kind, metadata and spec), got the string "hello"',
    );
  });

  test("with opts.kind, a manifest of another kind is manifest.kind_mismatch", () => {
    const r = load(seedJob(), "job.yaml", { kind: "StackJobRunnerKubernetes" });
    assert.deepEqual(brief(r.problems), [["kind", "manifest.kind_mismatch", 2, 7]]);
  });

  test("JSON manifests load with positions too", () => {
    const r = load('{\n  "kind": "KubernetesJob",\n  "spec": {"paralelism": 1}\n}\n', "job.json");
    assert.deepEqual(brief(r.problems), [["spec.paralelism", "unknown_field", 3, 12]]);
  });

  test("snake_case field names load as their camelCase fields", () => {
    const r = load(job("  backoff_limit: 2\n"), "job.yaml");
    assert.ok(r.ok);
    assert.equal((r.manifest.message as unknown as { spec: { backoffLimit: number } }).spec.backoffLimit, 2);
  });

  test("absurd nesting (5000 levels) is a problem with a rule, never a stack overflow", () => {
    const r = load(`kind: KubernetesJob\nspec:\n  configMaps: ${"[".repeat(5000)}${"]".repeat(5000)}\n`, "deep.yaml");
    assert.equal(r.ok, false);
    assert.ok(
      r.problems.every((p) =>
        ["yaml.resource_exhaustion", "source.syntax", "source.too_deep", "type.map"].includes(p.rule),
      ),
      r.problems.map((p) => p.rule).join(","),
    );
  });

  test("an alias bomb stops at MAX_NODES instead of expanding (70 aliases of a mount with 1000 items)", () => {
    const items = Array(1000).fill("{key: k, path: p}").join(", ");
    const text = `kind: KubernetesJob\nspec:\n  volumeMounts:\n    - &m {name: a, mountPath: /a, configMap: {name: c, items: [${items}]}}\n${"    - *m\n".repeat(70)}`;
    const r = load(text, "bomb.yaml");
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.problems.map((p) => p.rule),
      ["source.too_many_nodes"],
    );
    assert.match(r.problems[0]?.message ?? "", /^the document expands to more than 200000 values/);
  });
});

describe("loadMessage", () => {
  test("decodes text as any message, e.g. a stack input, with positions", () => {
    const kind = findKind("KubernetesJob");
    assert.ok(kind);
    const ok = loadMessage(
      kind.stackInputSchema,
      "target:\n  kind: KubernetesJob\nkubernetesNamespace: ns\n",
      "si.yaml",
    );
    assert.equal(ok.problems.length, 0);
    assert.equal((ok.message as unknown as { kubernetesNamespace: string }).kubernetesNamespace, "ns");
    const bad = loadMessage(kind.stackInputSchema, "target:\n  kind: KubernetesJob\nnamespace: ns\n", "si.yaml");
    assert.deepEqual(brief(bad.problems), [["namespace", "unknown_field", 3, 1]]);
  });
});

describe("duplicate keys", () => {
  test("a key twice in a mapping is yaml.duplicate_key at the second key, with the mapping's path", () => {
    const r = load(
      "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesJob\nmetadata:\n  name: a\n  labels:\n    team: x\n    team: y\n",
      "dup.yaml",
    );
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.problems.map((p) => [p.path, p.rule, p.line, p.column, p.message]),
      [["metadata.labels", "yaml.duplicate_key", 7, 5, 'duplicate key "team": a key may appear once in a mapping']],
    );
  });

  test("20,000 distinct keys load in linear time (no quadratic duplicate check)", () => {
    const labels = Array.from({ length: 20_000 }, (_, i) => `    k${i}: v`).join("\n");
    const r = load(
      `apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesJob\nmetadata:\n  name: a\n  labels:\n${labels}\n`,
      "many.yaml",
    );
    assert.equal(r.ok, true, JSON.stringify(r.problems.slice(0, 2)));
  });

  test("integers keep every digit as written, above 2^53 too", () => {
    const r = load(
      "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesJob\nmetadata: {name: a}\nspec: {activeDeadlineSeconds: 9007199254740993}\n",
      "big.yaml",
    );
    assert.ok(r.ok, JSON.stringify(r.problems));
    const spec = (r.manifest.message as unknown as { spec: { activeDeadlineSeconds: bigint } }).spec;
    assert.equal(spec.activeDeadlineSeconds, 9007199254740993n);
  });

  test("a scalar written where a secret value belongs is not echoed", () => {
    const r = load(
      "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesJob\nmetadata: {name: a}\nspec:\n  env:\n    secrets:\n      API_TOKEN: tok_live_abcdef123456\n",
      "leak.yaml",
    );
    assert.equal(r.ok, false);
    assert.equal(r.problems[0]?.path, "spec.env.secrets.API_TOKEN");
    assert.ok(!JSON.stringify(r.problems).includes("tok_live"), JSON.stringify(r.problems));
  });
});
