export type { CommandSpec, Context, FlagSpec } from "./command.js";
export { commands } from "./commands/index.js";
export { main } from "./main.js";
