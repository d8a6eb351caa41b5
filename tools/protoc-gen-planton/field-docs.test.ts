// gen/docs/fields.json, written by `buf generate`, read by `planton explain`.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { nestedTypes } from "@bufbuild/protobuf/reflect";
import { markdownParagraphs } from "./comments.ts";
import type { FieldDocs, MessageDocs } from "./field-docs.ts";
import { celMessage } from "./kubernetes-string-rules.ts";
import { bufRegistry, repoRoot, schemaFileNames } from "./testing.ts";

const docs = JSON.parse(readFileSync(join(repoRoot, "gen", "docs", "fields.json"), "utf8")) as FieldDocs;

test("every field of KubernetesJobSpec has a comment", () => {
  const spec = docs["org.project_planton.provider.kubernetes.kubernetesjob.v1.KubernetesJobSpec"] as MessageDocs;
  assert.ok(spec, "KubernetesJobSpec is in fields.json");
  assert.match(spec.comment, /one-shot batch workload/);
  const desc = bufRegistry().getMessage("org.project_planton.provider.kubernetes.kubernetesjob.v1.KubernetesJobSpec");
  assert.deepEqual(
    Object.keys(spec.fields),
    desc?.fields.map((f) => f.name),
  );
  for (const [name, comment] of Object.entries(spec.fields))
    assert.notEqual(comment.trim(), "", `${name} has no comment`);
  assert.match(spec.fields.ttl_seconds_after_finished ?? "", /pulumi refresh/);
});

test("every message and enum of proto/ is there, with every field and value, and nothing else", () => {
  const registry = bufRegistry();
  const expected: string[] = [];
  for (const name of schemaFileNames()) {
    const file = registry.getFile(name);
    assert.ok(file);
    for (const type of nestedTypes(file)) {
      if (type.kind === "message") {
        expected.push(type.typeName);
        assert.deepEqual(
          Object.keys((docs[type.typeName] as MessageDocs).fields),
          type.fields.map((f) => f.name),
          type.typeName,
        );
      } else if (type.kind === "enum") {
        expected.push(type.typeName);
        assert.deepEqual(
          Object.keys((docs[type.typeName] as { values: object }).values),
          type.values.map((v) => v.name),
          type.typeName,
        );
      }
    }
  }
  assert.deepEqual(Object.keys(docs), expected.sort());
  assert.ok(!Object.keys(docs).some((n) => n.startsWith("buf.validate.") || n.startsWith("google.")));
});

test("comments are the proto comments without the comment markers", () => {
  const meta = docs["org.project_planton.shared.CloudResourceMetadata"] as MessageDocs;
  assert.equal(
    meta.fields.name,
    'Name of the resource, unique per kind within an environment. Used to name the\nKubernetes objects, so it must be a lowercase RFC 1123 label (at most 63\ncharacters), e.g. "data-migration".',
  );
  const kinds = docs["org.project_planton.shared.cloudresourcekind.CloudResourceKind"] as {
    values: Record<string, string>;
  };
  assert.ok("KubernetesJob" in kinds.values);
});

test("markdownParagraphs joins hard-wrapped lines and keeps paragraphs, lists and code", () => {
  assert.equal(
    markdownParagraphs(
      "Namespace of the Job, e.g.\n`batch`. A label.\n\nSecond\nparagraph:\n- one\n  more\n- two\n\n    code\n    kept",
    ),
    "Namespace of the Job, e.g. `batch`. A label.\n\nSecond paragraph:\n- one more\n- two\n\n    code\n    kept",
  );
  assert.equal(markdownParagraphs("one line"), "one line");
});

test("celMessage reads the message of a `cond ? '' : 'message'` rule, up to a concatenated value", () => {
  assert.equal(celMessage("x ? '' : 'must be a \\'label\\''"), "must be a 'label'");
  assert.equal(celMessage("x ? '' : 'set exactly one, got ' + string(n)"), "set exactly one, got");
  assert.equal(celMessage("this.size() < 3"), undefined);
});
