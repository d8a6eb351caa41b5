// Child process of stack-input.test.mjs: reads [{name, env}] as JSON on stdin,
// runs the SDK's decodeStackInput (kind KubernetesJob) on each environment and
// prints one JSON array of outcomes. A child, so that a hang is a killed process
// rather than a stuck test runner.
import { pathToFileURL } from "node:url";
import { root } from "./run.mjs";

const sdk = await import(pathToFileURL(`${root}/packages/sdk/dist/index.js`).href);
// Standard input may be a non-blocking pipe (readFileSync(0) then fails with EAGAIN on large inputs).
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const inputs = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const outcomes = inputs.map(({ name, env }) => {
  try {
    const decoded = sdk.decodeStackInput({ env, kind: "KubernetesJob" });
    return { name, ok: true, kind: decoded.kind.kind, format: decoded.format };
  } catch (e) {
    return {
      name,
      ok: false,
      plantonError: sdk.isPlantonError(e),
      code: e?.code,
      description: sdk.isPlantonError(e) ? e.describe() : String(e?.stack ?? e),
    };
  }
});
process.stdout.write(JSON.stringify(outcomes));
