// The AltinityOperatorKubernetes module: what runKindProgram, the CLI and the module tests use.
import { defineModule } from "@planton/module-kit";
import { ALTINITY_OPERATOR_KUBERNETES, AltinityOperatorKubernetes } from "./altinity-operator-kubernetes.js";

export const module = defineModule({
  ...ALTINITY_OPERATOR_KUBERNETES,
  component: (name, stackInput, opts) => new AltinityOperatorKubernetes(name, stackInput, opts),
  /** Named as in stack_outputs.proto. */
  stackOutputs: (operator: AltinityOperatorKubernetes) => ({
    namespace: operator.namespace,
    release_name: operator.releaseName,
  }),
});
