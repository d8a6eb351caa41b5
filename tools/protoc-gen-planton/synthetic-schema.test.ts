// The rule translation beyond what today's schema uses: a synthetic kind with
// every kind of rule the plugin translates, compiled by buf, generated in
// process, and checked against protovalidate value by value.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { create, createFileRegistry, fromBinary, fromJson, type JsonValue } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { createValidator } from "@bufbuild/protovalidate";
import { generate } from "./plugin.ts";
import { buf, createAjv, repoRoot } from "./testing.ts";

const WIDGET = "org/project_planton/provider/test/widget/v1/widget.proto";
const source = `syntax = "proto3";

package org.project_planton.provider.test.widget.v1;

import "buf/validate/validate.proto";

// A widget.
message Widget {
  option (buf.validate.message).cel = {
    id: "widget.custom"
    message: "not that name"
    expression: "this.name != 'wzz'"
  };
  string name = 1 [(buf.validate.field).string = {min_len: 2, max_len: 4, prefix: "w", not_in: ["wxyz"]}];
  string code = 2 [
    (buf.validate.field).string = {len: 3, suffix: ".x", contains: "-"},
    (buf.validate.field).ignore = IGNORE_IF_ZERO_VALUE
  ];
  int64 big = 3 [(buf.validate.field).int64 = {gt: -10, lt: 10000000000}];
  sint32 outside = 4 [(buf.validate.field).sint32 = {gt: 10, lt: 5}];
  uint64 pick = 5 [(buf.validate.field).uint64 = {in: [0, 3, 18446744073709551615]}];
  int32 nonzero = 6 [(buf.validate.field).required = true];
  bool must = 7 [(buf.validate.field).bool.const = true];
  Color color = 8 [(buf.validate.field).enum = {not_in: [2]}];
  Color required_color = 9 [(buf.validate.field).required = true];
  repeated string tags = 10 [(buf.validate.field).repeated = {
    min_items: 1
    max_items: 3
    unique: true
    items: {
      string: {pattern: "^[a-z]+$"}
    }
  }];
  map<int32, string> by_id = 11 [(buf.validate.field).map = {
    max_pairs: 2
    keys: {
      int32: {gte: 0, lte: 99}
    }
    values: {
      string: {min_len: 1}
    }
  }];
  oneof choice {
    string a = 12;
    int32 b = 13;
    Part c = 14;
  }
  optional uint32 opt = 15 [
    (buf.validate.field).uint32 = {gte: 5},
    (buf.validate.field).ignore = IGNORE_IF_ZERO_VALUE
  ];
  int32 zero_skip = 16 [
    (buf.validate.field).int32 = {gte: 5},
    (buf.validate.field).ignore = IGNORE_IF_ZERO_VALUE
  ];
  string always = 17 [
    (buf.validate.field).string.min_len = 3,
    (buf.validate.field).ignore = IGNORE_ALWAYS
  ];
  string konst = 18 [(buf.validate.field).string.const = "k"];
  repeated Part none = 19 [(buf.validate.field).repeated.max_items = 0];
  map<bool, Part> by_flag = 20;
  sfixed64 signed = 21 [(buf.validate.field).sfixed64 = {gte: -5, lte: 5, not_in: [0]}];
  repeated string codes = 22 [
    (buf.validate.field).repeated = {
      min_items: 2
      items: {
        string: {min_len: 2}
        ignore: IGNORE_IF_ZERO_VALUE
      }
    },
    (buf.validate.field).ignore = IGNORE_IF_ZERO_VALUE
  ];
  map<string, int32> counts = 23 [(buf.validate.field).map = {
    keys: {
      string: {pattern: "^[a-z]\\\\S*$"}
    }
    values: {
      int32: {gt: 0}
      ignore: IGNORE_IF_ZERO_VALUE
    }
  }];
}

// A color.
enum Color {
  COLOR_UNSPECIFIED = 0;
  COLOR_RED = 1;
  COLOR_BLUE = 2;
  COLOR_GREEN = 3;
}

// A part.
message Part {
  // Its id.
  string id = 1 [(buf.validate.field).required = true];
}
`;

const dir = mkdtempSync(join(tmpdir(), "planton-synthetic-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function build() {
  mkdirSync(join(dir, "proto", WIDGET, ".."), { recursive: true });
  mkdirSync(join(dir, "deps", "buf", "validate"), { recursive: true });
  writeFileSync(join(dir, "proto", WIDGET), source);
  copyFileSync(
    join(repoRoot, ".proto-deps", "buf", "validate", "validate.proto"),
    join(dir, "deps", "buf", "validate", "validate.proto"),
  );
  writeFileSync(join(dir, "buf.yaml"), "version: v2\nmodules:\n  - path: proto\n  - path: deps\n");
  const out = join(dir, "image.binpb");
  execFileSync(buf, ["build", dir, "-o", out], { stdio: ["ignore", "ignore", "pipe"] });
  return fromBinary(FileDescriptorSetSchema, readFileSync(out));
}

const image = build();
const registry = createFileRegistry(image);
const files = generate(
  create(CodeGeneratorRequestSchema, { protoFile: image.file, fileToGenerate: [WIDGET], parameter: "emit=jsonschema" }),
);
const schema = JSON.parse(files[0]?.content ?? "{}") as Record<string, unknown>;
const widget = registry.getMessage("org.project_planton.provider.test.widget.v1.Widget");
const validator = createValidator({ registry });

const base: Record<string, JsonValue> = {
  name: "wab",
  nonzero: 1,
  must: true,
  requiredColor: "COLOR_RED",
  tags: ["a"],
  konst: "k",
  signed: 1,
};

test("the synthetic kind is found and its schema compiles in strict mode", () => {
  assert.deepEqual(
    files.map((f) => f.name),
    ["widget.schema.json", "planton.schema.json"],
  );
  assert.ok(createAjv().compile(schema));
  const def = (schema.$defs as Record<string, Record<string, unknown>>)[
    "org.project_planton.provider.test.widget.v1.Widget"
  ];
  assert.match(String(def?.$comment), /widget\.custom \(not that name\)/);
  assert.deepEqual(def?.required, ["name", "nonzero", "must", "tags", "konst", "signed"]);
  // A required field with a proto name of its own may be written either way.
  assert.deepEqual(
    ((def?.allOf ?? []) as Record<string, unknown>[]).find((a) => JSON.stringify(a).includes("requiredColor")),
    {
      anyOf: [
        { properties: { requiredColor: true }, required: ["requiredColor"] },
        { properties: { required_color: true }, required: ["required_color"] },
      ],
    },
  );
});

const ABSENT = Symbol("absent");
const probes: Record<string, (JsonValue | typeof ABSENT)[]> = {
  name: [ABSENT, "", "w", "wa", "wabc", "wabcd", "xab", "wxyz", "wxy", "wä", 3],
  code: [ABSENT, "", "-.x", "a.x", "--.x", "-.xx", "a-.x"],
  big: [
    ABSENT,
    -11,
    -10,
    -9,
    0,
    9999999999,
    10000000000,
    "-9",
    "-10",
    "9999999999",
    "10000000000",
    "00012",
    "1.5",
    1.5,
  ],
  outside: [ABSENT, 0, 4, 5, 10, 11, -2147483648, 2147483647, 2147483648],
  pick: [ABSENT, 0, 1, 3, "3", "003", "18446744073709551615", "18446744073709551614", -1],
  nonzero: [ABSENT, 0, 1, -1],
  must: [ABSENT, true, false, "true"],
  color: [ABSENT, "COLOR_UNSPECIFIED", "COLOR_RED", "COLOR_BLUE", "COLOR_GREEN", "PURPLE"],
  requiredColor: [ABSENT, "COLOR_UNSPECIFIED", "COLOR_GREEN"],
  tags: [ABSENT, [], ["a"], ["a", "b", "c"], ["a", "b", "c", "d"], ["a", "a"], ["A"], [""]],
  byId: [
    ABSENT,
    {},
    { "0": "x" },
    { "99": "x" },
    { "100": "x" },
    { "-1": "x" },
    { "1": "" },
    { "1": "a", "2": "b", "3": "c" },
    { x: "a" },
  ],
  opt: [ABSENT, 0, 4, 5],
  zeroSkip: [ABSENT, 0, 4, 5],
  always: [ABSENT, "", "ab"],
  konst: [ABSENT, "", "k", "j"],
  none: [ABSENT, [], [{ id: "p" }]],
  byFlag: [ABSENT, { true: { id: "p" } }, { false: {} }, { yes: { id: "p" } }],
  signed: [ABSENT, -6, -5, 0, 5, 6, "-5", "0", "5", "6"],
  codes: [ABSENT, [], [""], ["", ""], ["", "a"], ["ab", "cd"]],
  counts: [ABSENT, {}, { a: 0 }, { a: -1 }, { a: 2 }, { A: 1 }, { "a b": 1 }, { "a\u00a0b": 1 }, { "a\tb": 1 }],
};
const oneofs: Record<string, JsonValue>[] = [
  {},
  { a: "" },
  { b: 0 },
  { c: { id: "p" } },
  { c: {} },
  { a: "x", b: 1 },
  { b: 1, c: { id: "p" } },
];

function protovalidateAccepts(json: Record<string, JsonValue>): boolean {
  assert.ok(widget);
  let message: ReturnType<typeof fromJson>;
  try {
    message = fromJson(widget, json, { registry });
  } catch {
    return false;
  }
  const result = validator.validate(widget, message);
  if (result.kind === "error") throw result.error;
  return result.kind === "valid";
}

test("JSON Schema and protovalidate agree on every rule kind", () => {
  const validate = createAjv().compile(schema);
  const disagreements: string[] = [];
  const judge = (json: Record<string, JsonValue>, label: string) => {
    const bySchema = validate(json);
    const byProtovalidate = protovalidateAccepts(json);
    if (bySchema !== byProtovalidate) {
      disagreements.push(
        `${label}: schema ${bySchema ? "accepts" : "rejects"}, protovalidate ${byProtovalidate ? "accepts" : "rejects"}`,
      );
    }
  };
  assert.ok(protovalidateAccepts(base), "the base widget is valid");
  for (const [field, values] of Object.entries(probes)) {
    for (const value of values) {
      const json = { ...base };
      if (value === ABSENT) delete json[field];
      else json[field] = value;
      judge(json, `${field} = ${value === ABSENT ? "<absent>" : JSON.stringify(value)}`);
    }
  }
  for (const members of oneofs) judge({ ...base, ...members }, `oneof ${JSON.stringify(members)}`);
  assert.deepEqual(disagreements, []);
});
