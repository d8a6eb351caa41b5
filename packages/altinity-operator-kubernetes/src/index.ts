export {
  ALTINITY_OPERATOR_KUBERNETES,
  AltinityOperatorKubernetes,
  type AltinityOperatorKubernetesArgs,
} from "./altinity-operator-kubernetes.js";
export {
  type ChartSource,
  chartSource,
  createRelease,
  DEFAULT_CHART,
  MAX_RELEASE_NAME_LENGTH,
  RELEASE_TIMEOUT_SECONDS,
} from "./chart.js";
export { kind } from "./kind.js";
export { module } from "./module.js";
