import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { closest, didYouMean, editDistance } from "./suggest.js";

const jobFields = ["parallelism", "completions", "backoffLimit", "restartPolicy", "completionMode", "command", "args"];

describe("suggestions", () => {
  test("closest finds the field a typo meant: paralelism -> parallelism", () => {
    assert.equal(closest("paralelism", jobFields), "parallelism");
    assert.equal(closest("backofLimit", jobFields), "backoffLimit");
    assert.equal(closest("restartpolicy", jobFields), "restartPolicy");
  });

  test("closest suggests nothing for a word that is not close to any candidate", () => {
    assert.equal(closest("schedule", jobFields), undefined);
    assert.equal(closest("x", []), undefined);
  });

  test("closest prefers a case-insensitive exact match over a near one", () => {
    assert.equal(closest("ARGS", ["arg", "args"]), "args");
  });

  test('didYouMean renders `; did you mean "x"?` or nothing', () => {
    assert.equal(didYouMean("paralelism", jobFields), '; did you mean "parallelism"?');
    assert.equal(didYouMean("schedule", jobFields), "");
  });

  test("editDistance counts insertions, deletions, substitutions and adjacent transpositions as 1", () => {
    assert.equal(editDistance("paralelism", "parallelism"), 1);
    assert.equal(editDistance("parallelism", "paralelism"), 1);
    assert.equal(editDistance("kind", "kond"), 1);
    assert.equal(editDistance("ab", "ba"), 1);
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(editDistance("kitten", "sitting"), 3);
  });

  test("property: editDistance is 0 exactly for equal strings, symmetric and at most the longer length", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        assert.equal(d === 0, a === b);
        assert.equal(d, editDistance(b, a));
        assert.ok(d <= Math.max(a.length, b.length));
      }),
      { numRuns: 200 },
    );
  });

  test("property: a candidate one edit away from a word of 3+ letters is always suggested", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{3,12}$/), fc.nat(), (word, pos) => {
        const i = pos % word.length;
        const typo = word.slice(0, i) + word.slice(i + 1); // one deletion
        assert.equal(closest(typo.length === 0 ? word : typo, [word, "zzzzzzzzzzzzzzzzzz"]), word);
      }),
      { numRuns: 200 },
    );
  });
});
