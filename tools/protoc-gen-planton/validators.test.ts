// emit=validators: the output is what gen/ holds; a rule the compiler cannot
// handle stops generation and names where it is; the compiled CEL keeps CEL's
// semantics (code points, uint arithmetic that fails, error absorption).
// Agreement with protovalidate on real messages is tested in packages/sdk
// (validate-differential.test.ts), where the generated code runs.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { clone, create, getExtension, setExtension } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, type FieldOptions, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { field as fieldRules } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { CelCompiler, type Compiled, type Hoister } from "./cel-to-js.ts";
import { generate, plantonPlugin } from "./plugin.ts";
import { bufImage, repoRoot, schemaFileNames } from "./testing.ts";
import * as rt from "./validator-runtime.ts";

function request(edit?: (files: ReturnType<typeof bufImage>["file"]) => void) {
  const set = clone(FileDescriptorSetSchema, bufImage());
  edit?.(set.file);
  return create(CodeGeneratorRequestSchema, {
    protoFile: set.file,
    fileToGenerate: schemaFileNames(),
    parameter: "emit=validators",
  });
}

function editNamespaceRule(edit: (expression: string) => string) {
  return request((files) => {
    const file = files.find((f) => f.name === "org/project_planton/provider/kubernetes/kubernetesjob/v1/spec.proto");
    const field = file?.messageType
      .find((m) => m.name === "KubernetesJobSpec")
      ?.field.find((f) => f.name === "namespace");
    assert.ok(field?.options);
    const options: FieldOptions = field.options;
    const rules = getExtension(options, fieldRules);
    const rule = rules.cel[0];
    assert.ok(rule);
    rule.expression = edit(rule.expression);
    setExtension(options, fieldRules, rules);
  });
}

test("the generated validators are what gen/ holds, the same on every run", () => {
  const first = generate(request());
  const second = generate(request());
  assert.deepEqual(
    first.map((f) => f.name),
    ["validators/runtime.ts", "validators/index.ts", "kinds.ts"],
  );
  assert.deepEqual(first, second);
  for (const f of first) {
    const committed = readFileSync(join(repoRoot, "gen", "src", f.name), "utf8");
    assert.ok(f.content === committed, `gen/src/${f.name} is stale: run \`pnpm generate\``);
  }
});

test("kinds.ts lists the stack input file of every kind message of the schema", () => {
  const kinds = generate(request()).find((f) => f.name === "kinds.ts")?.content ?? "";
  const listed = [...kinds.matchAll(/^ {2}(file_\w+),$/gm)].map((m) => m[1]);
  const expected = schemaFileNames()
    .filter((name) => /\/v[0-9]+\/stack_input\.proto$/.test(name))
    .map((name) => `file_${name.replace(/\.proto$/, "").replace(/[^a-zA-Z0-9_]+/g, "_")}`)
    .sort();
  assert.deepEqual([...listed].sort(), expected);
  assert.ok(expected.length >= 4, "the schema's kinds, KubernetesCronJob included");
});

test("a CEL function the compiler does not implement stops generation, naming the rule and field", () => {
  const req = editNamespaceRule((e) => e.replace("size(this.value) <= 63", "this.value.isEmail()"));
  assert.match(
    plantonPlugin.run(req).error ?? "",
    /KubernetesJobSpec\.namespace \(buf\.validate\.field\)\.cel\[0\] \(rule "spec\.namespace\.dns_label"\): the function isEmail/,
  );
});

test("a regular expression outside the compiled RE2 subset stops generation, naming the pattern", () => {
  const req = editNamespaceRule((e) => e.replace("this.value.matches('^", "this.value.matches('(?i)^"));
  assert.match(plantonPlugin.run(req).error ?? "", /KubernetesJobSpec\.namespace .*a flag group at offset 0/);
});

test("a pattern that is not a constant stops generation", () => {
  const req = editNamespaceRule((e) =>
    e.replace("this.value.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')", "this.value.matches(this.value)"),
  );
  assert.match(plantonPlugin.run(req).error ?? "", /matches\(\) with a pattern that is not a constant string/);
});

// Compiles one expression over `this` and runs it.
function run(expression: string, thisType: Compiled["t"], value: unknown): unknown {
  const consts: string[] = [];
  let n = 0;
  const h: Hoister = {
    hoist(js) {
      consts.push(`const H${consts.length} = ${js};`);
      return `H${consts.length - 1}`;
    },
    local: (p) => `${p}${n++}`,
  };
  const c = new CelCompiler(h, "test", expression).compileText({
    vars: new Map([["this", { js: "x", t: thisType, err: false }]]),
  });
  return new Function("rt", "x", `${consts.join("\n")}\nreturn (${c.js});`)(rt, value);
}

test("compiled CEL: sizes in code points and UTF-8 bytes, uint arithmetic that fails, string()", () => {
  const string: Compiled["t"] = { k: "string" };
  const uint: Compiled["t"] = { k: "uint" };
  assert.equal(run("size(this)", string, "𝑎é"), 2);
  assert.equal(run("size(bytes(this))", string, "𝑎é"), 6);
  assert.equal(run("string(this - 1u)", uint, 10), "9");
  assert.throws(() => run("this - 1u", uint, 0), rt.CelError);
  assert.equal(run("this + 1u", uint, 2 ** 53), 2n ** 53n + 1n);
  assert.throws(() => run("this * 2u", uint, 2n ** 63n), rt.CelError);
  // Error absorption: the failing side does not matter when the other decides.
  assert.equal(run("this - 1u > 5u || this == 0u", uint, 0), true);
  assert.equal(run("this == 0u || this - 1u > 5u", uint, 0), true);
  assert.throws(() => run("this != 0u || this - 1u > 5u", uint, 0), rt.CelError);
});

test("compiled CEL: macros over lists and maps, format and constant folding", () => {
  const list: Compiled["t"] = { k: "list", e: { k: "string" } };
  const map: Compiled["t"] = { k: "map", key: { k: "string" }, val: { k: "string" } };
  assert.equal(run("this.filter(s, s.startsWith('a')).size()", list, ["ab", "b", "ac"]), 2);
  assert.equal(run("this.all(s, size(s) > 1)", list, ["ab", "b"]), false);
  assert.equal(run("this.exists(s, s == 'b')", list, ["ab", "b"]), true);
  assert.deepEqual(run("this.map(s, s + '!')", list, ["a"]), ["a!"]);
  assert.equal(run("this.unique()", list, ["a", "a"]), false);
  assert.equal(run("'k' in this && this.k == 'v'", map, { k: "v" }), true);
  assert.deepEqual(run("this.map(k, k)", map, { a: "1", b: "2" }), ["a", "b"]);
  assert.equal(run("'%s items of %s'.format([3u, ['a', 'b']])", list, []), "3 items of [a, b]");
  assert.equal(run("this.join('-')", list, ["a", "b"]), "a-b");
});
