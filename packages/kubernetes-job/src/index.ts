export { kind } from "./kind.js";
export { KUBERNETES_JOB, KubernetesJob, type KubernetesJobArgs } from "./kubernetes-job.js";
export { module } from "./module.js";
