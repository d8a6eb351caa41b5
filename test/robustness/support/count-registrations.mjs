// Preloaded (`node --import`) into a module's Pulumi program: installs Pulumi's
// mocks and, when the process exits, writes how many resources were registered
// (components included) to the file named by PLANTON_TEST_REGISTRATIONS_FILE.
// The module's entry then runs exactly as under `pulumi up`, minus the engine.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../../packages/kubernetes-job/package.json", import.meta.url));
const pulumi = require("@pulumi/pulumi");
const registered = [];
await pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push(`${args.type}::${args.name}`);
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  },
  "robustness",
  "robustness",
  false,
);
process.on("exit", () => {
  const file = process.env.PLANTON_TEST_REGISTRATIONS_FILE;
  if (file) writeFileSync(file, JSON.stringify(registered));
});
