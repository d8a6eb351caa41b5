export { type Compact, compact } from "./compact.js";
export { applyDefaults, fieldDefaultText, fillDefaults, hasFieldDefault } from "./defaults.js";
export { isPlantonError, PlantonError, type PlantonErrorCode } from "./error.js";
export { joinField, joinIndex, joinKey, type PathSegment, parsePath } from "./field-path.js";
export { findKind, type KindInfo, kindOfSchema, knownKindNames, listKinds, unknownKindMessage } from "./kinds.js";
export { isKubeconfigContent, normalizeProviderConfig } from "./kubeconfig.js";
export { type LoadOptions, type LoadResult, load, loadMessage, type Manifest } from "./load.js";
export { outputsJson, outputsToMessage, writeStatusOutputs } from "./outputs.js";
export { applyOverrides, type OverrideResult } from "./overrides.js";
export { type PrepareOptions, type PrepareResult, prepareManifest } from "./prepare.js";
export { createPrivateDir, interruptedBy, type PrivateDir } from "./private-dir.js";
export { formatProblem, type Position, type Problem, printable, problem, summarizeProblems } from "./problem.js";
export { compareQuantities, type ExactQuantity, parseQuantity, parseQuantityExact } from "./quantity.js";
export {
  decodeUtf8,
  formatBytes,
  MAX_INPUT_BYTES,
  type ReadOptions,
  readInputBytes,
  readInputText,
  readStreamBytes,
} from "./read-input.js";
export { isSensitive, REDACTED, redact, type SensitiveValue, sensitiveValues } from "./redact.js";
export { schemaRegistry } from "./schemas.js";
export { MAX_DEPTH, MAX_ENTRIES, MAX_EXPANDED_BYTES, MAX_NODES, MAX_SOURCE_BYTES, SourceMap } from "./source.js";
export {
  type BuildStackInputOptions,
  buildStackInput,
  type DecodedStackInput,
  type DecodeStackInputOptions,
  decodeStackInput,
  decodeStackInputBytes,
  encodeStackInput,
  STACK_INPUT_SOURCES,
  type StackInputFormat,
  serializeStackInput,
  stackInputJson,
} from "./stack-input.js";
export { closest, didYouMean } from "./suggest.js";
export { type ValidationResult, validate, violationPath } from "./validate.js";
export {
  describeReference,
  directoryResolver,
  findReferences,
  type Reference,
  type Resolver,
  resolveReferences,
  unresolvedReferences,
} from "./value-from.js";
