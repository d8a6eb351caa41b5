// Kubeconfig content given where a path belongs (`--kubeconfig "$(cat config)"`,
// or `kubeconfigPath:` holding the file's text) is a credential: it is moved to
// the sensitive `kubeconfig` field, so that it is redacted when printed and
// handed to the Kubernetes provider as a Pulumi secret.
import type { KubernetesProviderConfig } from "@planton/gen/org/project_planton/provider/kubernetes/provider_config_pb.js";

/** Whether `value`, given as a kubeconfig path, is in fact kubeconfig content (YAML or JSON). */
export function isKubeconfigContent(value: string): boolean {
  return (
    /[\n\r]/.test(value) ||
    /^\s*[{[]/.test(value) ||
    /(^|\s)(apiVersion|kind|clusters|users|contexts|current-context|token|client-key-data)\s*:/.test(value)
  );
}

/**
 * Moves kubeconfig content written as `kubeconfigPath` to `kubeconfig` (in place).
 * When both are set, the config is left alone: validation refuses it, and the
 * redactor treats the path as secret all the same.
 */
export function normalizeProviderConfig(config: KubernetesProviderConfig | undefined): void {
  if (!config || !isKubeconfigContent(config.kubeconfigPath) || config.kubeconfig !== "") return;
  config.kubeconfig = config.kubeconfigPath;
  config.kubeconfigPath = "";
}
