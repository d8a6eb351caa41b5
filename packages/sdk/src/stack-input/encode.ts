// Encoding a stack input as YAML, JSON or binary protobuf, and as base64 for
// the STACK_INPUT variable.
import { type Message, toBinary, toJson } from "@bufbuild/protobuf";
import { stringify } from "yaml";
import type { KindInfo } from "../kinds.js";
import { schemaRegistry } from "../schemas.js";

export type StackInputFormat = "yaml" | "json" | "binary";

/** The stack input as ProtoJSON (camelCase), for YAML or JSON output. */
export function stackInputJson(kind: KindInfo, input: Message): unknown {
  return toJson(kind.stackInputSchema, input, { registry: schemaRegistry() });
}

/** Encodes a stack input as text (yaml, json) or bytes (binary). */
export function serializeStackInput(kind: KindInfo, input: Message, format: StackInputFormat): Uint8Array {
  switch (format) {
    case "binary":
      return toBinary(kind.stackInputSchema, input);
    case "json":
      return Buffer.from(`${JSON.stringify(stackInputJson(kind, input), null, 2)}\n`);
    case "yaml":
      return Buffer.from(stringify(stackInputJson(kind, input), { lineWidth: 0 }));
  }
}

/** One line of base64, ready for `STACK_INPUT=$(...)`. */
export function encodeStackInput(kind: KindInfo, input: Message, format: StackInputFormat = "yaml"): string {
  return Buffer.from(serializeStackInput(kind, input, format)).toString("base64");
}
