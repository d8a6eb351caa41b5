// Test support shared by the tests of the workspace. A private package: only
// devDependencies name it, so no production bundle can load it.
export {
  type Expectation,
  expectations,
  type Fixture,
  type FixtureGroup,
  fixtures,
  readTestdata,
  repoRoot,
  testdataDir,
} from "./fixtures.js";
export { altinity, job, runner, seedJob } from "./manifests.js";
export { messageArb } from "./messages.js";
export { type Mutation, mutate, mutationArb } from "./mutate.js";
