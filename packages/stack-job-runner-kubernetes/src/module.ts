// The StackJobRunnerKubernetes module: what runKindProgram, the CLI and the module tests use.
import { defineModule } from "@planton/module-kit";
import { STACK_JOB_RUNNER_KUBERNETES, StackJobRunnerKubernetes } from "./stack-job-runner-kubernetes.js";

export const module = defineModule({
  ...STACK_JOB_RUNNER_KUBERNETES,
  component: (name, stackInput, opts) => new StackJobRunnerKubernetes(name, stackInput, opts),
  /** Named as in stack_outputs.proto. */
  stackOutputs: (runner: StackJobRunnerKubernetes) => ({
    namespace: runner.namespace,
    service: runner.service,
    port_forward_command: runner.portForwardCommand,
    kube_endpoint: runner.kubeEndpoint,
    external_hostname: runner.externalHostname,
    internal_hostname: runner.internalHostname,
  }),
});
