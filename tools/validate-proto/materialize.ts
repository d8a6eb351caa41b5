// Writes buf/validate/validate.proto, printed from the descriptor embedded in the
// pinned @bufbuild/protovalidate, into the git-ignored buf module `.proto-deps/`.
// Runs before `buf generate`/`buf lint`; rewrites the file only when it changed.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRegistry } from "@bufbuild/protobuf";
import { file_google_protobuf_descriptor } from "@bufbuild/protobuf/wkt";
import { file_buf_validate_validate } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { printFileDescriptor } from "./print-proto.ts";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const validateProtoPath = join(repoRoot, ".proto-deps", "buf", "validate", "validate.proto");

export function protovalidateVersion(): string {
  const require = createRequire(import.meta.url);
  const pkgJson = join(dirname(require.resolve("@bufbuild/protovalidate")), "..", "..", "package.json");
  return (JSON.parse(readFileSync(pkgJson, "utf8")) as { version: string }).version;
}

export function renderValidateProto(): string {
  const registry = createRegistry(file_buf_validate_validate, file_google_protobuf_descriptor);
  const header = [
    `// Generated from the descriptor embedded in @bufbuild/protovalidate@${protovalidateVersion()}`,
    "// by tools/validate-proto/materialize.ts. Do not edit.",
    "",
  ].join("\n");
  return header + printFileDescriptor(file_buf_validate_validate.proto, registry);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = renderValidateProto();
  let current = "";
  try {
    current = readFileSync(validateProtoPath, "utf8");
  } catch {
    // Not materialised yet.
  }
  if (current !== text) {
    mkdirSync(dirname(validateProtoPath), { recursive: true });
    writeFileSync(validateProtoPath, text);
    console.error(`wrote ${validateProtoPath.slice(repoRoot.length + 1)}`);
  }
}
