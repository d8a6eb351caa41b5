import assert from "node:assert/strict";
import { test } from "node:test";
import { Re2TranslationError, re2ToEcmaScript } from "./re2.ts";

test("translates the RE2 constructs whose ECMAScript meaning differs", () => {
  const cases: [string, string][] = [
    // RE2's \s is ASCII whitespace; ECMAScript's includes Unicode spaces.
    [String.raw`^[^\s]+$`, String.raw`^[^\t\n\f\r ]+$`],
    [String.raw`a\sb\S`, String.raw`a[\t\n\f\r ]b[^\t\n\f\r ]`],
    // RE2's dot excludes only \n.
    ["a.b", String.raw`a[^\n]b`],
    // Escaped punctuation that ECMAScript's u mode does not allow escaping.
    [String.raw`a\-b\"c\'`, `a-b"c'`],
    [String.raw`[a\-z]`, String.raw`[a\-z]`],
    // Braces and brackets that are not syntax are literal in RE2, errors in u mode.
    ["a{2,3}b{4}c{5,}", "a{2,3}b{4}c{5,}"],
    ["a{b}c]", String.raw`a\{b\}c\]`],
    ["[]a]", String.raw`[\]a]`],
    [String.raw`\Aab\z`, "^ab$"],
    ["(?P<x>a)(?:b)", "(?<x>a)(?:b)"],
    [String.raw`\x41\x{263a}`, String.raw`\x41\u263a`],
    [
      String.raw`^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$`,
      String.raw`^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$`,
    ],
  ];
  for (const [re2, ecma] of cases) {
    const out = re2ToEcmaScript(re2);
    assert.equal(out, ecma, re2);
    // Valid with and without the `u` flag.
    assert.ok(new RegExp(out, "u") && new RegExp(out), out);
  }
});

test("refuses constructs without a faithful translation", () => {
  for (const re2 of [
    "(?i)abc",
    String.raw`\pL`,
    String.raw`\p{Greek}`,
    "[[:alpha:]]",
    String.raw`\Qa.b\E`,
    String.raw`[\S]`,
    String.raw`\1`,
    "[ab",
    "a\\",
  ]) {
    assert.throws(() => re2ToEcmaScript(re2), Re2TranslationError, re2);
  }
});
