// protoc-gen-planton: generates, from the schema, what editors and the CLI read
// besides code. The `emit` option selects the output, so that each can have its
// own `out` directory under buf's `clean: true`:
//   emit=jsonschema  <kind-kebab>.schema.json for each kind (JSON Schema 2020-12)
//                    and planton.schema.json for all of them, selected by `kind`
//   emit=docs        fields.json (proto comments by fully-qualified name)
//   emit=validators  validators/index.ts and validators/runtime.ts: a validation
//                    function per message compiled from its buf.validate rules
// Run with `strategy: all`: the docs cover every file of the request.
import { create, createFileRegistry, type DescExtension, type DescFile } from "@bufbuild/protobuf";
import {
  type CodeGeneratorRequest,
  type CodeGeneratorResponse,
  CodeGeneratorResponse_Feature,
  CodeGeneratorResponseSchema,
  FileDescriptorSetSchema,
} from "@bufbuild/protobuf/wkt";
import type { Plugin } from "@bufbuild/protoplugin";
import { fieldDocs } from "./field-docs.ts";
import { COMBINED_SCHEMA_FILE, combinedSchema, KindSchemaBuilder } from "./json-schema.ts";
import { jsonText } from "./json-text.ts";
import { findKinds } from "./kinds.ts";
import { createPlantonOptions } from "./planton-options.ts";
import { PluginError } from "./plugin-error.ts";
import { generateValidators } from "./validators.ts";

type Emit = "jsonschema" | "docs" | "validators";

function parseEmit(parameter: string): Emit {
  const options = parameter.split(",").filter((p) => p !== "");
  let emit: Emit | undefined;
  for (const option of options) {
    const [key, value] = option.split("=", 2);
    if (key === "emit" && (value === "jsonschema" || value === "docs" || value === "validators")) emit = value;
    else throw new PluginError(`unknown option "${option}": expected emit=jsonschema or emit=docs or emit=validators`);
  }
  if (!emit) throw new PluginError("missing option: emit=jsonschema or emit=docs or emit=validators");
  return emit;
}

export function generate(request: CodeGeneratorRequest): { name: string; content: string }[] {
  const emit = parseEmit(request.parameter);
  const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: request.protoFile }));
  const targets: DescFile[] = request.fileToGenerate.map((name) => {
    const file = registry.getFile(name);
    if (!file) throw new PluginError(`file to generate ${name} is not in the request`);
    return file;
  });
  if (emit === "docs") return [{ name: "fields.json", content: jsonText(fieldDocs(targets)) }];
  if (emit === "validators") return generateValidators(registry, targets);

  const extensions: DescExtension[] = [];
  for (const type of registry) if (type.kind === "extension") extensions.push(type);
  const options = createPlantonOptions(registry);
  const kinds = findKinds(targets).map((kind) => ({
    kind,
    schema: new KindSchemaBuilder(options, extensions).build(kind),
  }));
  const files = kinds.map(({ kind, schema }) => ({ name: kind.fileName, content: jsonText(schema) }));
  if (kinds.length) files.push({ name: COMBINED_SCHEMA_FILE, content: jsonText(combinedSchema(kinds)) });
  return files;
}

export const plantonPlugin: Plugin = {
  name: "protoc-gen-planton",
  version: "v0.1.0",
  run(request: CodeGeneratorRequest): CodeGeneratorResponse {
    const supportedFeatures = BigInt(CodeGeneratorResponse_Feature.PROTO3_OPTIONAL);
    try {
      return create(CodeGeneratorResponseSchema, { supportedFeatures, file: generate(request) });
    } catch (e) {
      if (e instanceof PluginError) return create(CodeGeneratorResponseSchema, { supportedFeatures, error: e.message });
      throw e;
    }
  },
};
