// Starter manifests for `planton init KIND`: the fields a user needs first, with
// the defaults they would otherwise get spelled out in comments. Every template
// validates (tested).

export const initTemplates: Record<string, string> = {
  KubernetesJob: `# A one-shot batch Job. Validate: planton validate -f job.yaml
# Deploy:   planton pulumi up -f job.yaml
# Field docs: planton explain KubernetesJob.spec
apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesJob
metadata:
  # Lowercase letters, digits and '-', at most 63 characters.
  name: my-job
  # labels:
  #   team: data
spec:
  namespace:
    value: batch-jobs
  # Create the namespace (and delete it on destroy). Default false.
  createNamespace: true
  image:
    repo: busybox
    tag: "1.36"
  command:
    - sh
    - -c
    - echo hello from planton
  # Defaults: requests 100m CPU / 128Mi, limits 1000m CPU / 1Gi.
  # resources:
  #   limits: {cpu: 1000m, memory: 1Gi}
  #   requests: {cpu: 100m, memory: 128Mi}
  # env:
  #   variables:
  #     LOG_LEVEL: {value: info}
  #   secrets:
  #     DATABASE_PASSWORD: {secretRef: {name: db-credentials, key: password}}
  # parallelism: 1           # default 1
  # completions: 1           # default 1
  # backoffLimit: 6          # default 6
  # restartPolicy: Never     # Never (default) or OnFailure
  # completionMode: NonIndexed   # NonIndexed (default) or Indexed
  # activeDeadlineSeconds: 3600
  # ttlSecondsAfterFinished: 86400   # a TTL-deleted Job is re-created by refresh + up
  # waitForCompletion: true  # pulumi up waits for the Job to finish (default true)
  # completionTimeoutSeconds: 600
`,
  StackJobRunnerKubernetes: `# The in-cluster stack job runner. Deploy: planton pulumi up -f runner.yaml
# Field docs: planton explain StackJobRunnerKubernetes.spec
apiVersion: kubernetes.project-planton.org/v1
kind: StackJobRunnerKubernetes
metadata:
  name: stack-job-runner
# Every field has a default: \`spec: {}\` deploys ghcr.io/project-planton/stack-job-runner:v0.1.0
# into stack-jobs.
spec:
  namespace:
    value: stack-jobs
  # createNamespace: true    # default true
  image:
    repo: ghcr.io/example/stack-job-runner
    tag: v0.1.0
  # port: 8080               # default 8080
  # replicas: 1              # default 1
  # Permissions in every namespace instead of only its own. Default false.
  # clusterWidePermissions: false
  # env:
  #   variables:
  #     LOG_LEVEL: {value: info}
`,
  AltinityOperatorKubernetes: `# The Altinity ClickHouse operator (Helm chart with its CRDs).
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
  #   path: ./charts/altinity-clickhouse-operator-0.23.6.tgz   # air-gapped: a local chart
`,
};
