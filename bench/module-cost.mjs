// Module cost: the time to register every resource of the KubernetesJob
// component under Pulumi's mocks (`pulumi.runtime.setMocks`), next to a plain
// @pulumi/kubernetes program registering the same objects (the floor), and how
// both grow with the number of env variables.
//
// The plain program is made from the component itself: one recording run
// captures the inputs of every custom resource the component registers
// (Provider, Namespace, Secret, ConfigMaps, Job); the baseline then creates
// those objects directly with @pulumi/kubernetes, with the same inputs,
// providers and dependsOn, secrets as pulumi.secret. So the ratio is the cost
// of the component (validation, defaults, building the objects, the component
// resource itself) over Pulumi's own cost of registering the objects.
//
// Mocks are process-wide, so run.mjs runs this file in a child process; it
// prints one line `BENCH_RESULT {...}`. Run alone: `node bench/module-cost.mjs`.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { envNumber, importBuilt, importFrom, root, timeAsyncPair } from "./lib.mjs";

const MODULE_ENTRY = "packages/kubernetes-job/dist/index.js";
/** How Pulumi's RPC layer marks a secret value. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const ENV_COUNTS = [1, 10, 100, 1000];

/** The example plus one literal secret and two config maps, with `envCount` plain env variables. */
function manifest(envCount) {
  const vars = [];
  for (let i = 0; i < envCount; i++) vars.push(`      VAR_${String(i).padStart(4, "0")}:`, `        value: "v${i}"`);
  return [
    "apiVersion: kubernetes.project-planton.org/v1",
    "kind: KubernetesJob",
    "metadata:",
    "  name: data-migration",
    "spec:",
    "  namespace:",
    "    value: batch-jobs",
    "  createNamespace: true",
    "  image:",
    "    repo: myregistry/migration-runner",
    "    tag: v1.2.0",
    "  env:",
    "    variables:",
    ...vars,
    "    secrets:",
    "      DATABASE_PASSWORD:",
    "        value: bench-literal-secret-value",
    "  configMaps:",
    "    app-config: |",
    "      level: info",
    "    job-config: |",
    "      batch: 1000",
    "  volumeMounts:",
    "    - name: app-config",
    "      mountPath: /etc/app",
    "      configMap:",
    "        name: app-config",
    "  backoffLimit: 3",
    "  command: [python, /app/migrate.py]",
    "",
  ].join("\n");
}

function fromRpc(pulumi, v) {
  if (Array.isArray(v)) return v.map((x) => fromRpc(pulumi, x));
  if (typeof v !== "object" || v === null) return v;
  if (v[SIG_KEY] === SECRET_SIG) return pulumi.secret(fromRpc(pulumi, v.value));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromRpc(pulumi, x)]));
}

/** The @pulumi/kubernetes class of a type token such as "kubernetes:batch/v1:Job". */
function k8sClass(k8s, type) {
  if (type === "pulumi:providers:kubernetes") return k8s.Provider;
  const m = /^kubernetes:([^/]+)\/([^:]+):(.+)$/.exec(type);
  const cls = m ? k8s[m[1]]?.[m[2]]?.[m[3]] : undefined;
  if (!cls) throw new Error(`no @pulumi/kubernetes class for ${type}`);
  return cls;
}

export async function moduleCost({ seconds = envNumber("BENCH_SECONDS", 1) * 2 } = {}) {
  if (!existsSync(join(root, MODULE_ENTRY))) {
    return { status: "module not built", detail: `${MODULE_ENTRY} does not exist; run tsc -b` };
  }
  const pulumiNs = await importFrom("packages/kubernetes-job", "@pulumi/pulumi");
  const k8sNs = await importFrom("packages/kubernetes-job", "@pulumi/kubernetes");
  const pulumi = pulumiNs.default ?? pulumiNs;
  const k8s = k8sNs.default ?? k8sNs;
  const mod = await importBuilt(MODULE_ENTRY);
  const sdk = await importBuilt("packages/sdk/dist/index.js");
  if (typeof mod.KubernetesJob !== "function") {
    return { status: "module API changed", detail: "packages/kubernetes-job has no KubernetesJob export" };
  }

  // Every registration (components included) reaches newResource; `waitFor`
  // resolves when the expected number has arrived.
  let count = 0;
  let target = Number.POSITIVE_INFINITY;
  let done = () => {};
  let recording;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        recording?.push({ type: args.type, name: args.name, custom: args.custom, inputs: args.inputs });
        count++;
        if (count === target) done();
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "bench",
    "bench",
    false,
  );
  const waitFor = (n) => {
    count = 0;
    target = n;
    return new Promise((resolve) => {
      done = resolve;
    });
  };

  const stackInputOf = (envCount) => {
    const prepared = sdk.prepareManifest(manifest(envCount), `bench-${envCount}.yaml`);
    if (!prepared.ok) throw new Error(`bench manifest invalid: ${sdk.formatProblem(prepared.problems[0])}`);
    return sdk.buildStackInput(prepared.manifest.kind, prepared.manifest.message);
  };

  const points = [];
  for (const envCount of ENV_COUNTS) {
    const input = stackInputOf(envCount);
    // The recording run: what the component registers, with which inputs and dependencies.
    recording = [];
    const seen = [];
    const capture = {
      transformations: [
        (a) => {
          seen.push(a);
          return undefined;
        },
      ],
    };
    void waitFor(Number.POSITIVE_INFINITY);
    new mod.KubernetesJob(`rec-${envCount}`, input, capture);
    // Nothing signals "no more registrations"; wait until the count stops changing.
    for (let last = -1; last !== count; ) {
      last = count;
      await new Promise((r) => setTimeout(r, 50));
    }
    const records = recording;
    recording = undefined;
    const moduleRegistrations = records.length;
    const customs = records.filter((r) => r.custom);
    const optsByName = new Map(seen.map((s) => [s.name, s.opts]));
    const resourceByName = new Map(seen.map((s) => [s.resource, s.name]));

    // One iteration of the plain program: the same custom resources, created directly.
    const plain = (i) => {
      const made = new Map();
      for (const r of customs) {
        const o = optsByName.get(r.name) ?? {};
        const opts = {};
        const providerName = o.provider ? resourceByName.get(o.provider) : undefined;
        if (providerName) opts.provider = made.get(providerName);
        const deps = (Array.isArray(o.dependsOn) ? o.dependsOn : o.dependsOn ? [o.dependsOn] : [])
          .map((d) => made.get(resourceByName.get(d)))
          .filter(Boolean);
        if (deps.length > 0) opts.dependsOn = deps;
        if (o.deleteBeforeReplace) opts.deleteBeforeReplace = true;
        const Cls = k8sClass(k8s, r.type);
        made.set(r.name, new Cls(`${r.name}-${i}`, fromRpc(pulumi, r.inputs), opts));
      }
    };
    const { a: ours, b: floor } = await timeAsyncPair(
      async (i) => {
        const registered = waitFor(moduleRegistrations);
        new mod.KubernetesJob(`job-${envCount}-${i}`, input);
        await registered;
      },
      async (i) => {
        const registered = waitFor(customs.length);
        plain(`plain-${envCount}-${i}`);
        await registered;
      },
      { seconds },
    );
    points.push({
      envVariables: envCount,
      resources: records.map((r) => r.type),
      oursMs: ours.medianMs,
      baselineMs: floor.medianMs,
      ratio: ours.medianMs / floor.medianMs,
      iterations: { ours: ours.iterations, baseline: floor.iterations },
    });
  }
  return { status: "ok", seconds, points };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let result;
  try {
    result = await moduleCost();
  } catch (e) {
    result = { status: "failed", detail: e instanceof Error ? e.message : String(e) };
  }
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
  // Pulumi's runtime keeps handles open under mocks; the result is out, so leave.
  process.exit(0);
}
