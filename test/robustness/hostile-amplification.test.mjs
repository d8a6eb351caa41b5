// Hostile input, memory: a generator of alias amplification by bytes (an anchor
// of 64 KiB to 3 MiB used 1 to 2,000 times, in lists, maps, secrets and config
// maps), through every command and STACK_INPUT; and of collections with more
// entries than the documented limit (MAX_ENTRIES). What expands past
// MAX_EXPANDED_BYTES is refused with that reason, before anything is built; what
// stays under it is treated like any manifest. Never "Invalid string length",
// never a crash, never a registered resource for a refused input.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { assertNoStackTrace, b64, jobManifest, runSupport } from "./support/hostile.mjs";
import { sdk } from "./support/in-process.mjs";
import { runCliBatch } from "./support/run.mjs";

const tmp = mkdtempSync(join(tmpdir(), "planton-hostile-amplification-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const LIMIT = sdk.MAX_EXPANDED_BYTES;
const KiB = 1024;

/** Where the anchor is defined and where its aliases go: [place, manifest for (anchor text, n aliases)]. */
const places = [
  [
    "spec.args (a list)",
    (a, n) => jobManifest({ spec: [`command: [&big ${a}]`, `args: [${Array(n).fill("*big").join(", ")}]`] }),
  ],
  [
    "env variable values (a map)",
    (a, n) =>
      jobManifest({
        spec: [
          "env:",
          "  variables:",
          `    V0: {value: &big ${a}}`,
          ...Array.from({ length: n }, (_, i) => `    V${i + 1}: {value: *big}`),
        ],
      }),
  ],
  [
    "literal secrets",
    (a, n) =>
      jobManifest({
        spec: [
          "env:",
          "  secrets:",
          `    S0: {value: &big ${a}}`,
          ...Array.from({ length: n }, (_, i) => `    S${i + 1}: {value: *big}`),
        ],
      }),
  ],
  [
    "config map values",
    (a, n) =>
      jobManifest({
        spec: ["configMaps:", `  c0: &big ${a}`, ...Array.from({ length: n }, (_, i) => `  c${i + 1}: *big`)],
      }),
  ],
];

/** [anchor size, aliases, how many of the places]: small and large anchors, under and over the limit, the 3 MB × 1,000. */
const combos = [
  [64 * KiB, 10, 4],
  [64 * KiB, 200, 4],
  [64 * KiB, 2000, 4],
  [1024 * KiB, 10, 4],
  [3 * 1024 * KiB, 1000, 2],
];
const cases = [];
for (const [size, n, nPlaces] of combos) {
  for (const [place, make] of places.slice(0, nPlaces)) {
    const text = make("x".repeat(size), n);
    if (text.length > sdk.MAX_SOURCE_BYTES) continue;
    const file = join(tmp, `amp-${cases.length}.yaml`);
    writeFileSync(file, text);
    cases.push({ id: `${size / KiB} KiB × ${n + 1} in ${place}`, file, text, expanded: size * (n + 1) });
  }
}
const commands = [
  ["validate"],
  ["load-manifest", "-o", "json"],
  ["stack-input", "-o", "yaml"],
  ["render", "-o", "json"],
];

describe("alias amplification by bytes, through every command: refused past the expanded-size limit, bounded output, no crash", async () => {
  // Under the limit the manifest is an ordinary (large) one: validate is enough; past it, every command refuses.
  const items = cases.flatMap((c) =>
    (c.expanded > LIMIT ? commands : commands.slice(0, 1)).map((cmd) => ({
      id: `${c.id}: ${cmd.join(" ")}`,
      argv: [...cmd, "-f", c.file],
      timeoutMs: 90_000,
      c,
    })),
  );
  const results = await runCliBatch(items.map(({ id, argv, timeoutMs }) => ({ id, argv, timeoutMs })));
  test(`${items.length} generated invocations`, () => assert.ok(items.length >= 50));
  for (const { id, c } of items) {
    test(id, () => {
      const r = results.get(id);
      assert.ok(!r.hung && r.crashed === undefined && r.threw === undefined, JSON.stringify(r).slice(0, 1500));
      assertNoStackTrace(r.stderr);
      assert.doesNotMatch(r.stderr, /Invalid string length|internal error|heap/);
      assert.ok(r.stderr.length < 16 * KiB, `stderr of ${r.stderr.length} bytes`);
      if (c.expanded > LIMIT) {
        assert.equal(r.code, 1, "accepted");
        assert.match(r.stderr, /expands to more than \d+ MiB of text/);
        assert.equal(r.stdout.length < 16 * KiB, true, "printed what it refused");
      } else {
        assert.doesNotMatch(r.stderr, /expands to more than/);
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
      }
    });
  }
});

describe("alias amplification by bytes through STACK_INPUT: decodeStackInput and the module refuse it, nothing registered", async () => {
  const over = cases.filter((c) => c.expanded > LIMIT);
  const inputs = over.map((c) => ({ name: c.id, env: { STACK_INPUT: b64(c.text) } }));
  const decoded = await runSupport("decode-stack-inputs.mjs", inputs, 300_000);
  const modules = await runSupport("module-inputs.mjs", inputs, 300_000);
  for (const c of over) {
    test(c.id, () => {
      for (const o of [decoded.get(c.id), modules.get(c.id)]) {
        assert.equal(o.ok, false);
        assert.equal(o.plantonError, true, o.description);
        assert.match(o.description, /expands to more than/);
      }
      assert.equal(modules.get(c.id).count, 0);
    });
  }
});

describe(`collections past the documented limit of ${sdk.MAX_ENTRIES} entries: refused with the count, at the collection`, async () => {
  const generated = [];
  for (const count of [sdk.MAX_ENTRIES, sdk.MAX_ENTRIES + 1]) {
    generated.push([
      `${count} env variables`,
      count,
      jobManifest({
        spec: ["env:", "  variables:", ...Array.from({ length: count }, (_, i) => `    V_${i}: {value: v}`)],
      }),
    ]);
    generated.push([`${count} args`, count, jobManifest({ spec: [`args: [${Array(count).fill("a").join(",")}]`] })]);
    generated.push([
      `${count} labels`,
      count,
      jobManifest({ metadata: ["labels:", ...Array.from({ length: count }, (_, i) => `  l-${i}: v`)] }),
    ]);
  }
  generated.push([
    "60000 env variables (the issue's example)",
    60_000,
    jobManifest({
      spec: ["env:", "  variables:", ...Array.from({ length: 60_000 }, (_, i) => `    V_${i}: {value: v}`)],
    }),
  ]);
  const items = generated.map(([id, , text]) => {
    const file = join(tmp, `entries-${id.replace(/\W+/g, "-")}.yaml`);
    writeFileSync(file, text);
    return { id, argv: ["validate", "-f", file], timeoutMs: 120_000 };
  });
  const results = await runCliBatch(items);
  for (const [id, count] of generated) {
    test(id, () => {
      const r = results.get(id);
      assert.ok(!r.hung && r.crashed === undefined && r.threw === undefined, JSON.stringify(r).slice(0, 1500));
      if (count > sdk.MAX_ENTRIES) {
        assert.equal(r.code, 1);
        assert.match(r.stderr, new RegExp(`holds ${count} entries; at most ${sdk.MAX_ENTRIES} are accepted`));
      } else {
        assert.doesNotMatch(r.stderr, /entries; at most/);
      }
    });
  }
});
