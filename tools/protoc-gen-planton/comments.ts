// Comments of schema elements as documentation text: the leading comment, with
// the one space after `//` removed and line breaks kept.
import type { AnyDesc, DescFile } from "@bufbuild/protobuf";
import { getComments } from "@bufbuild/protoplugin";

function clean(raw: string | undefined): string {
  if (raw === undefined) return "";
  return raw
    .split("\n")
    .map((line) => (line.startsWith(" ") ? line.slice(1) : line).trimEnd())
    .join("\n")
    .trim();
}

/** The leading comment of an element (its trailing comment when it has no leading one). */
export function docComment(desc: Exclude<AnyDesc, DescFile>): string {
  const c = getComments(desc);
  return clean(c.leading) || clean(c.trailing);
}
