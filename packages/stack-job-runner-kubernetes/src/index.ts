export { createDeployment, PORT_NAME } from "./deployment.js";
export { kind } from "./kind.js";
export { module } from "./module.js";
export { clusterRoleName, createRbac, RUNNER_RULES } from "./rbac.js";
export { createService } from "./service.js";
export {
  DEFAULT_RUNNER_IMAGE,
  STACK_JOB_RUNNER_KUBERNETES,
  StackJobRunnerKubernetes,
  type StackJobRunnerKubernetesArgs,
} from "./stack-job-runner-kubernetes.js";
