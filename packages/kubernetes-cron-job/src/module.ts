// The KubernetesCronJob module: what runKindProgram, the CLI and the module tests use.
import { defineModule } from "@planton/module-kit";
import { KUBERNETES_CRON_JOB, KubernetesCronJob } from "./kubernetes-cron-job.js";

export const module = defineModule({
  ...KUBERNETES_CRON_JOB,
  component: (name, stackInput, opts) => new KubernetesCronJob(name, stackInput, opts),
  /** Named as in stack_outputs.proto. */
  stackOutputs: (cronJob: KubernetesCronJob) => ({ namespace: cronJob.namespace, cron_job_name: cronJob.cronJobName }),
});
