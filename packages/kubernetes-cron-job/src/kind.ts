// What the CLI and the tests know of KubernetesCronJob without loading Pulumi
// (the `./kind` export): its names, its type token and its starter manifest.
import { defineKind } from "@planton/module-kit/kind";

export const kind = defineKind({
  kind: "KubernetesCronJob",
  packageName: "@planton/kubernetes-cron-job",
  slug: "kubernetes-cron-job",
  type: "planton:kubernetes:KubernetesCronJob",
  defaultName: "kubernetes-cron-job",
  exampleFile: "cron-job.yaml",
  // Every field a user needs first, with the defaults spelled out in comments. Validates (tested).
  initTemplate: `# A batch workload on a schedule. Validate: planton validate -f cron-job.yaml
# Deploy:   planton pulumi up -f cron-job.yaml
# Field docs: planton explain KubernetesCronJob.spec
apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesCronJob
metadata:
  # Lowercase letters, digits and '-', at most 52 characters (Kubernetes adds
  # 11 characters to name each run's Job).
  name: my-cron-job
  # labels:
  #   team: data
spec:
  namespace:
    value: batch-jobs
  # Create the namespace (and delete it on destroy). Default false.
  createNamespace: true
  # minute hour day-of-month month day-of-week, or @hourly, @daily, ...
  schedule: "0 3 * * *"
  # timeZone: Europe/Berlin      # an IANA name; default: the controller's time zone
  image:
    repo: busybox
    tag: "1.36"
  command:
    - sh
    - -c
    - date; echo hello from planton
  # Defaults: requests 50m CPU / 100Mi, limits 1000m CPU / 1Gi.
  # resources:
  #   limits: {cpu: 1000m, memory: 1Gi}
  #   requests: {cpu: 50m, memory: 100Mi}
  # env:
  #   variables:
  #     LOG_LEVEL: {value: info}
  #   secrets:
  #     DATABASE_PASSWORD: {secretRef: {name: db-credentials, key: password}}
  # concurrencyPolicy: Forbid      # Forbid (default), Allow or Replace
  # startingDeadlineSeconds: 300   # a run missed by more is skipped; default: no deadline
  # suspend: false                 # true stops scheduling new runs
  # successfulJobsHistoryLimit: 3  # default 3
  # failedJobsHistoryLimit: 1      # default 1
  # backoffLimit: 6                # retries of a run, default 6
  # restartPolicy: Never           # Never (default) or OnFailure
  # activeDeadlineSeconds: 3600    # a run's time limit; default: none
  # ttlSecondsAfterFinished: 86400 # delete a finished run's Job after this long`,
});
