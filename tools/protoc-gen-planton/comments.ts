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

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s/;

/**
 * A comment as Markdown for editors: the lines of a hard-wrapped paragraph joined
 * with spaces (Markdown renderers in hovers keep single line breaks), paragraphs,
 * list items and fenced or indented code kept as written.
 */
export function markdownParagraphs(text: string): string {
  const out: string[] = [];
  let fenced = false;
  let joinable = false;
  for (const line of text.split("\n")) {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      out.push(line);
      joinable = false;
    } else if (fenced || line.trim() === "" || /^ {4}|^\t/.test(line)) {
      out.push(line);
      joinable = false;
    } else if (LIST_ITEM.test(line)) {
      out.push(line);
      joinable = true;
    } else if (joinable && out.length > 0) {
      out[out.length - 1] = `${out[out.length - 1]} ${line.trim()}`;
    } else {
      out.push(line);
      joinable = true;
    }
  }
  return out.join("\n");
}
