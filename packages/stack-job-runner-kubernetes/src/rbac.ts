// What the runner may do: run stack jobs (Jobs), follow them (Pods, logs) and
// hand them their inputs (Secrets, ConfigMaps).
import type * as k8s from "@pulumi/kubernetes";

export const RUNNER_RULES: k8s.types.input.rbac.v1.PolicyRule[] = [
  { apiGroups: ["batch"], resources: ["jobs"], verbs: ["create", "get", "list", "watch", "delete", "patch", "update"] },
  { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] },
  {
    apiGroups: [""],
    resources: ["secrets", "configmaps"],
    verbs: ["create", "get", "list", "watch", "update", "patch", "delete"],
  },
];

/** Name of the ClusterRole and ClusterRoleBinding: cluster-wide, so qualified by the namespace. */
export function clusterRoleName(namespace: string, name: string): string {
  return `${namespace}-${name}`;
}
