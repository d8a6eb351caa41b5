// What the CLI and the tests know of StackJobRunnerKubernetes without loading
// Pulumi (the `./kind` export): its names, its type token and its starter manifest.
import { defineKind } from "@planton/module-kit/kind";

export const kind = defineKind({
  kind: "StackJobRunnerKubernetes",
  packageName: "@planton/stack-job-runner-kubernetes",
  slug: "stack-job-runner-kubernetes",
  type: "planton:kubernetes:StackJobRunnerKubernetes",
  defaultName: "stack-job-runner",
  exampleFile: "runner.yaml",
  // Every field a user needs first, with the defaults spelled out in comments. Validates (tested).
  initTemplate: `# The in-cluster stack job runner. Deploy: planton pulumi up -f runner.yaml
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
  #     LOG_LEVEL: {value: info}`,
});
