// docs/fields.json: the proto comments of every message, field, enum and enum
// value of the schema, by fully-qualified name. `planton explain` reads it
// together with the descriptors at run time (comments are not in the embedded
// descriptors of generated code).
import type { DescFile } from "@bufbuild/protobuf";
import { nestedTypes } from "@bufbuild/protobuf/reflect";
import { docComment } from "./comments.ts";

export interface MessageDocs {
  comment: string;
  /** By proto field name, in declaration order. */
  fields: Record<string, string>;
}

export interface EnumDocs {
  comment: string;
  /** By value name, in declaration order. */
  values: Record<string, string>;
}

export type FieldDocs = Record<string, MessageDocs | EnumDocs>;

export function fieldDocs(files: Iterable<DescFile>): FieldDocs {
  const entries: [string, MessageDocs | EnumDocs][] = [];
  for (const file of files) {
    for (const type of nestedTypes(file)) {
      if (type.kind === "message") {
        const fields: Record<string, string> = {};
        for (const f of type.fields) fields[f.name] = docComment(f);
        entries.push([type.typeName, { comment: docComment(type), fields }]);
      } else if (type.kind === "enum") {
        const values: Record<string, string> = {};
        for (const v of type.values) values[v.name] = docComment(v);
        entries.push([type.typeName, { comment: docComment(type), values }]);
      }
    }
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}
