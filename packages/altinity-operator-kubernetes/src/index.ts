export {
  ALTINITY_OPERATOR_KUBERNETES_KIND,
  ALTINITY_OPERATOR_KUBERNETES_TYPE,
  AltinityOperatorKubernetes,
  type AltinityOperatorKubernetesArgs,
  type AltinityOperatorKubernetesOutputs,
  fromStackInput,
  MAX_RELEASE_NAME_LENGTH,
  RELEASE_TIMEOUT_SECONDS,
  stackOutputs,
} from "./altinity-operator-kubernetes.js";
export { type ChartSource, chartSource, DEFAULT_CHART } from "./chart.js";
export { run } from "./program.js";
