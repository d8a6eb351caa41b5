// The fast path of prepareManifest (no positions, js-yaml or JSON.parse, fromJson)
// against the positional path it short-cuts: on every fixture and bad input, with
// CRLF and bare-CR line ends, as JSON, mutated, generated from the descriptors and
// with every YAML scalar form in typed places, prepareManifest must give exactly
// what the positional path gives (verdict, problems, message, positions), and the
// fast path must only ever answer for inputs the positional path finds valid.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, test } from "node:test";
import { equals, type Message, toJson } from "@bufbuild/protobuf";
import { messageArb, mutate, mutationArb, repoRoot } from "@planton/testing";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { fastPrepare, jsonHasDuplicateKeys } from "./fast-load.js";
import { listKinds } from "./kinds.js";
import { type PrepareResult, prepareManifest, preparePositional } from "./prepare.js";
import { schemaRegistry } from "./schemas.js";

const root = repoRoot();

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (!name.endsWith(".expect") && !name.endsWith(".md")) out.push(p);
  }
  return out;
}

const PATHS = ["", "spec", "metadata.name", "spec.image.repo", "spec.env.variables", "spec.namespace.value", "kind"];

let fastAnswers = 0;

function same(text: string, what: string): void {
  const slow = preparePositional(text, "m.yaml");
  const got = prepareManifest(text, "m.yaml");
  assert.equal(got.ok, slow.ok, `${what}: verdict`);
  assert.deepEqual(got.problems, slow.problems, `${what}: problems`);
  if (slow.manifest && got.manifest) {
    const schema = slow.manifest.kind.schema;
    assert.equal(got.manifest.kind, slow.manifest.kind, what);
    assert.ok(equals(schema, got.manifest.message, slow.manifest.message), `${what}: message`);
    for (const p of PATHS)
      assert.deepEqual(got.manifest.sourceMap.locate(p), slow.manifest.sourceMap.locate(p), `${what}: ${p}`);
  } else assert.equal(got.manifest === undefined, slow.manifest === undefined, `${what}: manifest`);
  const fast = fastPrepare(text, "m.yaml", undefined, () => {});
  if (fast) {
    fastAnswers++;
    assert.ok(slow.ok, `${what}: the fast path accepted what the positional path rejects`);
  }
}

function variants(text: string): [string, string][] {
  const out: [string, string][] = [["as is", text]];
  const lf = text.replace(/\r\n?/g, "\n");
  out.push(["CRLF", lf.replace(/\n/g, "\r\n")], ["bare CR", lf.replace(/\n/g, "\r")]);
  try {
    const doc = parse(text, { logLevel: "silent" });
    if (doc !== undefined) {
      out.push(["JSON", JSON.stringify(doc)], ["pretty JSON", JSON.stringify(doc, null, 2)]);
    }
  } catch {
    // Not one YAML document: the variants above cover it.
  }
  return out;
}

const inputs = [
  ...files(join(root, "testdata")),
  join(root, "examples", "kubernetes-job.yaml"),
  ...["kubernetes-job", "stack-job-runner-kubernetes", "altinity-operator-kubernetes"].map((p) =>
    join(root, "packages", p, "hack", "stack-input.yaml"),
  ),
];

describe("the fast path of prepareManifest agrees with the positional path", () => {
  test("on every fixture and bad input, with CRLF and bare CR line ends and as JSON", () => {
    fastAnswers = 0;
    for (const file of inputs) {
      const text = readFileSync(file, "latin1").includes("\uFFFD") ? "" : readFileSync(file, "utf8");
      for (const [how, t] of variants(text)) same(t, `${relative(root, file)} (${how})`);
    }
    // The valid fixtures and their CRLF and JSON forms take the fast path.
    assert.ok(fastAnswers >= 40, `the fast path answered ${fastAnswers} times`);
  });

  test("on mutated fixtures, as YAML and as JSON", () => {
    const texts = inputs.filter((f) => f.includes("/valid/")).map((f) => readFileSync(f, "utf8"));
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (text, ms, asJson) => {
          let mutated: string;
          try {
            mutated = mutate(text, ms, asJson);
          } catch {
            return;
          }
          same(mutated, mutated);
        },
      ),
      { numRuns: 300 },
    );
  });

  for (const kind of listKinds()) {
    test(`on generated ${kind.kind} manifests, valid and not, as YAML and JSON`, () => {
      fc.assert(
        fc.property(messageArb(kind.schema), fc.constantFrom("yaml", "json", "crlf"), (message: Message, form) => {
          let doc: unknown;
          try {
            doc = toJson(kind.schema, message, { registry: schemaRegistry() });
          } catch {
            return;
          }
          const text =
            form === "json"
              ? JSON.stringify(doc)
              : form === "crlf"
                ? stringify(doc).replace(/\n/g, "\r\n")
                : stringify(doc);
          same(text, text);
        }),
        { numRuns: 200 },
      );
    });
  }

  test("every YAML scalar form in string, integer, enum-like, map value and map key places", () => {
    const forms = [
      "~",
      "null",
      "Null",
      "",
      "true",
      "True",
      "yes",
      "on",
      "0b101",
      "0o17",
      "017",
      "0x1F",
      "+12",
      "-0",
      "1_000",
      "1.",
      "1.5",
      ".5",
      "+.5",
      "-.5e2",
      "1e3",
      "1E+3",
      ".inf",
      "-.Inf",
      ".NaN",
      "00",
      "12:30:00",
      "2001-12-14",
      "+0x10",
      "-0o7",
      "'1'",
      '"2"',
      "'true'",
      "9007199254740993",
      "3.0",
      "-1",
      "Never",
      "x y",
      "'a: b'",
      "[]",
      "{}",
      "!!str 5",
      "&a x",
      '"\\u0041"',
      "'#'",
      "a #c",
      "0755",
      "0400",
      "'0400'",
      "1.02",
      "v1.0",
    ];
    const base = readFileSync(join(root, "testdata", "kubernetes-job", "valid", "minimal.yaml"), "utf8");
    for (const f of forms) {
      const places = [
        `${base}  backoffLimit: ${f}\n`,
        `${base}  restartPolicy: ${f}\n`,
        `${base}  image:\n    repo: ghcr.io/x\n    tag: ${f}\n`,
        `${base}  env:\n    variables:\n      A:\n        value: ${f}\n`,
        `${base}  env:\n    variables:\n      ${f}:\n        value: x\n`,
        base.replace(/^metadata:\n/m, `metadata:\n  labels:\n    ${f}: v\n`),
        `{"apiVersion": "kubernetes.project-planton.org/v1", "kind": "KubernetesJob", "metadata": {"name": "a", "labels": {"k": ${JSON.stringify(f)}, "k": "v"}}, "spec": {"image": {"repo": "x"}}}`,
      ];
      for (const t of places) same(t, JSON.stringify(t));
    }
  });

  test("block scalars, comments, sequences at their key's indentation, quotes, flow collections, document markers", () => {
    const base = readFileSync(join(root, "examples", "kubernetes-job.yaml"), "utf8");
    const snippets = [
      "  configMaps:\n    app-config: |\n      a: 1\n\n      b: 2\n    other: |-\n      x\n        y\n",
      "  configMaps:\n    app-config: |  # note\n      a: 1\n\n\n",
      "  configMaps:\n    app-config: >\n      folded\n",
      "  configMaps:\n    app-config: |+\n      kept\n",
      "  args:\n  - one   # first\n  - 'two''s'\n  - \"three # not a comment\"\n  - a#b\n",
      "  args: []\n  configMaps: {}\n",
      "  args: [a, b]\n",
      "  args:\n    -\n      nested\n",
      "  volumeMounts:\n    - name: data\n      mountPath: /data\n      emptyDir: {}\n    -   name: cache\n        mountPath: /cache\n        emptyDir:\n          medium: Memory\n",
      "  args:\n    - multi\n      line\n",
      '  args:\n    - "multi\n      line"\n',
      '  args:\n    - "esc\\tape"\n',
      "  args:\n    - x: y: z\n",
      "  args:\n    - key:\n",
      "  args:\n    - ? complex\n",
      "  args:\n    - -1\n    - 12\n    - 1.5\n    - 0x1F\n    - ~\n    - True\n    - -x\n    - ends:\n",
      "  labels:\n    'quoted key': v\n",
    ];
    for (const snip of snippets) {
      for (const text of [
        `${base}${snip}`,
        `---\n${base}${snip}`,
        `${base}${snip}`.replace(/\n/g, "\r\n"),
        `${base}${snip}---\n`,
      ])
        same(text, JSON.stringify(text));
    }
  });

  test("a JSON text repeating a key in one object goes to the positional path, which reports it", () => {
    assert.equal(jsonHasDuplicateKeys('{"a": 1, "b": {"a": 2}, "c": [{"a": 1}, {"a": 2}]}'), false);
    assert.equal(jsonHasDuplicateKeys('{"a": 1, "b": 2, "a": 3}'), true);
    assert.equal(jsonHasDuplicateKeys('{"a": {"x": "\\"x\\":", "x": 1}}'), true);
    assert.equal(jsonHasDuplicateKeys('{"\\u0061": 1}'), true);
    const text =
      '{"apiVersion": "kubernetes.project-planton.org/v1", "kind": "KubernetesJob", "metadata": {"name": "a"}, "metadata": {"name": "b"}, "spec": {"image": {"repo": "x"}}}';
    const r: PrepareResult = prepareManifest(text, "m.json");
    assert.equal(r.ok, false);
    same(text, "duplicate metadata");
  });
});
