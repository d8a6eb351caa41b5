// The error of a stack input a module cannot use, naming where it came from.
import { PlantonError } from "../error.js";
import { type Problem, summarizeProblems } from "../problem.js";

export const HOW_TO =
  "Set STACK_INPUT to base64 of a stack input or manifest (YAML, JSON or binary protobuf), e.g. STACK_INPUT=$(base64 -w0 stack-input.yaml), or STACK_INPUT_FILE to its path.";

export function stackInputError(origin: string, message: string, problems: Problem[] = []): PlantonError {
  const first = problems[0];
  // The origin names the source already; say where in it as words, not as a file name.
  const where = first?.line === undefined ? "" : ` at line ${first.line}, column ${first.column}`;
  const text = first ? `${origin} is invalid${where}: ${summarizeProblems(problems, false)}` : `${origin} ${message}`;
  return new PlantonError("ERR_PLANTON_STACK_INPUT", text, { problems, hint: first ? undefined : HOW_TO });
}
