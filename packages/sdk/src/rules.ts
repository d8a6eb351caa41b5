// Rules the Kubernetes API server enforces that CEL in the schema cannot express
// (CEL has no quantity arithmetic). They report like schema rules: a path, a
// message and a stable rule id.
import type { DescMessage, Message } from "@bufbuild/protobuf";
import { type ReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import { joinField, joinKey } from "./field-path.js";
import { type Problem, problem } from "./problem.js";
import { compareQuantities, parseQuantityExact } from "./quantity.js";
import { isSensitive } from "./redact.js";
import { walkMessages } from "./walk.js";

const CONTAINER_RESOURCES = "org.project_planton.provider.kubernetes.ContainerResources";

export function extraRules(schema: DescMessage, message: Message, basePath = ""): Problem[] {
  const out: Problem[] = [];
  walkMessages(reflect(schema, message), basePath, (m, path) => {
    if (m.desc.typeName === CONTAINER_RESOURCES) checkResources(m, path, out);
    checkDockerConfig(m, path, out);
    checkProtoKeys(m, path, out);
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

/**
 * Planton keeps a map key named `__proto__` (its maps have no prototype), but
 * Pulumi's serialisation of resource inputs assigns keys to plain objects and
 * drops this one: a literal secret of that name would vanish from the Secret's
 * data while the container still refers to it. Refused before anything is
 * registered. (Labels, annotations and config map names refuse it by their own
 * rules; plain env variables become list entries and keep it.)
 */
function checkProtoKeys(r: ReflectMessage, path: string, out: Problem[]): void {
  for (const field of r.desc.fields) {
    if (field.fieldKind !== "map" || field.mapKind !== "message" || !r.isSet(field)) continue;
    if (!field.message.fields.some((f) => isSensitive(f) || f.oneof?.fields.some(isSensitive))) continue;
    const map = r.get(field);
    if (map.has("__proto__")) {
      out.push(
        problem(
          joinKey(joinField(path, field.jsonName), "__proto__"),
          "a secret cannot be named __proto__: Pulumi drops a key of this name from the Secret's data",
          "pulumi.proto_key",
        ),
      );
    }
  }
}
