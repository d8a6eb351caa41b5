export { kind } from "./kind.js";
export { KUBERNETES_CRON_JOB, KubernetesCronJob, type KubernetesCronJobArgs } from "./kubernetes-cron-job.js";
export { module } from "./module.js";
