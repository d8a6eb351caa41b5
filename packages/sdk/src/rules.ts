// Rules the Kubernetes API server enforces that CEL in the schema cannot express
// (CEL has no quantity arithmetic). They report like schema rules: a path, a
// message and a stable rule id.
import type { DescMessage, Message } from "@bufbuild/protobuf";
import { type ReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import { joinField } from "./field-path.js";
import { type Problem, problem } from "./problem.js";
import { parseQuantity } from "./quantity.js";
import { walkMessages } from "./walk.js";

const CONTAINER_RESOURCES = "org.project_planton.provider.kubernetes.ContainerResources";

export function extraRules(schema: DescMessage, message: Message, basePath = ""): Problem[] {
  const out: Problem[] = [];
  walkMessages(reflect(schema, message), basePath, (m, path) => {
    if (m.desc.typeName === CONTAINER_RESOURCES) checkResources(m, path, out);
    return undefined;
  });
  return out;
}

function checkResources(r: ReflectMessage, path: string, out: Problem[]): void {
  const m = r.message as { limits?: { cpu: string; memory: string }; requests?: { cpu: string; memory: string } };
  if (!m.limits || !m.requests) return;
  for (const key of ["cpu", "memory"] as const) {
    const limit = parseQuantity(m.limits[key]);
    const request = parseQuantity(m.requests[key]);
    if (
      limit !== undefined &&
      request !== undefined &&
      m.limits[key] !== "" &&
      m.requests[key] !== "" &&
      request > limit
    ) {
      out.push(
        problem(
          joinField(joinField(path, "requests"), key),
          `must be less than or equal to the ${key} limit (${m.limits[key]}), got ${m.requests[key]}`,
          "k8s.resources.request_le_limit",
        ),
      );
    }
  }
}
