// The bad-input corpus (testdata/bad/, committed files and the generated ones of
// testdata/bad/generated.yaml): `planton validate -f FILE` on each must exit with
// the expected code, print the expected first line, print no stack trace and no
// raw control/bidi/invisible characters, and finish: an invocation still running
// after the hang detector's limit is a failure (a detector, not a timing assertion).
//
// Every file runs through the CLI's main() in one long-lived child process
// (support/cli-batch.mjs; a hang kills and restarts it). A sample of files, and
// every file with PLANTON_ROBUSTNESS_FULL=1, also runs as `node planton.js
// validate -f FILE`, the whole process as users run it.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { parse } from "yaml";
import { generate } from "./support/generators.mjs";
import {
  badDir,
  corpus,
  firstLine,
  HANG_MS,
  INVISIBLE,
  matchesLine,
  runCli,
  runCliBatch,
  STACK_FRAME,
} from "./support/run.mjs";

/** Files that also run as a whole `planton` process (one of each family). */
const SUBPROCESS_SAMPLE = new Set([
  "empty.yaml",
  "bom-utf8.yaml",
  "bom-utf16le.yaml",
  "binary-garbage.bin",
  "json-truncated.json",
  "yaml-billion-laughs.yaml",
  "yaml-duplicate-key-top-level.yaml",
  "type-nan.yaml",
  "unicode-rtl-override-in-key.yaml",
  "wrong-api-version.yaml",
  "huge-file-5mib.yaml",
  "deep-flow-nesting-100000.yaml",
]);
const full = process.env.PLANTON_ROBUSTNESS_FULL === "1";

const tmp = mkdtempSync(join(tmpdir(), "planton-bad-generated-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Committed and generated cases alike: {name, file, exit, stream, line, knownBug, maxOutputBytes, timeoutMs}. */
function allCases() {
  const committed = corpus().map((c) => ({ ...c, generated: false }));
  const generated = parse(readFileSync(join(badDir, "generated.yaml"), "utf8")).map((g) => {
    const file = join(tmp, g.name);
    writeFileSync(file, generate(g.generator, g.params));
    return {
      name: g.name,
      why: g.why,
      file,
      exit: g.exit,
      stream: g.stdout !== undefined ? "stdout" : "stderr",
      line: g.stdout ?? g.stderr,
      knownBug: g["known-bug"],
      maxOutputBytes: g.maxOutputBytes,
      timeoutMs: (g.timeoutSeconds ?? HANG_MS / 1000) * 1000,
      generated: true,
    };
  });
  return [...committed, ...generated];
}

/** The checks every case makes on what the CLI did. */
function check(c, r) {
  assert.ok(!r.hung, `planton validate did not finish within ${(c.timeoutMs ?? HANG_MS) / 1000} s (hang)`);
  assert.equal(r.crashed, undefined, `the process died: ${r.crashed}`);
  assert.equal(r.threw, undefined, `main() threw: ${r.threw}`);
  const output = `${r.stdout}${r.stderr}`;
  assert.doesNotMatch(output, STACK_FRAME, `stack trace:\n${r.stderr}`);
  assert.equal(r.code, c.exit, `exit code; stderr:\n${r.stderr.slice(0, 2000)}`);
  // In a stream of several manifests the valid ones are reported valid; nothing else reaches stdout.
  if (c.exit !== 0)
    assert.doesNotMatch(r.stdout, /^(?!valid: ).+/m, "an invalid manifest prints nothing on stdout but valid: lines");
  const line = firstLine(c.stream === "stdout" ? r.stdout : r.stderr);
  assert.ok(matchesLine(line, c.line, c.file), `first ${c.stream} line\n  actual:   ${line}\n  expected: ${c.line}`);
  const invisible = INVISIBLE.exec(output);
  assert.equal(invisible, null, `raw U+${invisible?.[0].codePointAt(0).toString(16).padStart(4, "0")} in the output`);
  if (c.maxOutputBytes !== undefined) {
    const bytes = Buffer.byteLength(output);
    assert.ok(bytes <= c.maxOutputBytes, `printed ${bytes} bytes, more than ${c.maxOutputBytes}`);
  }
}

const title = (c) => `${c.name}: exit ${c.exit}${c.why ? ` (${c.why})` : ""}`;

describe("bad-input corpus: planton validate -f FILE exits with the expected code and first line, no stack trace, no raw control characters, never hangs", async () => {
  const cases = allCases();
  // Known bugs (hangs among them) run in a batch of their own, beside the others.
  const items = (list) => list.map((c) => ({ id: c.name, argv: ["validate", "-f", c.file], timeoutMs: c.timeoutMs }));
  const [ok, bugs] = await Promise.all([
    runCliBatch(items(cases.filter((c) => !c.knownBug))),
    runCliBatch(items(cases.filter((c) => c.knownBug))),
  ]);
  const results = new Map([...ok, ...bugs]);
  test("the committed corpus holds at least 60 files", () => {
    const committed = cases.filter((c) => !c.generated).length;
    assert.ok(committed >= 60, `${committed} files`);
  });
  for (const c of cases) test(title(c), { todo: c.knownBug }, () => check(c, results.get(c.name)));
});

describe("bad-input corpus as whole processes: node planton.js validate -f FILE, exit code from the process, no stack trace on stderr", {
  concurrency: Math.max(2, availableParallelism()),
}, () => {
  for (const c of allCases().filter((x) => full || SUBPROCESS_SAMPLE.has(x.name))) {
    test(title(c), { todo: c.knownBug }, async () => {
      const r = await runCli(["validate", "-f", c.file], { timeoutMs: c.timeoutMs ?? HANG_MS });
      check(c, r);
    });
  }
});
