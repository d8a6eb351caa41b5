// Building a stack input ({target, providerConfig, kubernetesNamespace,
// dockerConfigJson}) around a manifest.
import { clone, create, type Message } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import {
  type KubernetesProviderConfig,
  KubernetesProviderConfigSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/provider_config_pb.js";
import { PlantonError } from "../error.js";
import type { KindInfo } from "../kinds.js";
import { normalizeProviderConfig } from "../kubeconfig.js";

export interface BuildStackInputOptions {
  providerConfig?: KubernetesProviderConfig | undefined;
  /** Overrides spec.namespace (an orchestrator's resolved namespace). */
  kubernetesNamespace?: string | undefined;
  /** Contents of a docker config.json; only kinds whose stack input has the field use it. */
  dockerConfigJson?: string | undefined;
}

/** Builds the stack input of `kind` around `target` (a manifest message of that kind). */
export function buildStackInput(kind: KindInfo, target: Message, opts: BuildStackInputOptions = {}): Message {
  const input = create(kind.stackInputSchema);
  const r = reflect(kind.stackInputSchema, input);
  const field = (name: string) => kind.stackInputSchema.fields.find((f) => f.name === name);
  const set = (name: string, value: unknown) => {
    const f = field(name);
    if (!f) throw new PlantonError("ERR_PLANTON_USAGE", `${kind.kind} stack inputs have no ${name} field`);
    if (f.fieldKind === "message") r.set(f, reflect(f.message, value as Message));
    else r.set(f, value as string);
  };
  set("target", target);
  if (opts.providerConfig) {
    const config = clone(KubernetesProviderConfigSchema, opts.providerConfig);
    normalizeProviderConfig(config);
    set("provider_config", config);
  }
  if (opts.kubernetesNamespace) set("kubernetes_namespace", opts.kubernetesNamespace);
  if (opts.dockerConfigJson) set("docker_config_json", opts.dockerConfigJson);
  return input;
}
