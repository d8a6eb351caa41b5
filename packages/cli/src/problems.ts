// Problems on standard error, in the format --error-format names:
//   text            FILE:LINE:COL: PATH: MESSAGE, like buf and compilers (editors
//                   and terminals make the location a link)
//   json            one JSON object per line: {file, line, column, path, message, rule}
//   github-actions  ::error file=FILE,line=LINE,col=COL,title=PATH::MESSAGE, which
//                   a GitHub Actions run shows as an annotation on the line
// Everything printed may echo input: control characters are written as escapes.
import type { Problem } from "@planton/sdk";
import { printable } from "@planton/sdk/problem";
import { type Io, paint } from "./io.js";

export type ErrorFormat = NonNullable<Io["errorFormat"]>;

/** The format of `io`'s problems (set from --error-format by main). */
export function errorFormatOf(io: Io): ErrorFormat {
  return io.errorFormat ?? "text";
}

export function withErrorFormat(io: Io, format: ErrorFormat): Io {
  return format === "text" ? io : { ...io, errorFormat: format };
}

/** `FILE:LINE:COL: ` (as much of it as is known), or "" without a file. */
export function location(p: Pick<Problem, "file" | "line" | "column">): string {
  if (p.file === undefined) return "";
  const parts: (string | number)[] = [p.file];
  if (p.line !== undefined) parts.push(p.line);
  if (p.line !== undefined && p.column !== undefined) parts.push(p.column);
  return `${parts.join(":")}: `;
}

export function formatProblemLine(io: Io, p: Problem): string {
  switch (errorFormatOf(io)) {
    case "json": {
      const o: Record<string, unknown> = { severity: "error" };
      if (p.file !== undefined) o.file = printable(p.file);
      if (p.line !== undefined) o.line = p.line;
      if (p.column !== undefined) o.column = p.column;
      o.path = printable(p.path);
      o.message = printable(p.message);
      o.rule = p.rule;
      return JSON.stringify(o);
    }
    case "github-actions": {
      const props: string[] = [];
      if (p.file !== undefined) props.push(`file=${ghProperty(printable(p.file))}`);
      if (p.line !== undefined) props.push(`line=${p.line}`);
      if (p.column !== undefined) props.push(`col=${p.column}`);
      if (p.path !== "") props.push(`title=${ghProperty(printable(p.path))}`);
      const text = printable(`${p.path === "" ? "" : `${p.path}: `}${p.message}`);
      return `::error${props.length > 0 ? ` ${props.join(",")}` : ""}::${ghData(text)}`;
    }
    default: {
      const where = location(p);
      const head = where === "" ? `${paint(io, "red", "error:")} ` : paint(io, "bold", printable(where));
      return `${head}${printable(`${p.path === "" ? "" : `${p.path}: `}${p.message}`)}`;
    }
  }
}

/** Problems, one per line, to standard error; in text, a count after several. */
export async function printProblems(io: Io, problems: readonly Problem[]): Promise<void> {
  for (const p of problems) io.err(`${formatProblemLine(io, p)}\n`);
  if (problems.length > 1 && errorFormatOf(io) === "text") io.err(`${problems.length} problems\n`);
}

/** An error without a location (usage, environment), in the chosen format. */
export function formatErrorLine(io: Io, message: string): string {
  switch (errorFormatOf(io)) {
    case "json":
      return JSON.stringify({ severity: "error", message: printable(message) });
    case "github-actions":
      return `::error::${ghData(printable(message))}`;
    default:
      return `${paint(io, "red", "error:")} ${printable(message)}`;
  }
}

// GitHub's workflow command escapes: data escapes %, CR and LF; properties also : and ,.
function ghData(s: string): string {
  return s.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

function ghProperty(s: string): string {
  return ghData(s).replaceAll(":", "%3A").replaceAll(",", "%2C");
}
