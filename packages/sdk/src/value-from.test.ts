import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { Message } from "@bufbuild/protobuf";
import { readTestdata } from "@planton/testing";
import { findKind, type KindInfo } from "./kinds.js";
import { load } from "./load.js";
import { validate } from "./validate.js";
import {
  describeReference,
  directoryResolver,
  fieldPathOf,
  findReferences,
  resolveReferences,
  unresolvedReferences,
} from "./value-from.js";

const jobKind = findKind("KubernetesJob") as KindInfo;
const refs = mkdtempSync(join(tmpdir(), "planton-refs-"));
after(() => rmSync(refs, { recursive: true, force: true }));

const namespaceManifest = (name: string, env: string, namespace: string) =>
  `apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesNamespace\nmetadata:\n  name: ${name}\n  env: ${env}\nstatus:\n  outputs:\n    namespace: ${namespace}\n`;
writeFileSync(join(refs, "storage-prod.yaml"), namespaceManifest("storage", "prod", "storage-prod"));
writeFileSync(join(refs, "storage-dev.yml"), namespaceManifest("storage", "dev", "storage-dev"));
writeFileSync(
  join(refs, "batch.json"),
  JSON.stringify({
    kind: "KubernetesNamespace",
    metadata: { name: "batch" },
    status: { outputs: { namespace: "batch-jobs", port: 8080 } },
  }),
);
writeFileSync(
  join(refs, "notes.txt"),
  "kind: KubernetesNamespace\nmetadata:\n  name: batch\nstatus:\n  outputs:\n    namespace: from-a-txt-file\n",
);
writeFileSync(join(refs, "broken.yaml"), "kind: [\n");

/** The literal-secrets fixture: SOURCE_BUCKET = valueFrom KubernetesNamespace/storage. */
function withReference(): Message {
  const r = load(readTestdata("kubernetes-job/valid/literal-secrets.yaml"), "job.yaml");
  assert.ok(r.ok);
  return r.manifest.message;
}

function namespaceRef(valueFrom: string): Message {
  const text = `apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesJob\nmetadata:\n  name: j\nspec:\n  namespace:\n    valueFrom:\n${valueFrom}  image:\n    repo: busybox\n`;
  const r = load(text, "job.yaml");
  assert.ok(r.ok, r.problems.map((p) => p.message).join("; "));
  return r.manifest.message;
}

const literal = (m: Message, pick: (spec: Record<string, unknown>) => unknown) =>
  (pick((m as unknown as { spec: Record<string, unknown> }).spec) as { literalOrRef: { case: string; value: unknown } })
    .literalOrRef;

describe("valueFrom references", () => {
  test("findReferences lists every valueFrom with its manifest path", () => {
    const found = findReferences(jobKind.schema, withReference());
    assert.deepEqual(
      found.map((r) => [r.path, r.ref.name, r.ref.fieldPath]),
      [["spec.env.variables.SOURCE_BUCKET", "storage", "status.outputs.namespace"]],
    );
    assert.equal(
      describeReference(found[0] as never),
      "spec.env.variables.SOURCE_BUCKET = valueFrom KubernetesNamespace/storage, field status.outputs.namespace",
    );
  });

  test("a reference without fieldPath reads status.outputs.<the referencing field's name>", () => {
    const [ref] = findReferences(jobKind.schema, namespaceRef("      name: batch\n"));
    assert.ok(ref);
    assert.equal(fieldPathOf(ref), "status.outputs.namespace");
    assert.equal(describeReference(ref), "spec.namespace = valueFrom any kind/batch, field status.outputs.namespace");
  });

  test("resolves from a directory of manifests by kind, name and env, and leaves the input unchanged", () => {
    const input = withReference();
    const r = resolveReferences(jobKind.schema, input, directoryResolver(refs, "prod"));
    assert.deepEqual(r.unresolved, []);
    assert.deepEqual(
      literal(r.message, (s) => (s.env as { variables: Record<string, unknown> }).variables.SOURCE_BUCKET),
      { case: "value", value: "storage-prod" },
    );
    assert.equal(
      literal(input, (s) => (s.env as { variables: Record<string, unknown> }).variables.SOURCE_BUCKET).case,
      "valueFrom",
    );
  });

  test("the reference's own env wins over the default env", () => {
    const m = namespaceRef("      kind: KubernetesNamespace\n      name: storage\n      env: dev\n");
    const r = resolveReferences(jobKind.schema, m, directoryResolver(refs, "prod"));
    assert.deepEqual(
      literal(r.message, (s) => s.namespace),
      { case: "value", value: "storage-dev" },
    );
  });

  test("a reference without a kind matches a manifest of any kind; JSON manifests are read too", () => {
    const r = resolveReferences(jobKind.schema, namespaceRef("      name: batch\n"), directoryResolver(refs));
    assert.deepEqual(r.unresolved, []);
    assert.deepEqual(
      literal(r.message, (s) => s.namespace),
      { case: "value", value: "batch-jobs" },
    );
  });

  test("non-string outputs resolve to their text", () => {
    const r = resolveReferences(
      jobKind.schema,
      namespaceRef("      name: batch\n      fieldPath: status.outputs.port\n"),
      directoryResolver(refs),
    );
    assert.deepEqual(
      literal(r.message, (s) => s.namespace),
      { case: "value", value: "8080" },
    );
  });

  test("unresolvable references are reported as reference.unresolved, one per reference", () => {
    const cases = [
      "      kind: KubernetesNamespace\n      name: missing\n", // no such manifest
      "      kind: KubernetesJob\n      name: storage\n", // wrong kind
      "      name: storage\n      env: staging\n", // wrong env
      "      name: batch\n      fieldPath: status.outputs.nothing\n", // no such output
      "      name: batch\n      fieldPath: status.outputs\n", // not a scalar
    ];
    for (const c of cases) {
      const r = resolveReferences(jobKind.schema, namespaceRef(c), directoryResolver(refs));
      assert.deepEqual(
        r.unresolved.map((p) => [p.path, p.rule]),
        [["spec.namespace", "reference.unresolved"]],
        c,
      );
      assert.match(r.unresolved[0]?.message ?? "", /^unresolved reference: spec\.namespace = valueFrom /);
      assert.equal(literal(r.message, (s) => s.namespace).case, "valueFrom");
    }
  });

  test("a resolved value is checked like a literal one: a resolved namespace must still be a DNS label", () => {
    writeFileSync(join(refs, "bad.yaml"), namespaceManifest("bad", "prod", "Not_A_Label"));
    const r = resolveReferences(jobKind.schema, namespaceRef("      name: bad\n"), directoryResolver(refs));
    assert.deepEqual(r.unresolved, []);
    assert.deepEqual(
      validate(jobKind.schema, r.message).violations.map((p) => [p.path, p.rule]),
      [["spec.namespace", "spec.namespace.dns_label"]],
    );
  });

  test("unresolvedReferences reports every reference left, telling how to resolve it", () => {
    const problems = unresolvedReferences(jobKind.schema, withReference());
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        "unresolved reference: spec.env.variables.SOURCE_BUCKET = valueFrom KubernetesNamespace/storage, field status.outputs.namespace; resolve it before deploying (planton resolves references with --refs DIR)",
      ],
    );
    const resolved = resolveReferences(jobKind.schema, withReference(), () => "x").message;
    assert.deepEqual(unresolvedReferences(jobKind.schema, resolved), []);
  });
});
