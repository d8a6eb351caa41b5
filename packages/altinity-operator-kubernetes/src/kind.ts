// What the CLI and the tests know of AltinityOperatorKubernetes without loading
// Pulumi (the `./kind` export): its names, its type token and its starter manifest.
import { defineKind } from "@planton/module-kit/kind";

export const kind = defineKind({
  kind: "AltinityOperatorKubernetes",
  packageName: "@planton/altinity-operator-kubernetes",
  slug: "altinity-operator-kubernetes",
  type: "planton:kubernetes:AltinityOperatorKubernetes",
  defaultName: "altinity-operator",
  exampleFile: "altinity.yaml",
  // Every field a user needs first, with the defaults spelled out in comments. Validates (tested).
  initTemplate: `# The Altinity ClickHouse operator (Helm chart with its CRDs).
# Deploy: planton pulumi up -f altinity.yaml
# Field docs: planton explain AltinityOperatorKubernetes.spec
apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: altinity-operator
spec:
  # namespace: altinity-operator            # default altinity-operator
  # createNamespace: true                    # default true
  # targetCluster: {kubernetesCredentialId: my-cluster}   # for orchestrators
  container:
    resources:
      limits: {cpu: 1000m, memory: 1Gi}
      requests: {cpu: 100m, memory: 256Mi}
  # chart:                                   # default: 0.23.6 from https://docs.altinity.com/clickhouse-operator/
  #   version: 0.23.6
  #   path: ./charts/altinity-clickhouse-operator-0.23.6.tgz   # air-gapped: a local chart`,
});
