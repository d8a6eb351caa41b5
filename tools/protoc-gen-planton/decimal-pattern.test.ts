import assert from "node:assert/strict";
import { test } from "node:test";
import { decimalRangePattern } from "./decimal-pattern.ts";

function check(min: bigint, max: bigint, samples: bigint[]): void {
  const re = new RegExp(decimalRangePattern(min, max), "u");
  for (const n of samples) {
    const inRange = min <= n && n <= max;
    const text = n.toString();
    assert.equal(re.test(text), inRange, `${text} in [${min}, ${max}]`);
    const padded = n < 0n ? `-00${-n}` : `00${n}`;
    assert.equal(re.test(padded), inRange, `${padded} in [${min}, ${max}]`);
  }
}

test("small ranges match exactly the integers inside them, leading zeros allowed", () => {
  const samples: bigint[] = [];
  for (let i = -2100n; i <= 2100n; i++) samples.push(i);
  for (const [min, max] of [
    [0n, 0n],
    [0n, 9n],
    [0n, 10n],
    [0n, 100n],
    [0n, 1234n],
    [1n, 1n],
    [5n, 1234n],
    [100n, 2000n],
    [-50n, 50n],
    [-1234n, -5n],
    [-2000n, 0n],
  ] as const) {
    check(min, max, samples);
  }
});

test("64-bit limits", () => {
  const max = 2n ** 63n - 1n;
  const near = [
    0n,
    1n,
    max - 1n,
    max,
    max + 1n,
    10n ** 19n,
    2n ** 64n - 1n,
    2n ** 64n,
    -1n,
    -max,
    -max - 1n,
    -max - 2n,
  ];
  check(0n, max, near);
  check(-max - 1n, max, near);
  check(0n, 2n ** 64n - 1n, near);
});

test("not a decimal integer", () => {
  const re = new RegExp(decimalRangePattern(0n, 100n), "u");
  for (const s of ["", "-", "+1", "1.0", "1e2", " 1", "1 ", "0x10", "--1"])
    assert.equal(re.test(s), false, JSON.stringify(s));
});
