// The Kubernetes objects our modules produce, against a real kube-apiserver
// (test/e2e/cluster/up.sh; KUBECONFIG names it):
//
// 1. For each kind, the objects `planton render -f <manifest> -o json
//    --show-secrets` prints for the target of packages/<kind>/hack/stack-input.yaml
//    and for every testdata/<kind>/valid/ manifest without valueFrom are created
//    in creation order, read back, compared field by field with what was sent,
//    and deleted (namespaces until they are gone: the controller-manager runs).
//    A helm.sh/v3 Release is skipped: it is a Pulumi provider resource (Helm
//    renders the chart), not a Kubernetes object.
// 2. Manifests that pass our validation but that the API server rejects: each
//    case asserts the server's message, so that the day the schema catches it
//    the test fails and the case moves to testdata/<kind>/invalid/.
//
// Every verdict is printed as a test diagnostic and, when PLANTON_E2E_RESULTS
// names a file, appended to it as a JSON line (run.sh prints the summary).
import assert from "node:assert/strict";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parseAllDocuments, stringify as stringifyYaml } from "yaml";
import { decodeStackInput } from "../../packages/sdk/dist/index.js";
import {
  countFields,
  expectedStored,
  hackTargetManifest,
  KINDS,
  planton,
  REPO,
  rel,
  render,
  scratchDir,
  subsetDiff,
  validFixtures,
} from "./helpers.mjs";
import { describeObject, isKubernetesObject, KubeClient, KubeError } from "./kube-client.mjs";

const tmp = scratchDir("planton-e2e-apiserver-");
const E2E_LABEL = "planton-e2e/owned";
/** Jobs that would make the job controller create more pods than this are only dry-run. */
const MAX_REAL_PARALLELISM = 10;

let client;
let serverVersion;

function record(entry) {
  if (process.env.PLANTON_E2E_RESULTS) appendFileSync(process.env.PLANTON_E2E_RESULTS, `${JSON.stringify(entry)}\n`);
}

const namespaceObject = (name) => ({
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name, labels: { [E2E_LABEL]: "true" } },
});

// Namespaces. Deleting one takes at least 5 s (the namespace controller waits
// namespaceDeletionGracePeriod before it starts), so the namespaces the tests
// create themselves (for manifests with createNamespace false) are kept for the
// next manifest and deleted at the end, and a deleted namespace is only waited
// for when a later manifest needs its name again. The last test checks that
// every deletion finished.
const owned = new Set();
const pending = new Map();

/** Deletes a namespace now and waits for it to be gone later (settle). */
async function deleteNamespaceLater(name) {
  const obj = namespaceObject(name);
  await client.delete(obj, { propagationPolicy: "Background" });
  owned.delete(name);
  // Settled into a value so that a timeout is reported by settle(), not as an unhandled rejection.
  pending.set(
    name,
    client.waitGone(obj, 120_000).then(
      () => undefined,
      (e) => e,
    ),
  );
}

/** Waits until a pending deletion of namespace `name` has finished. */
async function settle(name) {
  const p = pending.get(name);
  if (p) {
    pending.delete(name);
    const error = await p;
    if (error) throw error;
  }
}

/**
 * Makes the namespaces of `objects` ready: a name the manifest renders as a
 * Namespace is free (a kept namespace of that name is deleted first); every
 * other namespace its objects need exists (created and kept when missing).
 * For a dry run (which creates nothing) rendered names are made to exist too,
 * after `beforeCreate` has dry-run the Namespace objects.
 */
async function prepareNamespaces(objects, { dryRun, beforeCreate }) {
  const rendered = new Set(objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name));
  for (const name of rendered) {
    if (owned.has(name)) await deleteNamespaceLater(name);
    await settle(name);
  }
  await beforeCreate();
  const needed = new Set(objects.map((o) => o.metadata?.namespace).filter(Boolean));
  for (const name of needed) {
    if (rendered.has(name) && !dryRun) continue;
    await settle(name);
    if (owned.has(name) || (await client.get(namespaceObject(name)))) continue;
    await client.create(namespaceObject(name));
    owned.add(name);
  }
}

/** Deletes objects (reverse order) and waits until every one is gone. */
async function deleteAll(objects) {
  const reversed = [...objects].reverse();
  for (const o of reversed) await client.delete(o);
  for (const o of reversed) await client.waitGone(o, 120_000);
}

// ------------------------------------------------------------ valid manifests

const manifests = [];
for (const k of KINDS) {
  manifests.push({
    k,
    file: hackTargetManifest(k.dir, tmp.dir),
    label: `packages/${k.dir}/hack/stack-input.yaml (target)`,
  });
  const { usable, skipped } = validFixtures(k.dir);
  for (const file of usable) manifests.push({ k, file, label: rel(file) });
  for (const file of skipped)
    manifests.push({ k, file, label: rel(file), skip: "uses valueFrom (needs an orchestrator)" });
}

before(async () => {
  client = KubeClient.fromKubeconfig();
  serverVersion = await client.version();
});

after(() => {
  client?.close();
  tmp.remove();
});

test("the API server is up and is the version we built", async (t) => {
  assert.match(serverVersion.gitVersion, /^v1\.\d+\.\d+/);
  assert.notEqual(serverVersion.minor, "0", "a server reporting 0.0 was built without -X gitVersion");
  t.diagnostic(`kube-apiserver ${serverVersion.gitVersion} at ${client.server}`);
});

test("the read-back comparison notices differences and knows quantities", () => {
  assert.deepEqual(subsetDiff({ a: { cpu: "2000m", mem: "1Gi" } }, { a: { cpu: "2", mem: "1073741824" }, b: 1 }), []);
  assert.deepEqual(subsetDiff({ readOnly: false, items: [] }, {}), []);
  assert.equal(subsetDiff({ a: [1, 2] }, { a: [1, 3] }).length, 1);
  assert.equal(subsetDiff({ a: [1, 2] }, { a: [1] }).length, 1);
  assert.equal(subsetDiff({ cpu: "100m" }, { cpu: "1" }).length, 1);
  assert.equal(subsetDiff({ x: "a" }, {}).length, 1);
  const secret = { apiVersion: "v1", kind: "Secret", stringData: { K: "v" } };
  assert.deepEqual(expectedStored(secret), { apiVersion: "v1", kind: "Secret", data: { K: "dg==" } });
});

test("planton render in process prints what bin/planton.js prints", async () => {
  const file = join(REPO, "examples", "kubernetes-job.yaml");
  const bin = await planton(["render", "-f", file, "-o", "json", "--show-secrets"]);
  assert.equal(bin.code, 0, bin.stderr);
  assert.deepEqual(await render(file), JSON.parse(bin.stdout));
});

for (const k of KINDS) {
  describe(`${k.kind}: rendered objects are accepted by the API server`, () => {
    for (const m of manifests.filter((x) => x.k === k)) {
      test(m.label, { skip: m.skip }, async (t) => {
        const objects = await render(m.file);
        for (const o of objects.filter((x) => !isKubernetesObject(x))) {
          t.diagnostic(
            `skipped ${o.apiVersion} ${o.kind} ${o.namespace}/${o.name}: not a Kubernetes object (Helm renders the chart)`,
          );
          record({
            manifest: m.label,
            object: `${o.kind} ${o.namespace}/${o.name}`,
            verdict: "skipped",
            message: "helm.sh/v3 Release: not a Kubernetes object",
          });
        }
        const kube = objects.filter(isKubernetesObject);
        const heavy = kube.find((o) => o.kind === "Job" && (o.spec?.parallelism ?? 1) > MAX_REAL_PARALLELISM);
        const dryRun = heavy !== undefined;
        if (dryRun) {
          t.diagnostic(
            `dry run only (dryRun=All): Job ${heavy.metadata.name} has parallelism ${heavy.spec.parallelism}; the job controller would create that many pods`,
          );
        }
        const created = [];
        const rejected = [];
        const diffs = [];
        const send = async (o) => {
          try {
            const stored = await client.create(o, { dryRun });
            if (!dryRun) created.push(o);
            record({ manifest: m.label, object: describeObject(o), verdict: "accepted", dryRun });
            // Compare what the server stores: for a dry run its answer, else a fresh read.
            const got = dryRun ? stored : await client.get(o);
            assert.ok(got, `${describeObject(o)} cannot be read back`);
            const expected = expectedStored(o);
            const found = subsetDiff(expected, got);
            diffs.push(...found.map((d) => `${describeObject(o)}: ${d}`));
            t.diagnostic(
              `accepted${dryRun ? " (dry run)" : ""}: ${describeObject(o)}; read back, ${countFields(expected) - found.length}/${countFields(expected)} fields as sent`,
            );
          } catch (e) {
            if (!(e instanceof KubeError)) throw e;
            rejected.push(`${describeObject(o)}: ${e.status} ${e.serverMessage}`);
            record({
              manifest: m.label,
              object: describeObject(o),
              verdict: "rejected",
              message: e.serverMessage,
              dryRun,
            });
          }
        };
        try {
          // A dry run creates nothing: its Namespace objects go first, then the
          // namespaces are made for real for the other objects.
          await prepareNamespaces(kube, {
            dryRun,
            beforeCreate: async () => {
              for (const o of kube.filter((x) => x.kind === "Namespace")) await send(o);
            },
          });
          for (const o of kube.filter((x) => x.kind !== "Namespace")) await send(o);
          assert.deepEqual(rejected, [], "the API server rejected objects of a valid manifest");
          assert.deepEqual(diffs, [], "fields read back differ from the fields sent");
          if (!dryRun) await checkControllers(t, kube);
        } finally {
          const namespaces = created.filter((o) => o.kind === "Namespace");
          await deleteAll(created.filter((o) => o.kind !== "Namespace"));
          for (const ns of namespaces) await deleteNamespaceLater(ns.metadata.name);
        }
        for (const o of created.filter((x) => x.kind !== "Namespace")) {
          assert.equal(await client.get(o), undefined, `${describeObject(o)} still exists`);
        }
      });
    }
  });
}

/** The controllers act on what we created: a Job gets its pods (Pending: no nodes). */
async function checkControllers(t, objects) {
  for (const job of objects.filter((o) => o.kind === "Job" && !o.spec?.suspend)) {
    const ns = encodeURIComponent(job.metadata.namespace);
    const selector = `batch.kubernetes.io/job-name=${job.metadata.name}`;
    const deadline = Date.now() + 20_000;
    let pods = [];
    while (pods.length === 0 && Date.now() < deadline) {
      pods = (await client.call("GET", `/api/v1/namespaces/${ns}/pods`, { query: { labelSelector: selector } })).items;
      if (pods.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(pods.length > 0, `the job controller created no pod for Job ${job.metadata.name} in 20s`);
    const env = pods[0].spec.containers[0].env ?? [];
    const want = job.spec.template.spec.containers[0].env ?? [];
    assert.deepEqual(
      env.filter((e) => want.some((w) => w.name === e.name)).map((e) => e.name),
      want.map((w) => w.name),
      "the pod carries the Job's env",
    );
    t.diagnostic(`Job ${job.metadata.name}: pod ${pods[0].metadata.name} ${pods[0].status?.phase ?? ""}`);
  }
}

test("the local test chart's CRD (examples/charts/planton-e2e-operator/crds) is accepted", async (t) => {
  const file = join(REPO, "examples", "charts", "planton-e2e-operator", "crds", "widgets.e2e.planton.dev.yaml");
  const [crd] = parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJSON());
  await client.create(crd);
  try {
    const got = await client.get(crd);
    assert.deepEqual(subsetDiff(crd, got), []);
    record({ manifest: rel(file), object: describeObject(crd), verdict: "accepted" });
    t.diagnostic(`accepted: ${describeObject(crd)}`);
  } finally {
    await deleteAll([crd]);
  }
});

// ------------------------------------------ accepted by us, rejected by the server

const HUNT_NS = "planton-e2e-hunt";
const base = (kind, name, spec) => ({
  apiVersion: "kubernetes.project-planton.org/v1",
  kind,
  metadata: { name },
  spec: {
    namespace: { value: HUNT_NS },
    createNamespace: false,
    image: { repo: "registry.k8s.io/pause", tag: "3.10" },
    ...spec,
  },
});
const job = (name, spec = {}) => base("KubernetesJob", name, spec);

/**
 * Cases found here and since caught by the schema live on as invalid fixtures
 * (testdata/kubernetes-job/invalid/: config-map-item-path-dotdot,
 * secret-ref-key-dotdot, literal-secret-name-dotdot,
 * indexed-name-too-long-for-pod-hostname, active-deadline-above-2p53,
 * memory-request-above-limit-beyond-2p53; the 1 MiB secrets total is
 * env.secrets_size in validate.test.ts).
 *
 * Each case: a manifest our schema accepts today, the objects the server
 * rejects (kind → its message), and the schema rule that would catch it.
 * Every other object of the case must be accepted. `real: true` creates for
 * real instead of dryRun=All (limits enforced by storage, not by validation).
 */
const HUNT = [
  {
    name: "a Job over etcd's 1.5 MiB request limit (1.6 MiB env value)",
    manifest: job("env-over-etcd-limit", {
      env: { variables: { BIG: { value: "x".repeat(Math.round(1.6 * 1048576)) } } },
    }),
    real: true,
    // etcd answers "etcdserver: request is too large" (apiserver log); the API
    // server retries the create and reports a confusing validation error.
    rejects: { Job: /`selector` not auto-generated|request is too large/ },
    rule: "no exact CEL rule (object size); cap each env value, command and args item (e.g. string.max_bytes = 131072, Linux MAX_ARG_STRLEN, beyond which the container cannot start anyway)",
  },
];

describe("manifests our validation accepts but the API server rejects", () => {
  before(async () => {
    await settle(HUNT_NS);
    if (!owned.has(HUNT_NS) && !(await client.get(namespaceObject(HUNT_NS)))) {
      await client.create(namespaceObject(HUNT_NS));
      owned.add(HUNT_NS);
    }
  });

  for (const c of HUNT) {
    test(c.name, async (t) => {
      const file = join(tmp.dir, `hunt-${c.manifest.metadata.name.slice(0, 40)}.yaml`);
      writeFileSync(file, `# ${c.name}\n# proposed rule: ${c.rule}\n${stringifyYaml(c.manifest)}`);
      let objects;
      try {
        objects = await render(file);
      } catch (e) {
        if (e.result?.code === 1) {
          assert.fail(
            `our validation now rejects this manifest: move the case to testdata/${KINDS.find((k) => k.kind === c.manifest.kind)?.dir}/invalid/ with its expect line.\n${e.result.stderr}`,
          );
        }
        throw e;
      }
      await checkHunt(t, c, objects);
    });
  }

  test("image pull Secret (kubernetes.io/dockerconfigjson): accepted with JSON, rejected without", async (t) => {
    const dockerConfig = join(tmp.dir, "docker-config.json");
    writeFileSync(dockerConfig, JSON.stringify({ auths: { "ghcr.io": { auth: "ZTJlOmUyZQ==" } } }));
    const file = join(tmp.dir, "hunt-pull-secret.yaml");
    writeFileSync(file, stringifyYaml(job("pull-secret")));
    const objects = await render(file, ["--docker-config", dockerConfig]);
    const secret = objects.find((o) => o.kind === "Secret" && o.type === "kubernetes.io/dockerconfigjson");
    assert.ok(secret, `no image pull Secret among ${objects.map((o) => o.kind).join(", ")}`);
    await checkHunt(t, { name: "image pull Secret", rejects: {}, rule: "" }, objects);
    const stored = await client.create(secret, { dryRun: true });
    assert.deepEqual(subsetDiff(expectedStored(secret), stored), []);

    // The same Secret with content that is not JSON: the server refuses it...
    const broken = { ...secret, stringData: { ".dockerconfigjson": "not json" } };
    await checkHunt(
      t,
      {
        name: "dockerConfigJson not JSON",
        rejects: {
          Secret: /data\[\.dockerconfigjson\]: Invalid value: "<secret contents redacted>": invalid character/,
        },
        rule: "",
      },
      [broken],
    );
    // ...and so must the SDK, for a stack input given to the module directly
    // (the CLI also checks its --docker-config file).
    const input = { target: job("pull-secret"), dockerConfigJson: "not json" };
    assert.throws(
      () =>
        decodeStackInput({
          kind: "KubernetesJob",
          env: { STACK_INPUT: Buffer.from(stringifyYaml(input)).toString("base64") },
        }),
      /dockerConfigJson/,
      "the SDK must refuse a dockerConfigJson that the API server would refuse",
    );
  });

  test("documented: Kubernetes 1.36 accepts a Service named '1runner'", async (t) => {
    // Our schema refuses a StackJobRunnerKubernetes named "1runner" because its
    // Service would be named so and Service names used to be RFC 1035 labels.
    // Kubernetes 1.36 accepts it (feature gate RelaxedServiceNameValidation,
    // beta, on by default); older servers reject it. The rule stays right for
    // clusters older than the one we test against.
    const file = join(tmp.dir, "hunt-runner.yaml");
    writeFileSync(file, stringifyYaml(base("StackJobRunnerKubernetes", "runner", {})));
    const service = (await render(file)).find((o) => o.kind === "Service");
    service.metadata.name = "1runner";
    await checkHunt(t, { name: "Service named 1runner", rejects: {}, rule: "" }, [service]);
    const named = join(tmp.dir, "hunt-1runner.yaml");
    writeFileSync(named, stringifyYaml(base("StackJobRunnerKubernetes", "1runner", {})));
    const ours = await render(named).catch((e) => e);
    t.diagnostic(
      ours instanceof Error
        ? `our validation refuses it: ${ours.result?.stderr.split("\n")[0]}`
        : "our validation accepts it",
    );
  });
});

/** Sends a hunt case's objects (dry run unless `real`) and checks who is rejected, with which message. */
async function checkHunt(t, c, objects) {
  const kube = objects.filter(isKubernetesObject);
  const verdicts = [];
  const created = [];
  try {
    for (const o of kube) {
      try {
        await client.create(o, { dryRun: !c.real });
        if (c.real) created.push(o);
        verdicts.push({ o, accepted: true });
      } catch (e) {
        if (!(e instanceof KubeError)) throw e;
        verdicts.push({ o, accepted: false, message: e.serverMessage });
      }
    }
  } finally {
    await deleteAll(created);
  }
  for (const v of verdicts) {
    const want = c.rejects[v.o.kind];
    const short = v.message?.replace(/(.)\1{40,}/g, "$1…") ?? "";
    record({
      manifest: `hunt: ${c.name}`,
      object: describeObject(v.o).slice(0, 120),
      verdict: v.accepted ? "accepted" : "rejected",
      message: short.slice(0, 600),
      rule: want ? c.rule : undefined,
    });
    if (want) {
      assert.equal(v.accepted, false, `${describeObject(v.o)} was accepted; the server is expected to reject it`);
      assert.match(v.message, want);
      t.diagnostic(`rejected ${describeObject(v.o).slice(0, 80)}: ${short.slice(0, 300)}`);
    } else {
      assert.equal(v.accepted, true, `${describeObject(v.o)} was rejected: ${short}`);
    }
  }
  for (const kind of Object.keys(c.rejects)) {
    assert.ok(
      verdicts.some((v) => v.o.kind === kind),
      `no ${kind} among the rendered objects (${kube.map((o) => o.kind).join(", ")})`,
    );
  }
  if (c.rule) t.diagnostic(`schema rule to add: ${c.rule}`);
}

test("every namespace the tests created or rendered is deleted, and the deletions finish", async (t) => {
  const started = Date.now();
  for (const name of [...owned]) await deleteNamespaceLater(name);
  const names = [...pending.keys()];
  for (const name of names) await settle(name);
  for (const name of names)
    assert.equal(await client.get(namespaceObject(name)), undefined, `namespace ${name} still exists`);
  const list = await client.call("GET", "/api/v1/namespaces", { query: { labelSelector: `${E2E_LABEL}=true` } });
  assert.deepEqual(
    list.items.map((n) => n.metadata.name),
    [],
    "namespaces labelled as the tests' own are left",
  );
  t.diagnostic(`deleted namespaces ${names.join(", ")} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
});
