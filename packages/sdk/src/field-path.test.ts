import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { joinField, joinIndex, joinKey, type PathSegment, parsePath } from "./field-path.js";

describe("field paths", () => {
  test("joinField starts a path from the empty root and dots the rest", () => {
    assert.equal(joinField("", "spec"), "spec");
    assert.equal(joinField("spec", "restartPolicy"), "spec.restartPolicy");
  });

  test("joinIndex appends [i]", () => {
    assert.equal(joinIndex("spec.volumeMounts", 1), "spec.volumeMounts[1]");
  });

  test("joinKey dots plain keys and quotes keys with dots, slashes, spaces or a leading digit", () => {
    assert.equal(joinKey("spec.env.secrets", "API_KEY"), "spec.env.secrets.API_KEY");
    assert.equal(joinKey("metadata.labels", "app.kubernetes.io/name"), 'metadata.labels["app.kubernetes.io/name"]');
    assert.equal(joinKey("metadata.labels", "team name"), 'metadata.labels["team name"]');
    assert.equal(joinKey("spec.env.variables", "1_LOG_LEVEL"), 'spec.env.variables["1_LOG_LEVEL"]');
  });

  test("parsePath splits fields, indexes and double- or single-quoted keys", () => {
    assert.deepEqual(parsePath('a.b[2]["x.y"].c'), [
      { name: "a" },
      { name: "b" },
      { index: 2 },
      { name: "x.y" },
      { name: "c" },
    ]);
    assert.deepEqual(parsePath("metadata.labels['app.kubernetes.io/name']"), [
      { name: "metadata" },
      { name: "labels" },
      { name: "app.kubernetes.io/name" },
    ]);
    assert.deepEqual(parsePath("spec.command[0]"), [{ name: "spec" }, { name: "command" }, { index: 0 }]);
  });

  test("parsePath describes malformed paths instead of throwing", () => {
    assert.equal(parsePath(""), "the path is empty");
    assert.equal(parsePath("spec..a"), "empty segment at character 6");
    assert.equal(parsePath("spec."), "the path ends with '.'");
    assert.equal(parsePath("spec.command[1"), 'unclosed "[" at character 13');
    assert.equal(parsePath("spec.command[x]"), '"[x]" is neither a list index nor a quoted key');
  });

  test("property: parsePath inverts joinField/joinIndex/joinKey for every key Kubernetes allows", () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/);
    const key = fc.stringMatching(/^[A-Za-z0-9._/ -]{1,20}$/);
    const segment = fc.oneof(
      name.map((n) => ({ kind: "field" as const, n })),
      key.map((n) => ({ kind: "key" as const, n })),
      fc.nat(1000).map((i) => ({ kind: "index" as const, i })),
    );
    fc.assert(
      fc.property(name, fc.array(segment, { maxLength: 6 }), (first, rest) => {
        let path = joinField("", first);
        const expected: PathSegment[] = [{ name: first }];
        for (const s of rest) {
          if (s.kind === "index") {
            path = joinIndex(path, s.i);
            expected.push({ index: s.i });
          } else {
            path = s.kind === "field" ? joinField(path, s.n) : joinKey(path, s.n);
            expected.push({ name: s.n });
          }
        }
        assert.deepEqual(parsePath(path), expected, path);
      }),
      { numRuns: 200 },
    );
  });
});
