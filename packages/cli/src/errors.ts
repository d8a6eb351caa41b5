// The CLI's errors are the SDK's one error type, PlantonError: a usage error is a
// PlantonError with code ERR_PLANTON_USAGE. `main` tells them apart with
// `instanceof` and the code, never by the error's name.
import { PlantonError, type PlantonErrorCode } from "@planton/sdk/error";

export { PlantonError };

/** A mistake on the command line: exit 2 and a pointer to the command's --help. */
export class UsageError extends PlantonError {
  constructor(message: string) {
    super("ERR_PLANTON_USAGE", message);
  }
}

/** Codes that mean "the input is invalid" (exit 1); every other PlantonError is a usage or environment error (exit 2). */
const invalidInput: ReadonlySet<PlantonErrorCode> = new Set([
  "ERR_PLANTON_INVALID_MANIFEST",
  "ERR_PLANTON_STACK_INPUT",
  "ERR_PLANTON_UNRESOLVED_REFERENCE",
  "ERR_PLANTON_BAD_OVERRIDE",
]);

export function exitCodeOf(e: PlantonError): number {
  return invalidInput.has(e.code) ? 1 : 2;
}
