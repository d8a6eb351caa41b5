// Generation end to end: buf runs the plugin as buf.gen.yaml does; the output is
// the same every time and is what gen/ holds; schema changes the hand-written
// tables do not know about stop generation.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { clone, create, getExtension, setExtension } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, type FieldOptions, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { field as fieldRules, predefined } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { findKinds } from "./kinds.ts";
import { generate, plantonPlugin } from "./plugin.ts";
import { buf, bufImage, bufRegistry, repoRoot, schemaFileNames } from "./testing.ts";

const main = join(repoRoot, "tools", "protoc-gen-planton", "main.ts");

/** Runs `buf generate` with this plugin only, into a new directory; returns its files. */
function bufGenerate(): Map<string, Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "planton-gen-"));
  try {
    const template = join(dir, "buf.gen.yaml");
    const plugin = (emit: string) =>
      `  - local: [${JSON.stringify(process.execPath)}, ${JSON.stringify(main)}]\n    out: ${emit}\n    strategy: all\n    opt: [emit=${emit}]\n`;
    writeFileSync(
      template,
      `version: v2\ninputs:\n  - directory: proto\nplugins:\n${plugin("jsonschema")}${plugin("docs")}`,
    );
    execFileSync(buf, ["generate", "--template", template, "-o", join(dir, "out")], {
      cwd: repoRoot,
      stdio: ["ignore", "ignore", "pipe"],
    });
    const files = new Map<string, Buffer>();
    for (const sub of ["jsonschema", "docs"]) {
      for (const f of readdirSync(join(dir, "out", sub)).sort())
        files.set(`${sub}/${f}`, readFileSync(join(dir, "out", sub, f)));
    }
    return files;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("buf generate twice gives the same bytes, and the bytes gen/ holds", () => {
  const first = bufGenerate();
  const second = bufGenerate();
  // One schema per kind message of proto/, and exactly the files gen/ holds.
  const kindMessages = schemaFileNames()
    .map((name) => bufRegistry().getFile(name))
    .filter((f) => f !== undefined);
  assert.deepEqual(
    [...first.keys()].sort(),
    [
      ...findKinds(kindMessages).map((k) => `jsonschema/${k.fileName}`),
      "jsonschema/planton.schema.json",
      "docs/fields.json",
    ].sort(),
  );
  assert.deepEqual(
    [...first.keys()].filter((k) => k.startsWith("jsonschema/")),
    readdirSync(join(repoRoot, "gen", "jsonschema"))
      .sort()
      .map((f) => `jsonschema/${f}`),
  );
  for (const [name, bytes] of first) {
    assert.ok(bytes.equals(second.get(name) as Buffer), `${name} differs between two runs`);
    assert.ok(bytes.toString("utf8").endsWith("}\n"), `${name} ends with a newline`);
    const committed = readFileSync(join(repoRoot, "gen", name));
    assert.ok(bytes.equals(committed), `gen/${name} is stale: run \`pnpm generate\``);
  }
});

function request(parameter: string, edit?: (files: ReturnType<typeof bufImage>["file"]) => void) {
  const set = clone(FileDescriptorSetSchema, bufImage());
  edit?.(set.file);
  return create(CodeGeneratorRequestSchema, { protoFile: set.file, fileToGenerate: schemaFileNames(), parameter });
}

test("a predefined Kubernetes rule whose CEL changed stops generation", () => {
  const req = request("emit=jsonschema", (files) => {
    const file = files.find((f) => f.name === "org/project_planton/shared/validation/kubernetes.proto");
    const ext = file?.extension.find((e) => e.name === "dns_label");
    assert.ok(ext?.options);
    const rules = getExtension(ext.options, predefined);
    const rule = rules.cel[0];
    assert.ok(rule);
    rule.expression = rule.expression.replace("size(this) <= 63", "size(this) <= 64");
    setExtension(ext.options, predefined, rules);
  });
  assert.throws(() => generate(req), /kubernetes-string-rules\.ts/);
  assert.match(plantonPlugin.run(req).error ?? "", /org\.project_planton\.shared\.validation\.dns_label/);
});

test("a CEL rule with a JSON Schema equivalent whose expression changed stops generation", () => {
  const req = request("emit=jsonschema", (files) => {
    const file = files.find((f) => f.name === "org/project_planton/provider/kubernetes/kubernetesjob/v1/spec.proto");
    const field = file?.messageType
      .find((m) => m.name === "KubernetesJobSpec")
      ?.field.find((f) => f.name === "namespace");
    assert.ok(field?.options);
    const options: FieldOptions = field.options;
    const rules = getExtension(options, fieldRules);
    const rule = rules.cel[0];
    assert.ok(rule);
    rule.expression = rule.expression.replace("<= 63", "<= 253");
    setExtension(options, fieldRules, rules);
  });
  assert.throws(() => generate(req), /spec\.namespace\.dns_label.*cel-equivalents\.ts/);
});

test("the emit option is required", () => {
  assert.match(plantonPlugin.run(request("")).error ?? "", /emit=jsonschema or emit=docs/);
  assert.match(plantonPlugin.run(request("emit=html")).error ?? "", /unknown option/);
  assert.deepEqual(
    generate(request("emit=docs")).map((f) => f.name),
    ["fields.json"],
  );
});
