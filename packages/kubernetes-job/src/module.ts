// The KubernetesJob module: what runKindProgram, the CLI and the module tests use.
import { defineModule } from "@planton/module-kit";
import { KUBERNETES_JOB, KubernetesJob } from "./kubernetes-job.js";

export const module = defineModule({
  ...KUBERNETES_JOB,
  component: (name, stackInput, opts) => new KubernetesJob(name, stackInput, opts),
  /** Named as in stack_outputs.proto. */
  stackOutputs: (job: KubernetesJob) => ({ namespace: job.namespace, job_name: job.jobName }),
});
