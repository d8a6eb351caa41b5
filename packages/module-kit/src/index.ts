// The shared layer of the kind packages (gen ← sdk ← module-kit ← kinds ← cli):
// the component base class, the program entry, the module contract, and the
// Kubernetes pieces every kind builds with.
export type { ComponentArgs, MessageArgs } from "./args.js";
export { type BatchPodArgs, type BatchWorkloadSpec, batchContainer, batchJobSpec } from "./batch-job.js";
export { type ComponentKind, KindComponent } from "./component.js";
export { containerResources, imageReference } from "./container.js";
export { defineKind, type KindDescriptor } from "./descriptor.js";
export { buildContainerEnv, envSecretName } from "./env.js";
export { resourceLabels, selectorLabels } from "./labels.js";
export { componentFor, defineModule, type KindModule, type StackOutputs } from "./module.js";
export { createPodResources, type PodResourcesArgs, type PodSecrets, type PodSpecSource } from "./pod-secrets.js";
export { type RunOptions, runKind, runKindProgram } from "./program.js";
export { providerArgs } from "./provider.js";
export { createImagePullSecret, createOpaqueSecret, imagePullSecretName, type SecretArgs } from "./secrets.js";
export { type PodVolumes, podVolumes } from "./volumes.js";
