// Messages generated from their descriptors for property tests: any subset of
// fields set, values at and around the boundaries of the schema's rules (names,
// paths, quantities, ranges), broken values and noise.
import { create, type DescField, type DescMessage, type Message, ScalarType } from "@bufbuild/protobuf";
import fc from "fast-check";

// Values at and around the boundaries of the schema's rules, and some noise.
const strings = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      "",
      "a",
      "my-name",
      "x1",
      "nightly-report",
      "-bad",
      "bad-",
      "UPPER",
      "a".repeat(53),
      "a".repeat(54),
      "a".repeat(62),
      "a".repeat(63),
      "a".repeat(64),
      "a".repeat(253),
      "a".repeat(254),
      `${"a".repeat(254)}/x`,
      "example.com",
      "ex..com",
      "example.com/my-key",
      "project-planton.org/x",
      "/data",
      "/data/../x",
      "../x",
      "a/../b",
      "..",
      ".",
      "..x",
      "config/app.yaml",
      "500m",
      "1Gi",
      "2",
      "1.5",
      "1e3",
      "+1",
      "-1",
      ".5",
      "Memory",
      "HugePages",
      "HugePages-2Mi",
      "HugePages-x",
      "Indexed",
      "NonIndexed",
      "OnFailure",
      "Never",
      "Always",
      "Directory",
      "https://charts.example.com",
      "oci://r/c",
      "ftp://x",
      "v1.2.3",
      "0.4.0-rc.1",
      "1.2",
      "ghcr.io/acme/app",
      "a b",
      "tab\there",
      "é",
      "𝑎".repeat(40),
      "A_KEY",
      "1KEY",
      "my.key",
      '{"auths":{}}',
      "x\ny",
    ),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 10 }) },
);

const int32s = fc.oneof(fc.constantFrom(0, 1, -1, 62, 63, 511, 512, 2147483647, -2147483648), fc.integer());
const uint32s = fc.oneof(
  fc.constantFrom(0, 1, 2, 99999, 100000, 100001, 604800, 604801, 65535, 65536, 2147483647, 2147483648, 4294967295),
  fc.nat({ max: 4294967295 }),
);
const int64s = fc.oneof(
  fc.constantFrom(0n, 1n, -1n, 9007199254740991n, 9007199254740992n),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
);
const uint64s = fc.oneof(
  fc.constantFrom(0n, 1n, 9007199254740991n, 9007199254740992n, 2n ** 64n - 1n),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
);

function scalarArb(s: ScalarType): fc.Arbitrary<unknown> {
  switch (s) {
    case ScalarType.STRING:
      return strings;
    case ScalarType.BOOL:
      return fc.boolean();
    case ScalarType.BYTES:
      return fc.uint8Array({ maxLength: 4 });
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return fc.double({ noNaN: true });
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return int32s;
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return uint32s;
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return uint64s;
    default:
      return int64s;
  }
}

function valueArb(f: DescField, depth: number, element: boolean): fc.Arbitrary<unknown> {
  const kind = element
    ? f.fieldKind === "list"
      ? f.listKind
      : f.fieldKind === "map"
        ? f.mapKind
        : f.fieldKind
    : f.fieldKind;
  if (!element && f.fieldKind === "list") return fc.array(valueArb(f, depth, true), { maxLength: 3 });
  if (!element && f.fieldKind === "map")
    return fc
      .array(fc.tuple(scalarArb(f.mapKey), valueArb(f, depth, true)), { maxLength: 3 })
      .map((entries) => Object.fromEntries(entries.map(([k, v]) => [String(k), v])));
  switch (kind) {
    case "message":
      return messageArb((f as { message: DescMessage }).message, depth + 1);
    case "enum": {
      const values = (f as { enum: { values: { number: number }[] } }).enum.values.map((v) => v.number);
      return fc.oneof(fc.constantFrom(...values), fc.constant(99));
    }
    default:
      return scalarArb((f as { scalar: ScalarType }).scalar);
  }
}

/** Messages of `desc` with any subset of fields set, oneofs with one member or none. */
export function messageArb(desc: DescMessage, depth = 0): fc.Arbitrary<Message> {
  if (depth > 6) return fc.constant(create(desc));
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of desc.fields)
    if (!f.oneof) parts[f.localName] = fc.option(valueArb(f, depth, false), { nil: undefined, freq: 3 });
  for (const o of desc.oneofs)
    parts[o.localName] = fc.oneof(
      fc.constant(undefined),
      ...o.fields.map((f) => valueArb(f, depth, false).map((value) => ({ case: f.localName, value }))),
    );
  return fc.record(parts).map((init) => {
    const clean: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(init)) if (v !== undefined) clean[k] = v;
    return create(desc, clean as never);
  });
}
