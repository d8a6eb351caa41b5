// The runner's ServiceAccount and what it may do: run stack jobs (Jobs), follow
// them (Pods, logs) and hand them their inputs (Secrets, ConfigMaps), in its
// namespace (Role, RoleBinding) or in every namespace (ClusterRole,
// ClusterRoleBinding).
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

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

export interface RbacArgs {
  /** Prefix of the Pulumi names. */
  resourceName: string;
  /** Name of the ServiceAccount, Role and RoleBinding: the manifest's metadata.name. */
  name: string;
  namespace: string;
  labels: Record<string, string>;
  clusterWide: boolean;
}

export interface Rbac {
  serviceAccount: k8s.core.v1.ServiceAccount;
  /** The RoleBinding or ClusterRoleBinding, which the Deployment waits for. */
  binding: pulumi.Resource;
}

/**
 * The ServiceAccount and its binding. `namespaced(deps)` are the options of a
 * namespaced child, `cluster(deps)` those of a cluster-scoped one.
 */
export function createRbac(
  args: RbacArgs,
  namespaced: (deps?: pulumi.Resource[]) => pulumi.CustomResourceOptions,
  cluster: (deps?: pulumi.Resource[]) => pulumi.CustomResourceOptions,
): Rbac {
  const { resourceName, name, namespace, labels } = args;
  const serviceAccount = new k8s.core.v1.ServiceAccount(
    `${resourceName}-service-account`,
    { metadata: { name, namespace, labels } },
    namespaced(),
  );
  const subjects = [{ kind: "ServiceAccount", name, namespace }];
  if (args.clusterWide) {
    const roleName = clusterRoleName(namespace, name);
    const role = new k8s.rbac.v1.ClusterRole(
      `${resourceName}-cluster-role`,
      { metadata: { name: roleName, labels }, rules: RUNNER_RULES },
      cluster(),
    );
    const binding = new k8s.rbac.v1.ClusterRoleBinding(
      `${resourceName}-cluster-role-binding`,
      {
        metadata: { name: roleName, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName },
        subjects,
      },
      cluster([role, serviceAccount]),
    );
    return { serviceAccount, binding };
  }
  const role = new k8s.rbac.v1.Role(
    `${resourceName}-role`,
    { metadata: { name, namespace, labels }, rules: RUNNER_RULES },
    namespaced(),
  );
  const binding = new k8s.rbac.v1.RoleBinding(
    `${resourceName}-role-binding`,
    {
      metadata: { name, namespace, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
      subjects,
    },
    namespaced([role, serviceAccount]),
  );
  return { serviceAccount, binding };
}
