export { kind } from "./kind.js";
export { module } from "./module.js";
export { RUNNER_RULES } from "./rbac.js";
export {
  STACK_JOB_RUNNER_KUBERNETES,
  StackJobRunnerKubernetes,
  type StackJobRunnerKubernetesArgs,
} from "./stack-job-runner-kubernetes.js";
