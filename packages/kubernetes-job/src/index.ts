export * as common from "./common/index.js";
export {
  fromStackInput,
  KUBERNETES_JOB_KIND,
  KUBERNETES_JOB_TYPE,
  KubernetesJob,
  type KubernetesJobArgs,
  type KubernetesJobOutputs,
  stackOutputs,
} from "./kubernetes-job.js";
export { run } from "./program.js";
export * as testing from "./testing/index.js";
export { type PodVolumes, podVolumes } from "./volumes.js";
