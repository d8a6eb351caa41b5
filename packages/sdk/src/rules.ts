// Rules the Kubernetes API server enforces that CEL in the schema cannot express
// (CEL has no quantity arithmetic). They report like schema rules: a path, a
// message and a stable rule id.
import type { DescField, DescMessage, Message } from "@bufbuild/protobuf";
import { type ReflectMap, type ReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import { joinField, joinIndex, joinKey } from "./field-path.js";
import { type Problem, problem } from "./problem.js";
import { compareQuantities, parseQuantityExact } from "./quantity.js";
import { isSensitive } from "./redact.js";

const CONTAINER_RESOURCES = "org.project_planton.provider.kubernetes.ContainerResources";

export function extraRules(schema: DescMessage, message: Message, basePath = ""): Problem[] {
  const out: Problem[] = [];
  visit(schema, message, basePath, out);
  return out;
}

/** Whether a message type is checked here, and the message fields that lead to one that is. */
interface Plan {
  checked: boolean;
  fields: DescField[];
  /** Maps whose values hold a secret (their keys become a Secret's keys). */
  secretMaps: DescField[];
}

const plans = new Map<string, Plan>();

function planOf(desc: DescMessage): Plan {
  let plan = plans.get(desc.typeName);
  if (plan) return plan;
  const secretMaps = desc.fields.filter(isSecretMap);
  plan = {
    checked:
      desc.typeName === CONTAINER_RESOURCES ||
      desc.fields.some((f) => f.name === "docker_config_json") ||
      secretMaps.length > 0,
    fields: [],
    secretMaps,
  };
  plans.set(desc.typeName, plan); // before the fields: a recursive type ends here
  for (const f of desc.fields) {
    const sub = f.message;
    if (sub === undefined) continue;
    const p = planOf(sub);
    if (p.checked || p.fields.length > 0 || sub.typeName === desc.typeName) plan.fields.push(f);
  }
  return plan;
}

/** Checks `message` and the messages below it that can hold what is checked. */
function visit(desc: DescMessage, message: Message, path: string, out: Problem[]): void {
  const plan = planOf(desc);
  if (plan.checked) {
    const r = reflect(desc, message);
    if (desc.typeName === CONTAINER_RESOURCES) checkResources(r, path, out);
    checkDockerConfig(r, path, out);
    checkProtoKeys(r, plan.secretMaps, path, out);
  }
  const m = message as unknown as Record<string, unknown>;
  for (const f of plan.fields) {
    const sub = f.message as DescMessage;
    const p = joinField(path, f.jsonName);
    let v: unknown;
    if (f.oneof) {
      const o = m[f.oneof.localName] as { case?: string; value?: unknown };
      v = o.case === f.localName ? o.value : undefined;
    } else v = m[f.localName];
    if (v === undefined) continue;
    if (f.fieldKind === "list") {
      const items = v as Message[];
      for (let i = 0; i < items.length; i++) visit(sub, items[i] as Message, joinIndex(p, i), out);
    } else if (f.fieldKind === "map")
      for (const [k, item] of Object.entries(v as Record<string, Message>)) visit(sub, item, joinKey(p, k), out);
    else visit(sub, v as Message, p, out);
  }
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

/** A map whose values hold a sensitive field (they become a Secret's keys). */
function isSecretMap(field: DescField): boolean {
  return (
    field.fieldKind === "map" &&
    field.mapKind === "message" &&
    field.message.fields.some((f) => isSensitive(f) || f.oneof?.fields.some(isSensitive))
  );
}

/**
 * Planton keeps a map key named `__proto__` (its maps have no prototype), but
 * Pulumi's serialisation of resource inputs assigns keys to plain objects and
 * drops this one: a literal secret of that name would vanish from the Secret's
 * data while the container still refers to it. Refused before anything is
 * registered. (Labels, annotations and config map names refuse it by their own
 * rules; plain env variables become list entries and keep it.)
 */
function checkProtoKeys(r: ReflectMessage, secretMaps: readonly DescField[], path: string, out: Problem[]): void {
  for (const field of secretMaps) {
    if (!r.isSet(field)) continue;
    const map = r.get(field) as ReflectMap;
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
