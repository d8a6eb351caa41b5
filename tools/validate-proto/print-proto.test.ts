import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { clone, equals, fromBinary, toJson } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { file_buf_validate_validate } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { renderValidateProto, repoRoot } from "./materialize.ts";

const buf = join(repoRoot, "node_modules", ".bin", "buf");

function compile(source: string) {
  const dir = mkdtempSync(join(tmpdir(), "planton-validate-proto-"));
  try {
    mkdirSync(join(dir, "buf", "validate"), { recursive: true });
    writeFileSync(join(dir, "buf.yaml"), "version: v2\n");
    writeFileSync(join(dir, "buf", "validate", "validate.proto"), source);
    const out = join(dir, "image.binpb");
    execFileSync(buf, ["build", dir, "--exclude-source-info", "-o", out], { stdio: ["ignore", "ignore", "pipe"] });
    const set = fromBinary(FileDescriptorSetSchema, readFileSync(out));
    const file = set.file.find((f) => f.name === "buf/validate/validate.proto");
    assert.ok(file, "buf's image holds buf/validate/validate.proto");
    return file;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("printed validate.proto compiles with buf to the descriptor @bufbuild/protovalidate embeds", () => {
  const compiled = compile(renderValidateProto());
  const embedded = clone(FileDescriptorProtoSchema, file_buf_validate_validate.proto);
  // protoc-gen-es drops `syntax = "proto2"` when it embeds a descriptor (proto2 is the default).
  if (compiled.syntax === "proto2") compiled.syntax = "";
  if (!equals(FileDescriptorProtoSchema, compiled, embedded)) {
    // Show the first difference, not two 400-line dumps.
    const a = JSON.stringify(toJson(FileDescriptorProtoSchema, compiled), null, 1).split("\n");
    const b = JSON.stringify(toJson(FileDescriptorProtoSchema, embedded), null, 1).split("\n");
    const i = a.findIndex((line, n) => line !== b[n]);
    assert.fail(
      `descriptors differ at line ${i}:\n compiled: ${a.slice(i - 3, i + 3).join("\n")}\n embedded: ${b.slice(i - 3, i + 3).join("\n")}`,
    );
  }
});

test("the materialised file on disk is the current rendering", () => {
  const onDisk = readFileSync(join(repoRoot, ".proto-deps", "buf", "validate", "validate.proto"), "utf8");
  assert.equal(onDisk, renderValidateProto());
});
