import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { isMap, isScalar, type Pair } from "yaml";
import {
  describeNode,
  MAX_SOURCE_BYTES,
  nodePosition,
  parentPath,
  parseSource,
  resolveNode,
  SourceMap,
} from "./source.js";

describe("parseSource", () => {
  test("parses one YAML document and keeps positions of its nodes", () => {
    const r = parseSource("kind: KubernetesJob\nspec:\n  parallelism: 3\n", "job.yaml");
    assert.equal(r.ok, true);
    if (!r.ok) return;
    const root = resolveNode(r.source, r.source.root);
    assert.ok(isMap(root));
    const spec = (root.items as Pair<unknown, unknown>[])[1];
    assert.deepEqual(nodePosition(r.source, spec?.value as never), { line: 3, column: 3 });
  });

  test("parses JSON, a subset of YAML", () => {
    const r = parseSource('{"kind": "KubernetesJob", "spec": {"parallelism": 3}}', "job.json");
    assert.equal(r.ok, true);
  });

  test("rejects several documents, pointing at the marker of the second one", () => {
    const r = parseSource("kind: A\n---\nkind: B\n", "two.yaml");
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(
      r.problems.map((p) => [p.rule, p.line, p.message]),
      [["source.multiple_documents", 2, "the input holds 2 YAML documents; put one manifest per file"]],
    );
  });

  test("accepts document markers around one manifest: a leading ---, a trailing ---, --- twice", () => {
    for (const text of [
      "---\nkind: A\n",
      "kind: A\n---\n",
      "---\nkind: A\n---\n",
      "---\n---\nkind: A\n",
      "kind: A\n---\n# end\n",
    ]) {
      assert.equal(parseSource(text, "one.yaml").ok, true, JSON.stringify(text));
    }
  });

  test("a second document that says null is still a second document", () => {
    const r = parseSource("kind: A\n---\nnull\n", "two.yaml");
    assert.equal(r.ok, false);
  });

  test("rejects empty and comment-only input as source.empty, without a position", () => {
    for (const text of ["", "   \n", "# just a comment\n", "---\n", "---\n---\n"]) {
      const r = parseSource(text, "empty.yaml");
      assert.equal(r.ok, false);
      if (r.ok) continue;
      assert.equal(r.problems[0]?.rule, "source.empty");
      assert.equal(r.problems[0]?.line, undefined);
    }
  });

  test("rejects binary input (a NUL byte) at the NUL's line and column", () => {
    const first = parseSource("kind: K\u0000", "bin");
    assert.equal(first.ok, false);
    if (!first.ok)
      assert.deepEqual(
        [first.problems[0]?.rule, first.problems[0]?.line, first.problems[0]?.column],
        ["source.binary", 1, 8],
      );
    const third = parseSource("a: 1\n\nxy\u0000", "bin");
    if (!third.ok) assert.deepEqual([third.problems[0]?.line, third.problems[0]?.column], [3, 3]);
    assert.equal(third.ok, false);
  });

  test("rejects input larger than MAX_SOURCE_BYTES before parsing it", () => {
    const r = parseSource(`a: "${"x".repeat(MAX_SOURCE_BYTES)}"`, "big.yaml");
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.problems[0]?.rule, "source.too_large");
  });

  test("reports YAML errors with their position and code, without the parser's excerpt", () => {
    // Duplicate keys are the decoder's to report (load.test.ts), with the mapping's path.
    assert.equal(parseSource("a: 1\na: 2\n", "dup.yaml").ok, true);
    const tab = parseSource("spec:\n\tfoo: 1\n", "tab.yaml");
    assert.equal(tab.ok, false);
    if (!tab.ok) {
      assert.equal(tab.problems[0]?.rule, "yaml.tab_as_indent");
      assert.doesNotMatch(tab.problems[0]?.message ?? "", /\n/);
    }
  });
});

describe("aliases", () => {
  test("an alias without an anchor before it is yaml.undefined_alias at the alias, not a silent null", () => {
    for (const text of ["spec:\n  command: *nowhere\n", "spec:\n  command: *later\n  args: &later [a]\n"]) {
      const r = parseSource(text, "alias.yaml");
      assert.equal(r.ok, false, text);
      if (!r.ok)
        assert.deepEqual(
          [r.problems[0]?.rule, r.problems[0]?.line, r.problems[0]?.column],
          ["yaml.undefined_alias", 2, 12],
        );
    }
  });

  test("an alias after its anchor parses", () => {
    assert.equal(parseSource("spec:\n  args: &a [x]\n  command: *a\n", "alias.yaml").ok, true);
  });
});

describe("SourceMap", () => {
  test("locates a path at its value, else its key, else its nearest written ancestor", () => {
    const m = new SourceMap("job.yaml");
    m.setValue("spec", { line: 5, column: 3 });
    m.setKey("spec.image", { line: 8, column: 3 });
    m.setValue("spec.volumeMounts[0]", { line: 12, column: 7 });
    assert.deepEqual(m.locate("spec.image"), { line: 8, column: 3 });
    assert.deepEqual(m.locate("spec.image.repo"), { line: 8, column: 3 });
    assert.deepEqual(m.locate("spec.volumeMounts[0].name"), { line: 12, column: 7 });
    assert.deepEqual(m.locate("spec.namespace"), { line: 5, column: 3 });
    assert.equal(m.locate("metadata.name"), undefined);
  });

  test("keyOf prefers the key's position over the value's", () => {
    const m = new SourceMap("job.yaml");
    m.setValue("metadata.labels.team", { line: 6, column: 11 });
    m.setKey("metadata.labels.team", { line: 6, column: 5 });
    assert.deepEqual(m.keyOf("metadata.labels.team"), { line: 6, column: 5 });
    assert.deepEqual(m.locate("metadata.labels.team"), { line: 6, column: 11 });
  });

  test("parentPath strips one field, index or quoted key", () => {
    assert.equal(parentPath("spec.volumeMounts[1].mountPath"), "spec.volumeMounts[1]");
    assert.equal(parentPath("spec.volumeMounts[1]"), "spec.volumeMounts");
    assert.equal(parentPath('metadata.labels["a.b/c"]'), "metadata.labels");
    assert.equal(parentPath("spec"), "");
    assert.equal(parentPath(""), undefined);
  });

  test("property: following parentPath from any path ends at the root", () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,5}(\[[0-9]\])?$/), { minLength: 1, maxLength: 8 }), (parts) => {
        let p: string | undefined = parts.join(".");
        let steps = 0;
        while (p !== undefined && steps < 100) {
          p = parentPath(p);
          steps++;
        }
        assert.equal(p, undefined);
        assert.ok(steps <= parts.length * 2 + 1);
      }),
      { numRuns: 200 },
    );
  });
});

describe("describeNode", () => {
  test("names what a node is, quoting and truncating strings", () => {
    const r = parseSource(`a: "${"x".repeat(80)}"\nb: 5\nc: true\nd: [1]\ne: {}\nf: null\n`, "n.yaml");
    assert.ok(r.ok);
    const root = resolveNode(r.source, r.source.root);
    assert.ok(isMap(root));
    const values = (root.items as Pair<unknown, unknown>[]).map((p) => describeNode(resolveNode(r.source, p.value)));
    assert.deepEqual(values, [
      `the string "${"x".repeat(60)}…"`,
      "the number 5",
      "the boolean true",
      "a list",
      "a mapping",
      "null",
    ]);
    assert.ok(isScalar(resolveNode(r.source, (root.items[1] as Pair<unknown, unknown>).value)));
  });
});
