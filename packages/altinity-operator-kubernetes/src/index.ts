export {
  ALTINITY_OPERATOR_KUBERNETES,
  AltinityOperatorKubernetes,
  type AltinityOperatorKubernetesArgs,
} from "./altinity-operator-kubernetes.js";
export { DEFAULT_CHART } from "./chart.js";
export { kind } from "./kind.js";
export { module } from "./module.js";
