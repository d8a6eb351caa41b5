// Test support of the kind packages' tests (golden files, the checks every
// module must pass, test inputs). A private package: only devDependencies name
// it, so no production bundle can load it (tested: assertNoTestCodeInDist).
export {
  assertDependsOnNamespace,
  assertLabels,
  assertProvider,
  assertSecretsHidden,
  kubernetesObjects,
  outputValue,
} from "./assertions.js";
export { assertNoTestCodeInDist, importedSpecifiers } from "./dist.js";
export { assertGolden } from "./golden.js";
export { moduleChecks } from "./module-checks.js";
