// What the CLI and the tests know of KubernetesJob without loading Pulumi (the
// `./kind` export): its names, its type token and its starter manifest.
import { defineKind } from "@planton/module-kit/kind";

export const kind = defineKind({
  kind: "KubernetesJob",
  packageName: "@planton/kubernetes-job",
  slug: "kubernetes-job",
  type: "planton:kubernetes:KubernetesJob",
  defaultName: "kubernetes-job",
  exampleFile: "job.yaml",
  // Every field a user needs first, with the defaults spelled out in comments. Validates (tested).
  initTemplate: `# A one-shot batch Job. Validate: planton validate -f job.yaml
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
  # completionTimeoutSeconds: 600`,
});
