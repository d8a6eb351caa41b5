// Entry point of the Pulumi program (Pulumi.yaml `main: dist/main.js`).
import { readStackInputConfig, runMain } from "./common/index.js";
import { run } from "./program.js";

export default await runMain(() => run({ pulumiConfig: readStackInputConfig() }));
