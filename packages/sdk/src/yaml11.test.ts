import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { altinity, job, runner } from "@planton/testing";
import { load } from "./load.js";
import { prepareManifest } from "./prepare.js";

const spec = (text: string) => {
  const r = load(text, "m.yaml");
  assert.ok(r.ok, r.ok ? "" : r.problems.map((p) => `${p.path} ${p.message}`).join("\n"));
  return (r.manifest.message as unknown as { spec: Record<string, unknown> }).spec;
};
const problems = (text: string) => {
  const r = load(text, "m.yaml");
  return r.ok ? [] : r.problems.map((p) => [p.path, p.rule, p.message]);
};
const volume = (source: string) => job(`  volumeMounts:\n    - name: v\n      mountPath: /v\n      ${source}\n`);
const mode = (m: unknown) =>
  (
    (m as { volumeMounts: { configMap?: { defaultMode: number }; secret?: { defaultMode: number } }[] }).volumeMounts[0]
      ?.configMap ?? (m as { volumeMounts: { secret: { defaultMode: number } }[] }).volumeMounts[0]?.secret
  )?.defaultMode;

describe("YAML 1.1 as the Go tools read it", () => {
  test("an unquoted 0755 in a mode field is octal (493), as the Go tools read it", () => {
    assert.equal(mode(spec(volume("configMap: {name: c, defaultMode: 0755}"))), 0o755);
    assert.equal(mode(spec(volume("secret: {name: s, defaultMode: 0400}"))), 0o400);
  });

  test("0o644, 0x1a4 and 420 are the same mode in both readings", () => {
    for (const v of ["0o644", "0x1a4", "420"])
      assert.equal(mode(spec(volume(`secret: {name: s, defaultMode: ${v}}`))), 420);
  });

  test("a decimal mode that reads as octal digits is refused, naming the octal form", () => {
    const [p] = problems(volume("secret: {name: s, defaultMode: 644}"));
    assert.deepEqual(p?.slice(0, 2), ["spec.volumeMounts[0].secret.defaultMode", "type.mode_octal"]);
    assert.match(String(p?.[2]), /write 0644 .* or 420/);
  });

  test('a quoted "0644" in a mode field is refused: it is decimal 644 to every JSON reader', () => {
    const [p] = problems(volume('configMap: {name: c, defaultMode: "0644"}'));
    assert.deepEqual(p?.slice(0, 2), ["spec.volumeMounts[0].configMap.defaultMode", "type.mode_octal"]);
  });

  test("a leading zero elsewhere is refused with both readings, unless they agree", () => {
    const [p] = problems(job("  backoffLimit: 010\n"));
    assert.deepEqual(p?.slice(0, 2), ["spec.backoffLimit", "type.ambiguous_octal"]);
    assert.match(String(p?.[2]), /octal 8, YAML 1.2 as decimal 10/);
    assert.equal(spec(job("  backoffLimit: 07\n")).backoffLimit, 7);
  });

  test("1_000 and 0b101 are read as the Go tools read them", () => {
    assert.equal(spec(job("  backoffLimit: 1_000\n")).backoffLimit, 1000);
    assert.equal(spec(job("  backoffLimit: 0b101\n")).backoffLimit, 5);
  });

  test("yes/no/on/off/y/n in bool fields are booleans; quoted they are refused with a hint", () => {
    const s = spec(job("  createNamespace: yes\n  suspend: off\n"));
    assert.equal(s.createNamespace, true);
    assert.equal(s.suspend, false);
    assert.equal(spec(job("  createNamespace: Y\n")).createNamespace, true);
    assert.equal(spec(job("  createNamespace: NO\n")).createNamespace, false);
    const [p] = problems(job('  createNamespace: "yes"\n'));
    assert.deepEqual(p?.slice(0, 2), ["spec.createNamespace", "type.bool"]);
    assert.match(String(p?.[2]), /without quotes/);
  });

  test("in string fields the text stays as written: 0755 and yes are strings", () => {
    const s = spec(job("  args: [0755, yes]\n")) as { args: string[] };
    assert.deepEqual(s.args, ["0755", "yes"]);
  });
});

describe("upstream's forms of Planton's shapes", () => {
  test("a plain string where a StringValueOrRef is expected is {value: ...}", () => {
    const text = job("  env:\n    variables:\n      MODE: apply\n").replace(
      "  namespace:\n    value: batch-jobs\n",
      "  namespace: batch-jobs\n",
    );
    const s = spec(text) as {
      namespace: { literalOrRef: { case: string; value: string } };
      env: { variables: Record<string, { literalOrRef: { value: string } }> };
    };
    assert.deepEqual(s.namespace.literalOrRef, { case: "value", value: "batch-jobs" });
    assert.equal(s.env.variables.MODE?.literalOrRef.value, "apply");
    const prepared = prepareManifest(text.replace("namespace: batch-jobs", "namespace: Batch_Jobs"), "m.yaml");
    assert.deepEqual(
      prepared.problems.map((p) => [p.path, p.rule]),
      [["spec.namespace", "spec.namespace.dns_label"]],
      "the shorthand is checked like the long form",
    );
  });

  test("an empty StackJobRunnerKubernetes spec (upstream's) validates", () => {
    const r = prepareManifest(runner().replace(/spec:\n[\s\S]*$/, "spec: {}\n"), "m.yaml");
    assert.deepEqual(r.problems, []);
  });

  test("AltinityOperatorKubernetes' namespace is upstream's plain string; Planton's former {value: ...} still reads", () => {
    assert.equal(spec(altinity("spec:\n  namespace: clickhouse\n")).namespace, "clickhouse");
    assert.equal(spec(altinity("spec:\n  namespace:\n    value: clickhouse\n")).namespace, "clickhouse");
    const [p] = problems(altinity("spec:\n  namespace:\n    valueFrom: {name: ns}\n"));
    assert.deepEqual(p?.slice(0, 2), ["spec.namespace", "type.string"]);
    assert.match(String(p?.[2]), /takes only a plain string/);
  });

  test("elsewhere a {value: ...} mapping for a plain string names the fix", () => {
    const [p] = problems(job("  command:\n    - {value: run}\n"));
    assert.deepEqual(p?.slice(0, 2), ["spec.command[0]", "type.string"]);
    assert.match(String(p?.[2]), /write command\[0\]: run|plain string/);
  });

  test("a secretRef namespace other than the workload's is refused: Kubernetes reads env secrets from the pod's namespace", () => {
    const ref = (ns: string) =>
      job(`  env:\n    secrets:\n      A:\n        secretRef: {namespace: ${ns}, name: s, key: k}\n`);
    assert.deepEqual(prepareManifest(ref("batch-jobs"), "m.yaml").problems, []);
    assert.deepEqual(
      prepareManifest(ref("other"), "m.yaml").problems.map((p) => [p.path, p.rule]),
      [["spec", "spec.env.secret_ref_namespace"]],
    );
  });
});

describe("Planton's own fields renamed to upstream's", () => {
  test("secretName, gke, eks and aks name their new names", () => {
    const [p] = problems(volume("secret: {secretName: s}"));
    assert.deepEqual(p?.slice(0, 2), ["spec.volumeMounts[0].secret.secretName", "unknown_field"]);
    assert.match(String(p?.[2]), /it is "name"/);
  });
});

describe("enum rules name the values", () => {
  test("a targetCluster without a cluster kind lists upstream's cluster kinds by name", () => {
    const r = prepareManifest(job("  targetCluster: {clusterName: prod}\n"), "m.yaml");
    assert.deepEqual(
      r.problems.map((p) => [p.path, p.rule, p.message]),
      [
        [
          "spec.targetCluster.clusterKind",
          "enum.in",
          "must be one of AzureAksCluster, AwsEksCluster, GcpGkeCluster, DigitalOceanKubernetesCluster, CivoKubernetesCluster",
        ],
      ],
    );
  });
});

describe("a %YAML 1.1 directive", () => {
  test("010 is octal without a question", () => {
    assert.equal(spec(`%YAML 1.1\n---\n${job("  backoffLimit: 010\n")}`).backoffLimit, 8);
  });
});
