// The KubernetesJob Pulumi program: stack input in, component built, outputs out.
import type { KubernetesJobStackInput } from "@planton/gen/org/project_planton/provider/kubernetes/kubernetesjob/v1/stack_input_pb.js";
import { decodeModuleInput, type RunOptions } from "./common/index.js";
import { fromStackInput, KUBERNETES_JOB_KIND, type KubernetesJobOutputs, stackOutputs } from "./kubernetes-job.js";

/**
 * Decodes the stack input (STACK_INPUT, STACK_INPUT_FILE, ... or the Pulumi
 * config), builds the component and returns its outputs. Rejects with a
 * PlantonError, having registered nothing, when the input is missing or bad.
 */
export async function run(options: RunOptions = {}): Promise<KubernetesJobOutputs> {
  const input = decodeModuleInput<KubernetesJobStackInput>(KUBERNETES_JOB_KIND, options);
  return stackOutputs(fromStackInput(input, options.opts));
}
