// Stack inputs: everything a module needs for one deployment ({target,
// providerConfig, kubernetesNamespace, dockerConfigJson}), built from a manifest
// (build), encoded for the STACK_INPUT variable (encode), read from a module's
// environment (env) and decoded with defaults and validation (decode).
export { type BuildStackInputOptions, buildStackInput } from "./stack-input/build.js";
export { type DecodedStackInput, decodeStackInputBytes } from "./stack-input/decode.js";
export {
  encodeStackInput,
  type StackInputFormat,
  serializeStackInput,
  stackInputJson,
} from "./stack-input/encode.js";
export { type DecodeStackInputOptions, decodeStackInput, STACK_INPUT_SOURCES } from "./stack-input/env.js";
