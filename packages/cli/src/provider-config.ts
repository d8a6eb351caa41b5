// Builds the stack input's provider config and docker config from CLI flags.
import type { Message } from "@bufbuild/protobuf";
import type { KubernetesProviderConfig } from "@planton/gen/org/project_planton/provider/kubernetes/provider_config_pb.js";
import type { Manifest } from "@planton/sdk";
import { PlantonError } from "@planton/sdk/error";
import type { Context, FlagSpec } from "./command.js";
import { UsageError } from "./errors.js";
import { type ManifestSource, type PrepareFlags, prepare, readText } from "./manifest-input.js";
import { printProblems } from "./problems.js";

export const providerFlags = [
  {
    name: "provider-config",
    type: "string",
    placeholder: "FILE",
    complete: "file",
    help: "KubernetesProviderConfig as YAML or JSON (kubeconfig, kubeconfigPath, context; upstream's provider with gcpGke, awsEks, azureAks or digitalOceanDoks)",
  },
  {
    name: "kubeconfig",
    type: "string",
    placeholder: "PATH",
    complete: "file",
    help: "kubeconfig file to deploy with (instead of --provider-config)",
  },
  { name: "context", type: "string", placeholder: "NAME", help: "kubeconfig context to use" },
  {
    name: "namespace",
    alias: "n",
    type: "string",
    placeholder: "NS",
    help: "deploy to this namespace instead of spec.namespace",
  },
  {
    name: "docker-config",
    type: "string",
    placeholder: "FILE",
    complete: "file",
    help: "docker config.json with registry credentials (KubernetesJob creates an image pull Secret)",
  },
] as const satisfies readonly FlagSpec[];

/** The provider flags' values. */
export interface ProviderFlags {
  "provider-config": string | undefined;
  kubeconfig: string | undefined;
  context: string | undefined;
  namespace: string | undefined;
  "docker-config": string | undefined;
}

export interface ProviderInputs {
  providerConfig: KubernetesProviderConfig | undefined;
  kubernetesNamespace: string | undefined;
  dockerConfigJson: string | undefined;
}

/** Reads the provider flags; undefined after printing problems when a file is invalid. */
export async function providerInputs(ctx: Context<ProviderFlags>): Promise<ProviderInputs | undefined> {
  const sdk = await import("@planton/sdk");
  const { create } = await import("@bufbuild/protobuf");
  const { KubernetesProviderConfigSchema } = await import(
    "@planton/gen/org/project_planton/provider/kubernetes/provider_config_pb.js"
  );
  const file = ctx.flags["provider-config"];
  const kubeconfig = ctx.flags.kubeconfig;
  const context = ctx.flags.context;
  if (typeof file === "string" && (typeof kubeconfig === "string" || typeof context === "string")) {
    throw new UsageError("use either --provider-config or --kubeconfig/--context, not both");
  }
  let providerConfig: KubernetesProviderConfig | undefined;
  if (typeof file === "string") {
    const loaded = sdk.loadMessage<KubernetesProviderConfig>(KubernetesProviderConfigSchema, readText(file), file);
    if (!loaded.message) {
      await printProblems(ctx.io, loaded.problems);
      return undefined;
    }
    const checked = sdk.validate(KubernetesProviderConfigSchema, loaded.message, loaded.sourceMap);
    if (!checked.valid) {
      await printProblems(ctx.io, checked.violations);
      return undefined;
    }
    providerConfig = loaded.message;
  } else if (typeof kubeconfig === "string" || typeof context === "string") {
    providerConfig = create(KubernetesProviderConfigSchema, {
      kubeconfigPath: typeof kubeconfig === "string" ? kubeconfig : "",
      context: typeof context === "string" ? context : "",
    });
  }
  const dockerFile = ctx.flags["docker-config"];
  const dockerConfigJson = typeof dockerFile === "string" ? readText(dockerFile) : undefined;
  if (dockerConfigJson !== undefined) {
    try {
      JSON.parse(dockerConfigJson);
    } catch {
      // JSON.parse's message quotes the text, which holds registry credentials.
      throw new PlantonError(
        "ERR_PLANTON_STACK_INPUT",
        `--docker-config ${String(dockerFile)} is not JSON (a docker config.json is)`,
      );
    }
  }
  const ns = ctx.flags.namespace;
  return { providerConfig, kubernetesNamespace: typeof ns === "string" ? ns : undefined, dockerConfigJson };
}

/**
 * The manifest (prepared, references resolved) and its stack input built from
 * the provider flags, validated; undefined after printing the problems.
 */
export async function prepareStackInput(
  ctx: Context<PrepareFlags & ProviderFlags>,
  source: ManifestSource,
): Promise<{ manifest: Manifest; input: Message } | undefined> {
  const manifest = await prepare(ctx, source, { resolveRefs: true });
  if (!manifest) return undefined;
  const provider = await providerInputs(ctx);
  if (!provider) return undefined;
  const sdk = await import("@planton/sdk");
  const input = sdk.buildStackInput(manifest.kind, manifest.message, provider);
  const checked = sdk.validate(manifest.kind.stackInputSchema, input);
  if (!checked.valid) {
    await printProblems(ctx.io, checked.violations);
    return undefined;
  }
  return { manifest, input };
}
