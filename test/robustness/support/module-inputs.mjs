// Child process of the hostile-input tests: installs Pulumi's mocks, then runs a
// module's program (`run({env})`, what its entry runs) once per [{name, env,
// module?}] read as JSON on stdin, and prints for each the resources it
// registered with their inputs, every Pulumi-secret value replaced by "<secret>"
// (`plain`), the secret values apart (`secrets`), and the error it raised. A leak
// scan then looks for secrets in `plain` and in the error.
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { root } from "./run.mjs";

/** How Pulumi's RPC layer marks a secret value. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function withoutSecrets(v, found) {
  if (Array.isArray(v)) return v.map((x) => withoutSecrets(x, found));
  if (v === null || typeof v !== "object") return v;
  if (v[SIG_KEY] === SECRET_SIG) {
    found.push(JSON.stringify(v.value));
    return "<secret>";
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutSecrets(x, found)]));
}

const modules = ["kubernetes-job", "stack-job-runner-kubernetes", "altinity-operator-kubernetes"];
let registered = [];
const seen = new Set();
for (const m of modules) {
  const req = createRequire(join(root, "packages", m, "package.json"));
  const path = realpathSync(req.resolve("@pulumi/pulumi"));
  if (seen.has(path)) continue;
  seen.add(path);
  await req("@pulumi/pulumi").runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "robustness",
    "hostile",
    false,
  );
}

async function settle() {
  for (let last = -1; last !== registered.length; ) {
    last = registered.length;
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Standard input may be a non-blocking pipe (readFileSync(0) then fails with EAGAIN on large inputs).
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const inputs = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const kit = await import(pathToFileURL(join(root, "packages/module-kit/dist/index.js")).href);
const outcomes = [];
for (const { name, env, module = "kubernetes-job" } of inputs) {
  const mod = await import(pathToFileURL(join(root, "packages", module, "dist/index.js")).href);
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
  const secrets = [];
  const plain = JSON.stringify(registered.map((r) => ({ ...r, inputs: withoutSecrets(r.inputs, secrets) })));
  outcomes.push({
    name,
    count: registered.length,
    plain,
    secrets,
    ...(error ? { ok: false, ...error } : { ok: true }),
  });
}
process.stdout.write(JSON.stringify(outcomes));
process.exit(0);
