// A module's exported outputs → the kind's StackOutputs message → the manifest's
// status.outputs.
import { create, type Message, toJson } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import { type Document, parseDocument } from "yaml";
import { PlantonError } from "./error.js";
import type { KindInfo } from "./kinds.js";
import { schemaRegistry } from "./schemas.js";

/**
 * Maps exported outputs (named as in stack_outputs.proto, `job_name`, or in
 * camelCase, `jobName`) onto the kind's StackOutputs. Outputs of other names are
 * ignored; a value of the wrong type is an error.
 */
export function outputsToMessage(kind: KindInfo, outputs: Record<string, unknown>): Message {
  const msg = create(kind.stackOutputsSchema);
  const r = reflect(kind.stackOutputsSchema, msg);
  for (const field of kind.stackOutputsSchema.fields) {
    const value = outputs[field.name] ?? outputs[field.jsonName];
    if (value === undefined || value === null) continue;
    if (field.fieldKind !== "scalar") continue;
    if (typeof value === "object") {
      throw new PlantonError(
        "ERR_PLANTON_PULUMI",
        `output ${field.name} should be a ${field.scalar === 9 ? "string" : "scalar"}, got ${Array.isArray(value) ? "a list" : "an object"}`,
        {
          hint: `the stack was deployed by another program or version: its outputs should be those of ${kind.stackOutputsSchema.name} (see \`pulumi stack output --json\`)`,
        },
      );
    }
    r.set(field, typeof value === "string" ? value : String(value));
  }
  return msg;
}

/** The outputs as ProtoJSON (camelCase), as they appear under status.outputs. */
export function outputsJson(kind: KindInfo, outputs: Message): Record<string, unknown> {
  return toJson(kind.stackOutputsSchema, outputs, { registry: schemaRegistry() }) as Record<string, unknown>;
}

/**
 * Writes `outputs` into the manifest text's status.outputs and returns the new
 * text, keeping the rest of the document, comments included, as it was.
 */
export function writeStatusOutputs(manifestText: string, kind: KindInfo, outputs: Message): string {
  const doc: Document = parseDocument(manifestText, { keepSourceTokens: true });
  if (doc.errors.length > 0)
    throw new PlantonError(
      "ERR_PLANTON_INVALID_MANIFEST",
      `cannot update status: ${(doc.errors[0]?.message ?? "").split("\n")[0]?.replace(/ at line (\d+), column (\d+):?$/, " (line $1, column $2)")}`,
    );
  doc.setIn(["status", "outputs"], doc.createNode(outputsJson(kind, outputs)));
  return doc.toString({ lineWidth: 0 });
}
