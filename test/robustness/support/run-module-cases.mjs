// Child process of stack-input.test.mjs: installs Pulumi's mocks, then runs the
// KubernetesJob module's program (`runKind(module, {env})`, what its entry runs) once per
// [{name, env}] read as JSON on stdin, and prints for each the resources it
// registered and the error it raised. One process for all cases: the module's
// entry is run as a subprocess only for a few of them (it takes seconds to start).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { root } from "./run.mjs";

const require = createRequire(`${root}/packages/kubernetes-job/package.json`);
const pulumi = require("@pulumi/pulumi");
let registered = [];
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
const mod = await import(pathToFileURL(`${root}/packages/kubernetes-job/dist/index.js`).href);
const kit = await import(pathToFileURL(`${root}/packages/module-kit/dist/index.js`).href);

/** Waits until no registration has arrived for a few event-loop turns. */
async function settle() {
  for (let last = -1; last !== registered.length; ) {
    last = registered.length;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const inputs = JSON.parse(readFileSync(0, "utf8"));
const outcomes = [];
for (const { name, env } of inputs) {
  registered = [];
  let error;
  try {
    await kit.runKind(mod.module, { env });
  } catch (e) {
    error = {
      plantonError: e?.name === "PlantonError",
      code: e?.code,
      description: typeof e?.describe === "function" ? e.describe() : String(e?.stack ?? e),
    };
  }
  await settle();
  outcomes.push({ name, registered, ...(error ? { ok: false, ...error } : { ok: true }) });
}
process.stdout.write(JSON.stringify(outcomes));
process.exit(0);
