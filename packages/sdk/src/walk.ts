import type { ReflectMessage } from "@bufbuild/protobuf/reflect";
import { joinField, joinIndex, joinKey } from "./field-path.js";

/**
 * Calls `visit` for `r` and every message set below it, with its manifest path.
 * Returning false from `visit` skips that message's children.
 */
export function walkMessages(
  r: ReflectMessage,
  path: string,
  visit: (m: ReflectMessage, path: string) => boolean | undefined,
): void {
  if (visit(r, path) === false) return;
  for (const field of r.fields) {
    if (!r.isSet(field)) continue;
    const p = joinField(path, field.jsonName);
    if (field.fieldKind === "message") walkMessages(r.get(field), p, visit);
    else if (field.fieldKind === "list" && field.listKind === "message") {
      let i = 0;
      for (const item of r.get(field)) walkMessages(item as ReflectMessage, joinIndex(p, i++), visit);
    } else if (field.fieldKind === "map" && field.mapKind === "message") {
      for (const [k, v] of r.get(field)) walkMessages(v as ReflectMessage, joinKey(p, String(k)), visit);
    }
  }
}
