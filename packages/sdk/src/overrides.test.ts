import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Message } from "@bufbuild/protobuf";
import { seedJob } from "@planton/testing";
import { applyDefaults } from "./defaults.js";
import { findKind } from "./kinds.js";
import { load } from "./load.js";
import { applyOverrides } from "./overrides.js";
import { prepareManifest } from "./prepare.js";

const kind = findKind("KubernetesJob");
assert.ok(kind);
const schema = kind.schema;

interface Job {
  metadata: { labels: Record<string, string> };
  spec: {
    parallelism?: number;
    backoffLimit?: number;
    activeDeadlineSeconds?: bigint;
    suspend?: boolean;
    restartPolicy?: string;
    command: string[];
    env?: { variables: Record<string, { literalOrRef: { case: string; value: unknown } }> };
    image?: { tag: string };
    volumeMounts: { name: string; mountPath: string }[];
    targetCluster?: { clusterKind: number };
  };
}

function seed(): Message {
  const r = load(seedJob(), "job.yaml");
  assert.ok(r.ok);
  return applyDefaults(schema, r.manifest.message);
}

function set(...sets: string[]) {
  const r = applyOverrides(schema, seed(), sets);
  return { job: r.message as unknown as Job, problems: r.problems };
}

describe("applyOverrides", () => {
  test("converts ints, bools and enum-like strings to the field's type", () => {
    const { job, problems } = set(
      "spec.parallelism=3",
      "spec.suspend=true",
      "spec.restartPolicy=OnFailure",
      "spec.activeDeadlineSeconds=60",
    );
    assert.deepEqual(problems, []);
    assert.equal(job.spec.parallelism, 3);
    assert.equal(job.spec.suspend, true);
    assert.equal(job.spec.restartPolicy, "OnFailure");
    assert.equal(job.spec.activeDeadlineSeconds, 60n);
  });

  test("accepts snake_case and camelCase paths alike", () => {
    assert.equal(set("spec.backoff_limit=0").job.spec.backoffLimit, 0);
    assert.equal(set("spec.backoffLimit=1").job.spec.backoffLimit, 1);
  });

  test("sets map entries by key: metadata.labels.team=data and quoted keys with dots", () => {
    const { job, problems } = set("metadata.labels.team=data", 'metadata.labels["app.kubernetes.io/name"]=migration');
    assert.deepEqual(problems, []);
    assert.deepEqual(job.metadata.labels, { team: "data", "app.kubernetes.io/name": "migration" });
  });

  test("sets a field of a map value, creating the entry: spec.env.variables.LOG_LEVEL.value=debug", () => {
    const { job } = set(
      "spec.env.variables.LOG_LEVEL.value=debug",
      "spec.env.variables.DATABASE_URL.value=postgres://db/x",
    );
    assert.deepEqual(job.spec.env?.variables.LOG_LEVEL?.literalOrRef, { case: "value", value: "debug" });
    assert.deepEqual(job.spec.env?.variables.DATABASE_URL?.literalOrRef, { case: "value", value: "postgres://db/x" });
  });

  test("replaces a list item by index and appends at the index one past the end", () => {
    const { job, problems } = set("spec.command[0]=python3", "spec.command[2]=--dry-run");
    assert.deepEqual(problems, []);
    assert.deepEqual(job.spec.command, ["python3", "/app/migrate.py", "--dry-run"]);
  });

  test("appends a message to a list, from YAML or field by field", () => {
    const { job, problems } = set(
      "spec.volumeMounts[0]={name: scratch, mountPath: /scratch, emptyDir: {}}",
      "spec.volumeMounts[1].name=cache",
      "spec.volumeMounts[1].mountPath=/cache",
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(
      job.spec.volumeMounts.map((m) => [m.name, m.mountPath]),
      [
        ["scratch", "/scratch"],
        ["cache", "/cache"],
      ],
    );
  });

  test("applies overrides in order: the last one wins", () => {
    assert.equal(set("spec.parallelism=2", "spec.parallelism=5").job.spec.parallelism, 5);
  });

  test("sets a protobuf enum by name and suggests the nearest name for a typo", () => {
    assert.equal(set("spec.targetCluster.clusterKind=KubernetesJob").job.spec.targetCluster?.clusterKind, 846);
    const { problems } = set("spec.targetCluster.clusterKind=KubernetesJb");
    assert.equal(problems[0]?.rule, "override.value");
    assert.match(problems[0]?.message ?? "", /unknown value "KubernetesJb"; did you mean "KubernetesJob"\?/);
  });

  test("an empty value sets an empty string; null clears the field", () => {
    assert.equal(set("spec.image.tag=").job.spec.image?.tag, "");
    assert.equal(set("spec.parallelism=null").job.spec.parallelism, undefined);
  });

  test("a bad field name names the nearest field and lists the message's fields", () => {
    const { job, problems } = set("spec.paralelism=3");
    assert.equal(job.spec.parallelism, 1, "nothing changed");
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.path, "spec.paralelism");
    assert.equal(problems[0]?.rule, "override.path");
    assert.match(
      problems[0]?.message ?? "",
      /^--set spec\.paralelism: KubernetesJobSpec has no field "paralelism"; did you mean "parallelism"\?; fields: targetCluster, namespace, /,
    );
  });

  test("a bad name deep in a path names the message it was looked up in", () => {
    const { problems } = set("spec.volumeMounts[0].nme=x");
    assert.match(problems[0]?.message ?? "", /VolumeMount has no field "nme"; did you mean "name"\?/);
  });

  test("a value of the wrong type is override.value with the decoder's message", () => {
    assert.equal(
      set("spec.parallelism=abc").problems[0]?.message,
      '--set spec.parallelism: expected an unsigned 32-bit integer, got the string "abc"',
    );
    assert.equal(
      set("spec.parallelism=-1").problems[0]?.message,
      "--set spec.parallelism: must not be negative (an unsigned 32-bit integer), got -1",
    );
    assert.equal(
      set("spec.suspend=maybe").problems[0]?.message,
      '--set spec.suspend: expected true or false, got the string "maybe"',
    );
  });

  test("structural mistakes are explained: index past the end, index on a map, field of a scalar, list without index", () => {
    const messages = ["spec.command[5]=x", "spec.command.x=1", "spec.image.repo.x=3", "spec[0]=1"].map(
      (s) => set(s).problems[0]?.message,
    );
    assert.deepEqual(messages, [
      "--set spec.command[5]: index 5 is past the end of the list (2 items; 2 appends)",
      "--set spec.command.x: spec.command is a list: use an index, e.g. spec.command[0]",
      '--set spec.image.repo.x: spec.image.repo is a scalar; it has no field "x"',
      "--set spec[0]: spec is not a list",
    ]);
  });

  test("malformed overrides are override.syntax", () => {
    for (const s of ["nonsense", "=3", "spec..a=1", "spec.command[x]=1"]) {
      assert.equal(set(s).problems[0]?.rule, "override.syntax", s);
    }
  });

  test("returns a copy and reports each bad override, applying the good ones", () => {
    const original = seed();
    const r = applyOverrides(schema, original, ["spec.parallelism=4", "spec.nope=1", "spec.suspend=true"]);
    assert.equal(r.problems.length, 1);
    assert.equal((r.message as unknown as Job).spec.parallelism, 4);
    assert.equal((r.message as unknown as Job).spec.suspend, true);
    assert.equal((original as unknown as Job).spec.parallelism, 1);
  });

  test("overrides are validated afterwards: prepareManifest rejects restartPolicy=Always from --set", () => {
    const r = prepareManifest(seedJob(), "job.yaml", { sets: ["spec.restartPolicy=Always"] });
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.problems.map((p) => [p.path, p.rule]),
      [["spec.restartPolicy", "string.in"]],
    );
  });
});
