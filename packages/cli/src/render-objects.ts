// The Kubernetes objects a module creates, from its component run under
// Pulumi's mocks: custom resources only (no components, no providers), in
// registration order, Pulumi type tokens turned back into apiVersion and kind.
import type { Message } from "@bufbuild/protobuf";
import type { KindInfo } from "@planton/sdk";
import { kindModule } from "./kind-modules.js";

/** `kubernetes:batch/v1:Job` → {apiVersion: "batch/v1", kind: "Job"}; `core` is the legacy group. */
export function typeToGroupVersionKind(type: string): { apiVersion: string; kind: string } | undefined {
  const m = /^kubernetes:([^:]+):(.+)$/.exec(type);
  if (!m) return undefined;
  const [group, version] = (m[1] as string).includes("/") ? (m[1] as string).split("/") : ["", m[1] as string];
  return {
    apiVersion: group === "core" || group === "" ? (version as string) : `${group}/${version}`,
    kind: m[2] as string,
  };
}

export async function renderObjects(
  kind: KindInfo,
  stackInput: Message,
  showSecrets: boolean,
): Promise<Record<string, unknown>[]> {
  // The kind's package first: when it is not installed, that is the error to show
  // (the module kit comes with it).
  const module = await kindModule(kind.kind).module();
  const [sdk, kit, recorder] = await Promise.all([
    import("@planton/sdk"),
    import("@planton/module-kit"),
    import("@planton/module-kit/record"),
  ]);
  const records = await recorder.recordResources((opts) => kit.componentFor(module, stackInput, opts), {
    order: "registration",
  });
  const objects: Record<string, unknown>[] = [];
  for (const r of records) {
    if (!r.custom || r.type.startsWith("pulumi:providers:")) continue;
    const gvk = typeToGroupVersionKind(r.type);
    if (!gvk) continue;
    const inputs = showSecrets
      ? recorder.revealSecrets<Record<string, unknown>>(r.inputs)
      : (redactLeaves(r.inputs, sdk.REDACTED, false) as Record<string, unknown>);
    objects.push({ ...gvk, ...inputs, apiVersion: gvk.apiVersion, kind: gvk.kind });
  }
  // Redaction is by position: what the module registered as a Pulumi secret. The
  // module tests prove every sensitive value of the stack input is registered so.
  return objects;
}

/** Replaces every scalar inside a Pulumi secret with `replacement`, keeping keys (a Secret's data keys stay visible). */
function redactLeaves(value: unknown, replacement: string, inSecret: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => redactLeaves(v, replacement, inSecret));
  if (typeof value === "object" && value !== null) {
    const o = value as Record<string, unknown>;
    if (Object.keys(o).length === 1 && "$secret" in o) return redactLeaves(o.$secret, replacement, true);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, redactLeaves(v, replacement, inSecret)]));
  }
  return inSecret ? replacement : value;
}
