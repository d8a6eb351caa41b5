// The Kubernetes provider a module deploys with, from the stack input's
// KubernetesProviderConfig.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type {
  KubernetesProviderConfig,
  KubernetesProviderConfigAwsEks,
  KubernetesProviderConfigAzureAks,
  KubernetesProviderConfigGcpGke,
} from "@planton/gen/org/project_planton/provider/kubernetes/provider_config_pb.js";
import { compact, createPrivateDir, isKubeconfigContent, PlantonError } from "@planton/sdk";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** Whether the caller handed the component a provider of its own (opts.provider / opts.providers). */
function callerHasProvider(opts: pulumi.ComponentResourceOptions | undefined): boolean {
  if (!opts) return false;
  if (opts.provider !== undefined) return true;
  const p = opts.providers;
  return Array.isArray(p) ? p.length > 0 : p !== undefined && Object.keys(p).length > 0;
}

/**
 * The provider arguments for a provider config (validation allows at most one way):
 * - `kubeconfig` (contents): passed as a Pulumi secret;
 * - `kubeconfigPath`: passed as the provider's kubeconfig (it accepts a path);
 * - `gcpGke` / `awsEks` / `azureAks` (upstream's blocks, with `provider` naming
 *   the service or not): a generated kubeconfig whose user runs the cloud's exec
 *   credential plugin (gke-gcloud-auth-plugin, aws, kubelogin), as a secret;
 * - `digitalOceanDoks`: its kubeconfig contents, as a secret;
 * - nothing, or only `provider` (as upstream does without the block): the
 *   ambient kubeconfig (KUBECONFIG, then ~/.kube/config);
 * and `context` in every case where it is set. Without a provider config at all,
 * the context named by `KUBE_CTX` (the variable upstream's modules read) is used.
 * Kubeconfig content written where a path belongs is a credential: a secret too.
 */
export function providerArgs(
  config: KubernetesProviderConfig | undefined,
  env: NodeJS.ProcessEnv = process.env,
): k8s.ProviderArgs {
  const args: k8s.ProviderArgs = {};
  if (!config) {
    if (env.KUBE_CTX) args.context = env.KUBE_CTX;
    return args;
  }
  if (config.kubeconfig !== "") args.kubeconfig = pulumi.secret(config.kubeconfig);
  else if (config.kubeconfigPath !== "")
    args.kubeconfig = isKubeconfigContent(config.kubeconfigPath)
      ? pulumi.secret(config.kubeconfigPath)
      : config.kubeconfigPath;
  else if (config.gcpGke) args.kubeconfig = pulumi.secret(gkeKubeconfig(config.gcpGke));
  else if (config.awsEks) args.kubeconfig = pulumi.secret(eksKubeconfig(config.awsEks));
  else if (config.azureAks) args.kubeconfig = pulumi.secret(aksKubeconfig(config.azureAks));
  else if (config.digitalOceanDoks) args.kubeconfig = pulumi.secret(config.digitalOceanDoks.kubeConfig);
  if (config.context !== "") args.context = config.context;
  return args;
}

/**
 * A provider child of `parent` when the stack input names a cluster or a
 * context (or, without a provider config, KUBE_CTX does and the caller passed no
 * provider); undefined otherwise: the children then inherit the caller's
 * provider or the program's default provider, with its own configuration.
 */
export function createProvider(
  resourceName: string,
  config: KubernetesProviderConfig | undefined,
  parent: pulumi.Resource,
  opts: pulumi.ComponentResourceOptions | undefined,
): k8s.Provider | undefined {
  const args = providerArgs(config);
  if (Object.keys(args).length === 0) return undefined;
  if (!config && callerHasProvider(opts)) return undefined;
  return new k8s.Provider(resourceName, args, { parent });
}

interface ExecUser {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[];
  installHint: string;
  provideClusterInfo?: boolean;
}

function server(endpoint: string): string {
  return /^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`;
}

/** A one-cluster kubeconfig (JSON is valid YAML) whose user runs an exec credential plugin. */
function execKubeconfig(name: string, endpoint: string, caData: string, user: ExecUser): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server: server(endpoint), "certificate-authority-data": caData } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    "current-context": name,
    users: [
      {
        name,
        user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", interactiveMode: "Never", ...user } },
      },
    ],
  });
}

function gkeKubeconfig(gke: KubernetesProviderConfigGcpGke): string {
  const env: { name: string; value: string }[] = [];
  if (gke.serviceAccountKeyBase64 !== "") {
    env.push({
      name: "CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE",
      value: writePrivateKeyFile(gke.serviceAccountKeyBase64),
    });
  }
  return execKubeconfig("gke", gke.clusterEndpoint, gke.clusterCaData, {
    command: "gke-gcloud-auth-plugin",
    provideClusterInfo: true,
    installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
    ...compact({ env: env.length > 0 ? env : undefined }),
  });
}

function eksKubeconfig(eks: KubernetesProviderConfigAwsEks): string {
  return execKubeconfig("eks", eks.clusterEndpoint, eks.clusterCaData, {
    command: "aws",
    args: ["eks", "get-token", "--cluster-name", eks.clusterName, "--region", eks.region, "--output", "json"],
    installHint:
      "Install the AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html",
  });
}

/** The Azure Kubernetes Service AAD server application, used when serverId is empty. */
const AKS_AAD_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

function aksKubeconfig(aks: KubernetesProviderConfigAzureAks): string {
  return execKubeconfig("aks", aks.clusterEndpoint, aks.clusterCaData, {
    command: "kubelogin",
    args: ["get-token", "--login", "azurecli", "--server-id", aks.serverId !== "" ? aks.serverId : AKS_AAD_SERVER_ID],
    installHint: "Install kubelogin: https://azure.github.io/kubelogin/install.html",
  });
}

/**
 * gke-gcloud-auth-plugin reads a service account key only from a file: write it
 * to a private (0600) file in a private (0700) directory, removed when the
 * process exits or is stopped by a signal (SIGINT, SIGTERM, SIGHUP).
 */
function writePrivateKeyFile(base64: string): string {
  if (base64.includes("\uE000")) {
    throw new PlantonError(
      "ERR_PLANTON_INVALID_MANIFEST",
      "providerConfig.gcpGke.serviceAccountKeyBase64 must be known when the component is built (it is written to a file), not an Output",
    );
  }
  const dir = createPrivateDir("planton-gke-");
  const file = join(dir.path, "key.json");
  writeFileSync(file, Buffer.from(base64, "base64"), { mode: 0o600 });
  return file;
}
