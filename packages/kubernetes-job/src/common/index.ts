export { buildContainerEnv, type ContainerEnv, type EnvSpec, envSecretName } from "./env.js";
export { PLANTON_LABEL_PREFIX, resourceLabels, selectorLabels } from "./labels.js";
export { createNamespace, type NamespaceArgs, resolveNamespace } from "./namespace.js";
export { prepareStackInput } from "./prepare.js";
export { decodeModuleInput, type RunOptions, readStackInputConfig, runMain } from "./program.js";
export { callerHasProvider, createProvider, providerArgs } from "./provider.js";
export {
  isSecretValue,
  type RecordedResource,
  type RecorderOptions,
  ResourceRecorder,
  recordResources,
  redactSecrets,
  revealSecrets,
  type SecretValue,
} from "./record.js";
export { containerResources, imageReference } from "./resources.js";
export { createImagePullSecret, createOpaqueSecret, imagePullSecretName, type SecretArgs } from "./secrets.js";
