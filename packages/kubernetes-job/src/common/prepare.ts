// Component arguments → a defaulted, validated stack input message. Components
// call it before they register anything, so bad arguments create nothing.
import { create, type DescMessage, type MessageInitShape, type MessageValidType } from "@bufbuild/protobuf";
import { applyDefaults, findKind, formatProblem, PlantonError, unresolvedReferences, validate } from "@planton/sdk";

interface TargetShape {
  apiVersion: string;
  kind: string;
  metadata?: { name: string };
}

/**
 * Creates the stack input message `schema` from `args` (an init shape or an
 * already decoded message, which is not modified), fills the target's
 * apiVersion and kind when left empty, applies the schema defaults and
 * validates the result. Throws a PlantonError (ERR_PLANTON_INVALID_MANIFEST)
 * listing every problem, with paths such as `target.spec.image.repo`.
 */
export function prepareStackInput<Desc extends DescMessage>(
  schema: Desc,
  args: MessageInitShape<Desc>,
  kindName: string,
): MessageValidType<Desc> {
  const kind = findKind(kindName);
  if (!kind) throw new PlantonError("ERR_PLANTON_UNKNOWN_KIND", `unknown kind ${kindName}`);
  const input = applyDefaults(schema, create(schema, args));
  const target = (input as unknown as { target?: TargetShape }).target;
  if (target) {
    if (target.apiVersion === "") target.apiVersion = kind.apiVersion;
    if (target.kind === "") target.kind = kind.kind;
  }
  const problems = [...validate(schema, input).violations, ...unresolvedReferences(schema, input)];
  const first = problems[0];
  if (first) {
    const name = target?.metadata?.name ? ` "${target.metadata.name}"` : "";
    const more =
      problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
    throw new PlantonError(
      "ERR_PLANTON_INVALID_MANIFEST",
      `${kindName}${name} is invalid: ${formatProblem(first)}${more}`,
      { problems },
    );
  }
  return input as MessageValidType<Desc>;
}
