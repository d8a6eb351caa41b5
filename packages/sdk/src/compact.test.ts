import assert from "node:assert/strict";
import { test } from "node:test";
import { compact } from "./compact.js";

test("compact drops the keys whose value is undefined and keeps falsy values", () => {
  const out = compact({ a: 1, b: undefined, c: "", d: 0, e: false, f: null });
  assert.deepEqual(out, { a: 1, c: "", d: 0, e: false, f: null });
  assert.equal("b" in out, false);
});
