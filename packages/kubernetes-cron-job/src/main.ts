// Entry point of the Pulumi program (Pulumi.yaml `main: dist/main.js`).
import { runKindProgram } from "@planton/module-kit";
import { module } from "./module.js";

export default await runKindProgram(module);
