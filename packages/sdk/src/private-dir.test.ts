import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import { describe, test } from "node:test";
import { createPrivateDir, interruptedBy } from "./private-dir.js";

describe("private temporary directories", () => {
  test("are 0700, removed by remove() (twice is fine), and no signal is on record", () => {
    const dir = createPrivateDir("planton-test-");
    assert.equal(statSync(dir.path).mode & 0o777, 0o700);
    dir.remove();
    dir.remove();
    assert.equal(existsSync(dir.path), false);
    assert.equal(interruptedBy(), undefined);
  });
  // Removal on SIGINT/SIGTERM is tested on real processes in test/robustness/hostile-exits.test.mjs.
});
