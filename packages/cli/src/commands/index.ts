// The command table. Each command is declared as data in its own file; handlers
// import what they need lazily, so `--help` stays fast.
import type { CommandSpec } from "../command.js";
import { completionCommand } from "./completion.js";
import { explainCommand } from "./explain.js";
import { initCommand } from "./init.js";
import { kindsCommand } from "./kinds.js";
import { loadManifestCommand } from "./load-manifest.js";
import { outputsCommand } from "./outputs.js";
import { pulumiCommand } from "./pulumi.js";
import { renderCommand } from "./render.js";
import { schemaCommand } from "./schema.js";
import { stackInputCommand } from "./stack-input.js";
import { validateCommand } from "./validate.js";

export const commands: readonly CommandSpec[] = [
  validateCommand,
  loadManifestCommand,
  stackInputCommand,
  renderCommand,
  pulumiCommand,
  outputsCommand,
  explainCommand,
  schemaCommand,
  initCommand,
  kindsCommand,
  completionCommand,
];
