import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { compareQuantities, parseQuantity, parseQuantityExact } from "./quantity.js";

describe("parseQuantity", () => {
  test("reads decimal SI suffixes, binary suffixes and exponents in base units", () => {
    assert.equal(parseQuantity("500m"), 0.5);
    assert.equal(parseQuantity("2"), 2);
    assert.equal(parseQuantity("1.5"), 1.5);
    assert.equal(parseQuantity(".5"), 0.5);
    assert.equal(parseQuantity("1k"), 1000);
    assert.equal(parseQuantity("1Ki"), 1024);
    assert.equal(parseQuantity("256Mi"), 256 * 2 ** 20);
    assert.equal(parseQuantity("1.5Gi"), 1.5 * 2 ** 30);
    assert.equal(parseQuantity("1G"), 1e9);
    assert.equal(parseQuantity("1e3"), 1000);
    assert.ok(Math.abs((parseQuantity("100n") as number) - 100e-9) < 1e-18);
  });

  test("orders quantities across notations: 1Gi > 1G, 2000m = 2, 1.5 > 1000m", () => {
    assert.ok((parseQuantity("1Gi") as number) > (parseQuantity("1G") as number));
    assert.equal(parseQuantity("2000m"), parseQuantity("2"));
    assert.ok((parseQuantity("1.5") as number) > (parseQuantity("1000m") as number));
  });

  test("returns undefined for text that is not a quantity", () => {
    for (const bad of ["", "two", "1 Gi", "1GB", "1gi", "Gi", "1e", "0x10", "1..2"]) {
      assert.equal(parseQuantity(bad), undefined, bad);
    }
  });

  test("property: n<suffix> is n times the suffix's multiplier for every suffix", () => {
    const suffixes: Record<string, number> = {
      "": 1,
      m: 1e-3,
      k: 1e3,
      M: 1e6,
      G: 1e9,
      Ki: 1024,
      Mi: 2 ** 20,
      Gi: 2 ** 30,
    };
    fc.assert(
      fc.property(fc.nat(100000), fc.constantFrom(...Object.keys(suffixes)), (n, s) => {
        assert.equal(parseQuantity(`${n}${s}`), n * (suffixes[s] as number));
      }),
      { numRuns: 200 },
    );
  });

  test("property: parseQuantity never throws and returns a number or undefined", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const q = parseQuantity(s);
        assert.ok(q === undefined || typeof q === "number");
      }),
      { numRuns: 200 },
    );
  });
});

describe("compareQuantities", () => {
  const cmp = (a: string, b: string) => {
    const x = parseQuantityExact(a);
    const y = parseQuantityExact(b);
    assert.ok(x && y, `${a} and ${b} parse`);
    return compareQuantities(x, y);
  };

  test("compares across suffixes exactly", () => {
    assert.equal(cmp("500m", "0.5"), 0);
    assert.equal(cmp("1Gi", "1073741824"), 0);
    assert.equal(cmp("1G", "1Gi"), -1);
    assert.equal(cmp("1e3", "1k"), 0);
    assert.equal(cmp("1.5", "1500m"), 0);
    assert.equal(cmp("2000m", "1"), 1);
  });

  test("tells integers above 2^53 apart, which doubles cannot", () => {
    assert.equal(cmp("9007199254740993", "9007199254740992"), 1);
    assert.equal(
      parseQuantity("9007199254740993") === parseQuantity("9007199254740992"),
      true,
      "the double view loses it",
    );
  });

  test("refuses what is not a quantity", () => {
    for (const bad of ["", ".", "1.5.1", "-1", "1GB", "1e", "1e99999"])
      assert.equal(parseQuantityExact(bad), undefined, bad);
  });
});
