import { formatProblem, type Problem } from "./problem.js";

/** Stable codes of the errors Planton reports; tools may switch on them. */
export type PlantonErrorCode =
  | "ERR_PLANTON_INVALID_MANIFEST"
  | "ERR_PLANTON_STACK_INPUT"
  | "ERR_PLANTON_UNKNOWN_KIND"
  | "ERR_PLANTON_BAD_OVERRIDE"
  | "ERR_PLANTON_UNRESOLVED_REFERENCE"
  | "ERR_PLANTON_USAGE"
  | "ERR_PLANTON_IO"
  | "ERR_PLANTON_PULUMI";

/**
 * The one error type for bad input and environment problems: a stable code, a
 * one-paragraph message, an optional hint and the problems behind it. Anything
 * else thrown is a bug.
 */
export class PlantonError extends Error {
  override name = "PlantonError";
  readonly code: PlantonErrorCode;
  readonly hint: string | undefined;
  readonly problems: Problem[];

  constructor(
    code: PlantonErrorCode,
    message: string,
    opts: { hint?: string | undefined; problems?: Problem[]; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.hint = opts.hint;
    this.problems = opts.problems ?? [];
  }

  /** The message, the problems it does not already name (one per line), and the hint. */
  describe(): string {
    const rest = this.problems.filter((p) => !this.message.includes(p.message));
    const lines = [this.message, ...rest.map((p) => `  ${formatProblem(p)}`)];
    if (this.hint !== undefined) lines.push(`hint: ${this.hint}`);
    return lines.join("\n");
  }
}

export function isPlantonError(e: unknown): e is PlantonError {
  return e instanceof PlantonError;
}
