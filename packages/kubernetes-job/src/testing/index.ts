// Test support shared by the module packages' tests (golden files, the checks
// every module must pass, test inputs). Not for production code.
export {
  assertDependsOnNamespace,
  assertLabels,
  assertProvider,
  assertSecretsHidden,
  assertValidKubernetesObjects,
  kubernetesObjects,
  outputValue,
} from "./assertions.js";
export { type EntryResult, runEntry } from "./entry.js";
export { assertGolden, goldenText } from "./golden.js";
export {
  moduleTestInputs,
  stackInputFromFile,
  stackInputFromManifest,
  stubReference,
  type TestInput,
} from "./inputs.js";
export { BAD_STACK_INPUTS, type ModuleCheck, type ModuleTestOptions, moduleChecks } from "./module-checks.js";
