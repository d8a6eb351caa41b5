/** Where in a source file something is; 1-based, like a compiler. */
export interface Position {
  line: number;
  column: number;
}

/**
 * One thing wrong with a manifest or stack input: a field path in the manifest's
 * own camelCase spelling (`spec.volumeMounts[1].mountPath`), a message, the id of
 * the rule that failed and, when known, where it is in the source.
 */
export interface Problem {
  path: string;
  message: string;
  rule: string;
  line?: number;
  column?: number;
  file?: string;
}

/**
 * Formats a problem like a compiler, the location first so that editors and CI
 * link it: `job.yaml:12:7: spec.restartPolicy: value must be ...`.
 */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.line === undefined ? undefined : p.column].filter((x) => x !== undefined).join(":");
  const head = where === "" ? "" : `${where}: `;
  return printable(`${head}${p.path === "" ? "" : `${p.path}: `}${p.message}`);
}

// Control characters, bidirectional overrides and invisible characters copied from
// the input would hide or reorder text on a terminal ("Trojan Source").
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const unprintable = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** `text` with control, bidi and invisible characters written as `\uXXXX` escapes. */
export function printable(text: string): string {
  return text.replace(unprintable, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`);
}

/**
 * The problems of one input in one line: the first, formatted (without its file,
 * line and column when `located` is false, for callers that say where in their
 * own words), and how many more there are.
 */
export function summarizeProblems(problems: readonly Problem[], located = true): string {
  const first = problems[0];
  if (!first) return "";
  const shown = located ? first : { path: first.path, message: first.message, rule: first.rule };
  const n = problems.length - 1;
  return `${formatProblem(shown)}${n > 0 ? ` (and ${n} more problem${n > 1 ? "s" : ""})` : ""}`;
}

export function problem(path: string, message: string, rule: string, at?: Position, file?: string): Problem {
  const p: Problem = { path, message, rule };
  if (at) {
    p.line = at.line;
    p.column = at.column;
  }
  if (file !== undefined) p.file = file;
  return p;
}
