export { createConfigMaps } from "./config-maps.js";
export { createJob, DEFAULT_COMPLETION_TIMEOUT_SECONDS } from "./job.js";
export { kind } from "./kind.js";
export { KUBERNETES_JOB, KubernetesJob, type KubernetesJobArgs } from "./kubernetes-job.js";
export { module } from "./module.js";
export { type PodVolumes, podVolumes } from "./volumes.js";
