// Entry point of the Pulumi program (Pulumi.yaml `main: dist/main.js`).
import { common } from "@planton/kubernetes-job";
import { run } from "./program.js";

export default await common.runMain(() => run({ pulumiConfig: common.readStackInputConfig() }));
