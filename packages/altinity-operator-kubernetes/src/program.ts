// The AltinityOperatorKubernetes Pulumi program: stack input in, component built, outputs out.
import type { AltinityOperatorKubernetesStackInput } from "@planton/gen/org/project_planton/provider/kubernetes/altinityoperatorkubernetes/v1/stack_input_pb.js";
import { common } from "@planton/kubernetes-job";
import {
  ALTINITY_OPERATOR_KUBERNETES_KIND,
  type AltinityOperatorKubernetesOutputs,
  fromStackInput,
  stackOutputs,
} from "./altinity-operator-kubernetes.js";

/**
 * Decodes the stack input (STACK_INPUT, STACK_INPUT_FILE, ... or the Pulumi
 * config), builds the component and returns its outputs. Rejects with a
 * PlantonError, having registered nothing, when the input is missing or bad.
 */
export async function run(options: common.RunOptions = {}): Promise<AltinityOperatorKubernetesOutputs> {
  const input = common.decodeModuleInput<AltinityOperatorKubernetesStackInput>(
    ALTINITY_OPERATOR_KUBERNETES_KIND,
    options,
  );
  return stackOutputs(fromStackInput(input, options.opts));
}
