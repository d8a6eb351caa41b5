// Validation of whole manifests and stack inputs with the validators generated
// into gen/ from the buf.validate rules (protovalidate is the oracle they are tested
// against), reported in the manifest's own terms: camelCase paths and source
// positions.
import {
  type DescField,
  type DescMessage,
  type DescOneof,
  getOption,
  hasOption,
  type Message,
} from "@bufbuild/protobuf";
import { field as fieldRules } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { validate as generatedValidate, type Violation } from "@planton/gen/validators/index.js";
import { joinField, joinIndex, joinKey } from "./field-path.js";
import { type Problem, problem } from "./problem.js";
import { extraRules } from "./rules.js";
import type { SourceMap } from "./source.js";

export interface ValidationResult {
  valid: boolean;
  violations: Problem[];
}

/**
 * Checks `message` against every rule of its schema. Never throws for bad input;
 * a rule that cannot be evaluated is reported as a violation with rule
 * "validator.error".
 */
export function validate(
  schema: DescMessage,
  message: Message,
  sourceMap?: SourceMap,
  basePath = "",
): ValidationResult {
  const result = generatedValidate(schema, message);
  const violations: Problem[] = [];
  if (result.kind === "error") {
    violations.push(
      problem(basePath, `the schema's rules could not be evaluated: ${result.error.message}`, "validator.error"),
    );
  } else if (result.kind === "invalid") {
    for (const v of result.violations) violations.push(toProblem(v, sourceMap, basePath));
  }
  for (const p of extraRules(schema, message, basePath)) violations.push(p);
  for (const v of violations) {
    const at = sourceMap?.locate(v.path);
    if (at && v.line === undefined) {
      v.line = at.line;
      v.column = at.column;
    }
    if (sourceMap && v.file === undefined) v.file = sourceMap.file;
  }
  violations.sort(
    (a, b) =>
      (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) || (a.column ?? 0) - (b.column ?? 0),
  );
  return { valid: violations.length === 0, violations };
}

type PathItem = Violation["field"][number];

/** `spec.volumeMounts[1].mountPath` from protovalidate's field path. */
export function violationPath(items: readonly PathItem[], basePath = ""): string {
  let path = basePath;
  for (const item of items) {
    switch (item.kind) {
      case "field":
      case "extension":
        path = joinField(path, (item as DescField).jsonName ?? item.name);
        break;
      case "oneof":
        // A oneof has no key of its own in the manifest: report it at its message.
        break;
      case "list_sub":
        path = joinIndex(path, item.index);
        break;
      case "map_sub":
        path = joinKey(path, String(item.key));
        break;
    }
  }
  return path;
}

/** The numbers of a field's `enum.in` (or `enum.not_in`) rule. */
function enumRuleNumbers(field: DescField, isIn: boolean): number[] {
  if (!hasOption(field, fieldRules)) return [];
  const rules = getOption(field, fieldRules);
  if (rules.type.case !== "enum") return [];
  return isIn ? rules.type.value.in : rules.type.value.notIn;
}

/**
 * Why a field upstream Project Planton leaves optional is required here: the
 * objects would be rejected by Kubernetes, so the message says so.
 */
const WHY_REQUIRED: Record<string, string> = {
  "org.project_planton.provider.kubernetes.kubernetesjob.v1.KubernetesJobSpec.image":
    ": Kubernetes rejects a container without an image",
  "org.project_planton.provider.kubernetes.ContainerImage.repo": ": Kubernetes rejects a container without an image",
};

function toProblem(v: Violation, sourceMap: SourceMap | undefined, basePath: string): Problem {
  const path = violationPath(v.field, basePath);
  let message = v.message;
  const last = v.field.at(-1);
  if (last?.kind === "oneof") {
    const members = (last as DescOneof).fields.map((f) => f.jsonName).join(", ");
    message = `set exactly one of ${members}`;
  } else if ((v.ruleId === "enum.in" || v.ruleId === "enum.not_in") && last?.kind === "field") {
    // protovalidate lists the numbers; a manifest spells enum values by name.
    const values = (last as DescField).enum?.values ?? [];
    const names = enumRuleNumbers(last as DescField, v.ruleId === "enum.in").map(
      (n) => values.find((x) => x.number === n)?.name ?? String(n),
    );
    if (names.length > 0) message = `must be ${v.ruleId === "enum.in" ? "one" : "none"} of ${names.join(", ")}`;
  } else if (v.ruleId === "required" && last?.kind === "field") {
    message = `is required${WHY_REQUIRED[`${(last as DescField).parent.typeName}.${(last as DescField).name}`] ?? ""}`;
  }
  if (v.forKey) message = `key: ${message}`;
  const p = problem(path, message, v.ruleId === "" ? "cel" : v.ruleId);
  const at = v.forKey ? sourceMap?.keyOf(path) : sourceMap?.locate(path);
  if (at) {
    p.line = at.line;
    p.column = at.column;
  }
  return p;
}
