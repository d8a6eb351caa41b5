// The DFAs the generated validators match with, against RE2 itself (@bufbuild/re2,
// what protovalidate uses): same answer on every pattern of the schema and on
// patterns with the constructs that differ between RE2 and ECMAScript; linear time
// on inputs that make a backtracking engine explode.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RE2JS } from "@bufbuild/re2";
import fc from "fast-check";
import { compileRe2, Re2CompileError } from "./re2-dfa.ts";
import { matchDfa } from "./validator-runtime.ts";

// Every pattern proto/ uses (standard `string.pattern` and CEL `matches()`), and more.
const schemaPatterns = [
  "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
  "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
  "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$",
  "^[^/]{254,}/",
  "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$",
  "^\\+?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$",
  "^[-._a-zA-Z][-._a-zA-Z0-9]*$",
  "^[-._a-zA-Z0-9]+$",
  "(^|/)\\.\\.(/|$)",
  "^(Memory|HugePages(-[0-9]+(Ki|Mi|Gi))?)?$",
  "^[a-z]",
  "^(https?|oci)://[^\\s]+$",
  "^v?[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.+-]+)?$",
  "^[^\\s]+$",
  "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$",
];
const otherPatterns = [
  "a.b",
  "a\\sb\\S",
  "\\d+\\D\\w\\W",
  "^$",
  "$",
  "^",
  "a|b|",
  "x*",
  "(a|ab)(c|bcd)(d*)",
  "[^a-c]+z",
  "[]a]",
  "a{2,3}b{4}c{5,}",
  "a{b}c",
  "\\Aab\\z",
  "(?P<x>a)(?:b)(?<y>c)",
  "\\x41\\x{263a}",
  "[\\x{1F600}-\\x{1F64F}]",
  "é+",
  "^.{2}$",
  "a+?b??c*?",
  "\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\",
];

const text = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."aAbcdz019-_./: +\\\n\tKMGiéxXyv{}[]()|*?".split("")), maxLength: 24 }),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.constantFrom("", "a".repeat(254), `${"a".repeat(254)}/`, `${"a".repeat(253)}/`, "a".repeat(62), "a".repeat(63)),
);

test("the DFA answers as RE2 on the schema's patterns and on RE2/ECMAScript differences", () => {
  for (const pattern of [...schemaPatterns, ...otherPatterns]) {
    const dfa = compileRe2(pattern);
    const re2 = RE2JS.compile(pattern);
    fc.assert(
      fc.property(text, (s) => {
        assert.equal(matchDfa(dfa, s), re2.test(s), `${JSON.stringify(pattern)} on ${JSON.stringify(s)}`);
      }),
      { numRuns: 400 },
    );
  }
});

test("RE2's meaning where ECMAScript differs: \\s, the dot, $ and code points", () => {
  const m = (p: string, s: string) => matchDfa(compileRe2(p), s);
  assert.equal(m("^\\s$", "\u00a0"), false); // ECMAScript's \s would match
  assert.equal(m("^\\s$", "\v"), false);
  assert.equal(m("^.$", "\r"), true); // ECMAScript's dot would not match
  assert.equal(m("^.$", "\n"), false);
  assert.equal(m("^a$", "a\n"), false); // $ is the end of the text only
  assert.equal(m("^.$", "😀"), true); // one code point, two UTF-16 units
  assert.equal(m("^[^/]{2}$", "😀😀"), true);
});

test("pathological patterns run in one pass: no backtracking, whatever the input", { timeout: 20_000 }, () => {
  // A backtracking engine (ECMAScript's RegExp) takes exponential time on these
  // inputs; the DFA reads each code point once.
  const n = 200_000;
  const cases: [string, string, boolean][] = [
    ["^(a+)+$", `${"a".repeat(n)}!`, false],
    ["^(a|a)*b$", "a".repeat(n), false],
    ["^(a|aa)+$", `${"a".repeat(n)}b`, false],
    ["(x+x+)+y", "x".repeat(n), false],
    ["^([a-z0-9]+-?)*[a-z0-9]$", `${"a-".repeat(n / 2)}-`, false],
    // The schema's own: a DNS subdomain of many labels.
    ["^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", `${"a-a.".repeat(n / 4)}-`, false],
    ["^(a+)+$", "a".repeat(n), true],
  ];
  for (const [pattern, input, want] of cases) {
    const dfa = compileRe2(pattern);
    assert.ok(dfa.stop.length < 100, `${pattern}: ${dfa.stop.length} states`);
    assert.equal(matchDfa(dfa, input), want, pattern);
  }
});

test("constructs the compiler does not implement are refused with the pattern and offset", () => {
  for (const pattern of [
    "(?i)abc",
    "\\pL",
    "\\p{Greek}",
    "[[:alpha:]]",
    "\\Qa.b\\E",
    "\\bword\\b",
    "\\1",
    "[ab",
    "a\\",
    "a)",
    "*a",
    "a{3,2}",
    "a{1001}",
  ]) {
    assert.throws(() => compileRe2(pattern), Re2CompileError, pattern);
  }
  assert.throws(() => compileRe2("ab(?i)c"), /pattern "ab\(\?i\)c": a flag group at offset 2 is not supported/);
});
