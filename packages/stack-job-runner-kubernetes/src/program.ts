// The StackJobRunnerKubernetes Pulumi program: stack input in, component built, outputs out.
import type { StackJobRunnerKubernetesStackInput } from "@planton/gen/org/project_planton/provider/kubernetes/stackjobrunnerkubernetes/v1/stack_input_pb.js";
import { common } from "@planton/kubernetes-job";
import {
  fromStackInput,
  STACK_JOB_RUNNER_KUBERNETES_KIND,
  type StackJobRunnerKubernetesOutputs,
  stackOutputs,
} from "./stack-job-runner-kubernetes.js";

/**
 * Decodes the stack input (STACK_INPUT, STACK_INPUT_FILE, ... or the Pulumi
 * config), builds the component and returns its outputs. Rejects with a
 * PlantonError, having registered nothing, when the input is missing or bad.
 */
export async function run(options: common.RunOptions = {}): Promise<StackJobRunnerKubernetesOutputs> {
  const input = common.decodeModuleInput<StackJobRunnerKubernetesStackInput>(STACK_JOB_RUNNER_KUBERNETES_KIND, options);
  return stackOutputs(fromStackInput(input, options.opts));
}
