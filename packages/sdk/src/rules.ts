// Rules the Kubernetes API server enforces that CEL in the schema cannot express
// (CEL has no quantity arithmetic). They report like schema rules: a path, a
// message and a stable rule id.
import type { DescMessage, Message } from "@bufbuild/protobuf";
import { type ReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import { joinField } from "./field-path.js";
import { type Problem, problem } from "./problem.js";
import { compareQuantities, parseQuantityExact } from "./quantity.js";
import { walkMessages } from "./walk.js";

const CONTAINER_RESOURCES = "org.project_planton.provider.kubernetes.ContainerResources";

export function extraRules(schema: DescMessage, message: Message, basePath = ""): Problem[] {
  const out: Problem[] = [];
  walkMessages(reflect(schema, message), basePath, (m, path) => {
    if (m.desc.typeName === CONTAINER_RESOURCES) checkResources(m, path, out);
    checkDockerConfig(m, path, out);
    return undefined;
  });
  return out;
}

function checkResources(r: ReflectMessage, path: string, out: Problem[]): void {
  const m = r.message as { limits?: { cpu: string; memory: string }; requests?: { cpu: string; memory: string } };
  if (!m.limits || !m.requests) return;
  for (const key of ["cpu", "memory"] as const) {
    if (m.limits[key] === "" || m.requests[key] === "") continue;
    const limit = parseQuantityExact(m.limits[key]);
    const request = parseQuantityExact(m.requests[key]);
    if (limit !== undefined && request !== undefined && compareQuantities(request, limit) > 0) {
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

/**
 * A docker config becomes a kubernetes.io/dockerconfigjson Secret, which the API
 * server rejects unless it is a JSON object with "auths". The message never
 * quotes the value: it holds credentials.
 */
function checkDockerConfig(r: ReflectMessage, path: string, out: Problem[]): void {
  const field = r.desc.fields.find((f) => f.name === "docker_config_json");
  if (!field || !r.isSet(field)) return;
  const text = r.get(field);
  if (typeof text !== "string" || text === "") return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    out.push(
      problem(
        joinField(path, field.jsonName),
        "must be a docker config.json (JSON), but it does not parse as JSON",
        "docker_config.json",
      ),
    );
    return;
  }
  const auths = (parsed as { auths?: unknown } | null)?.auths;
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    Array.isArray(parsed) ||
    typeof auths !== "object" ||
    auths === null ||
    Array.isArray(auths)
  ) {
    out.push(
      problem(
        joinField(path, field.jsonName),
        'must be a docker config.json: a JSON object with an "auths" object',
        "docker_config.json",
      ),
    );
  }
}
