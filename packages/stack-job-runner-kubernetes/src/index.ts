export { run } from "./program.js";
export { clusterRoleName, RUNNER_RULES } from "./rbac.js";
export {
  fromStackInput,
  STACK_JOB_RUNNER_KUBERNETES_KIND,
  STACK_JOB_RUNNER_KUBERNETES_TYPE,
  StackJobRunnerKubernetes,
  type StackJobRunnerKubernetesArgs,
  type StackJobRunnerKubernetesOutputs,
  stackOutputs,
} from "./stack-job-runner-kubernetes.js";
