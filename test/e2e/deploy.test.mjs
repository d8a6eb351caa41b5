// Real deploys: every kind goes through the Pulumi engine and the Kubernetes
// provider onto the embedded cluster (KWOK plays the nodes, so pods run), by
// both entries a user has:
//   planton pulumi preview|up|refresh|destroy -f MANIFEST   (the CLI)
//   cd packages/<kind> && STACK_INPUT=$(base64 -w0 ...) pulumi up   (the module)
// and what the cluster then holds is read back from the API server.
//
// Needs pulumi, pulumi-language-nodejs and pulumi-resource-kubernetes on PATH
// and KUBECONFIG pointing at the cluster (test/e2e/run.sh sets all of it up).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { KINDS, PLANTON, planton, pulumiTestEnv, pulumiType, REPO, render, run, scratchDir } from "./helpers.mjs";
import { KubeClient } from "./kube-client.mjs";

const tmp = scratchDir("planton-e2e-deploy-");
const env = pulumiTestEnv(tmp.dir);
const runId = randomBytes(3).toString("hex");
const kube = KubeClient.fromKubeconfig();
const stackFiles = new Set();
const LABEL = "project-planton.org/";
// Literal secrets that must never appear in clear in state or output.
const SECRET_ENV = `e2e-literal-${randomBytes(8).toString("hex")}`;
const SECRET_DOCKER = `e2e-docker-${randomBytes(8).toString("hex")}`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const kindDir = (kind) => KINDS.find((k) => k.kind === kind).dir;

/** Writes a manifest into the scratch dir; returns its path. */
function writeManifest(name, manifest) {
  const file = join(tmp.dir, `${name}.yaml`);
  writeFileSync(file, stringifyYaml(manifest));
  return file;
}

/** `planton ARGS` with the test's Pulumi environment (its Pulumi project lives in env.PLANTON_HOME). */
function cli(args) {
  return planton(args, { env, timeoutMs: 300_000 });
}

/**
 * `planton ARGS` started in the background (for interrupting it): its combined
 * output so far, its exit code when it ends, and the child to signal. A run
 * still going after `timeoutMs` is killed (a hang fails the test, it does not
 * stall the suite).
 */
function startPlanton(args, timeoutMs = 300_000) {
  const child = spawn(process.execPath, [PLANTON, ...args], { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
  const output = { text: "" };
  const collect = (d) => {
    output.text += d;
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const timer = setTimeout(() => {
    output.text += `\n[test] planton ${args.join(" ")} still running after ${timeoutMs / 1000}s: killed\n`;
    child.kill("SIGKILL");
  }, timeoutMs);
  const exited = new Promise((r) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      r(code);
    }),
  );
  return { child, output, exited };
}

/** `pulumi ARGS` in a module package with the test's environment. */
function pulumiIn(kind, args, extraEnv = {}) {
  return run("pulumi", args, { cwd: join(REPO, "packages", kindDir(kind)), env: { ...env, ...extraEnv } });
}

const out = (r) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
const ok = (r, what) => assert.equal(r.code, 0, `${what} failed: ${out(r)}`);

async function get(path) {
  const r = await kube.request("GET", path);
  if (r.status === 404) return undefined;
  assert.equal(r.status, 200, `GET ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Polls `fn` until it returns a truthy value (or fails after `ms`). */
async function eventually(what, fn, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${ms / 1000}s waiting for ${what}`);
    await sleep(250);
  }
}

const namespaceGone = (ns) =>
  eventually(`namespace ${ns} to be gone`, async () => !(await get(`/api/v1/namespaces/${ns}`)), 120_000);

/** The planned resource types of a preview (`-- --json`), without stack, provider and component. */
function planOf(r) {
  const start = r.stdout.search(/^\{/m);
  assert.ok(start >= 0, `no JSON in the preview output: ${out(r)}`);
  const json = JSON.parse(r.stdout.slice(start));
  return (json.steps ?? []).map((s) => s.newState?.type ?? s.oldState?.type).filter((t) => t.startsWith("kubernetes:"));
}

/** Exactly the objects `planton render` prints for the manifest are planned. */
async function assertPlanMatchesRender(r, file, renderArgs = []) {
  ok(r, "preview");
  const rendered = (await render(file, renderArgs)).map(pulumiType).sort();
  assert.deepEqual(planOf(r).sort(), rendered, "preview plans exactly what planton render prints");
}

/** The literal secrets appear nowhere in `pulumi stack export` nor in the given outputs. */
async function assertNoSecretsInClear(kind, stack, texts) {
  const exp = await pulumiIn(kind, ["stack", "export", "--stack", stack]);
  ok(exp, "pulumi stack export");
  for (const secret of [SECRET_ENV, SECRET_DOCKER]) {
    assert.ok(!exp.stdout.includes(secret), `stack export holds a literal secret in clear (${secret.slice(0, 12)}...)`);
    for (const t of texts) assert.ok(!t.includes(secret), "a command printed a literal secret");
  }
  // The Secret's value is stored as a Pulumi secret (ciphertext), not as plain state.
  assert.match(exp.stdout, /"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"/);
}

/** Labels every object and pod template of a module carries. */
function assertPlantonLabels(obj, kind, name) {
  const labels = obj.metadata?.labels ?? {};
  assert.equal(labels[`${LABEL}resource`], "true", `${obj.kind} ${obj.metadata.name}: ${LABEL}resource`);
  assert.equal(labels[`${LABEL}resource-kind`], kind, `${obj.kind} ${obj.metadata.name}: resource-kind`);
  assert.equal(labels[`${LABEL}resource-name`], name, `${obj.kind} ${obj.metadata.name}: resource-name`);
}

/** Runs `fn` and always destroys the stack afterwards (so a failure leaves no namespace behind). */
async function withStack(file, stack, fn) {
  try {
    await fn();
  } finally {
    await cli(["pulumi", "destroy", "-f", file, "--stack", stack, "--yes", "--", "--non-interactive"]);
  }
}

before(async () => {
  for (const b of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-kubernetes"]) {
    const r = await run("sh", ["-c", `command -v ${b}`], { env });
    assert.equal(r.code, 0, `${b} is not on PATH (source test/e2e/toolchain/env.sh after build.sh)`);
  }
  assert.ok(await get("/api/v1/nodes/kwok-node-0"), "the KWOK node must exist (test/e2e/cluster/up.sh)");
});

after(() => {
  kube.close();
  for (const f of stackFiles) rmSync(f, { force: true });
  tmp.remove();
});

// ---------------------------------------------------------------- KubernetesJob

function jobManifest(name, ns, spec = {}, labels = undefined) {
  return {
    apiVersion: "kubernetes.project-planton.org/v1",
    kind: "KubernetesJob",
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: {
      namespace: { value: ns },
      createNamespace: true,
      image: { repo: "registry.example.com/migrate", tag: "v1" },
      env: {
        variables: { MODE: { value: "full" } },
        secrets: {
          API_TOKEN: { value: SECRET_ENV },
          DB_PASSWORD: { secretRef: { name: "db-credentials", key: "password" } },
        },
      },
      configMaps: { "migrate-config": "batch: 100\n" },
      volumeMounts: [{ name: "config", mountPath: "/etc/migrate", configMap: { name: "migrate-config" } }],
      backoffLimit: 0,
      command: ["/bin/migrate"],
      ...spec,
    },
  };
}

describe("KubernetesJob through planton pulumi", () => {
  const ns = `e2e-${runId}-job`;
  const name = "migrate";
  const stack = `e2e-${runId}-job`;
  const K = "KubernetesJob";
  let file;
  let dockerConfig;

  before(() => {
    file = writeManifest("job", jobManifest(name, ns));
    dockerConfig = join(tmp.dir, "docker-config.json");
    writeFileSync(
      dockerConfig,
      JSON.stringify({
        auths: { "registry.example.com": { auth: Buffer.from(`ci:${SECRET_DOCKER}`).toString("base64") } },
      }),
    );
  });

  test("preview, up (the Job completes), no-change up, refresh, outputs, update, destroy", async (t) => {
    const dc = ["--docker-config", dockerConfig];
    const texts = [];
    await withStack(file, stack, async () => {
      const pre = await cli([
        "pulumi",
        "preview",
        "-f",
        file,
        "--stack",
        stack,
        ...dc,
        "--",
        "--json",
        "--non-interactive",
      ]);
      texts.push(pre.stdout, pre.stderr);
      await assertPlanMatchesRender(pre, file, dc);

      const t0 = Date.now();
      const up = await cli([
        "pulumi",
        "up",
        "-f",
        file,
        "--stack",
        stack,
        "--yes",
        "--write-status",
        ...dc,
        "--",
        "--non-interactive",
      ]);
      texts.push(up.stdout, up.stderr);
      ok(up, "planton pulumi up");
      t.diagnostic(`up in ${Date.now() - t0} ms`);
      // The stack's settings live in the Planton state dir, not in the installed package.
      const project = join(env.PLANTON_HOME, "projects", kindDir(K));
      assert.ok(existsSync(join(project, `Pulumi.${stack}.yaml`)), "Pulumi.<stack>.yaml in PLANTON_HOME/projects");
      assert.ok(!existsSync(join(REPO, "packages", kindDir(K), `Pulumi.${stack}.yaml`)), "none in the package");

      // The Job ran to completion before up returned (waitForCompletion defaults to true).
      const job = await get(`/apis/batch/v1/namespaces/${ns}/jobs/${name}`);
      assert.ok(job, "the Job exists");
      assert.ok(
        (job.status?.conditions ?? []).some((c) => c.type === "Complete" && c.status === "True"),
        `the Job completed before up returned: ${JSON.stringify(job.status)}`,
      );
      assertPlantonLabels(job, K, name);
      assertPlantonLabels(job.spec.template, K, name);
      const c = job.spec.template.spec.containers[0];
      assert.equal(c.image, "registry.example.com/migrate:v1");
      const envByName = Object.fromEntries(c.env.map((e) => [e.name, e]));
      assert.equal(envByName.MODE.value, "full");
      assert.deepEqual(envByName.API_TOKEN.valueFrom.secretKeyRef, { name: `${name}-env-secrets`, key: "API_TOKEN" });
      assert.deepEqual(envByName.DB_PASSWORD.valueFrom.secretKeyRef, { name: "db-credentials", key: "password" });
      assert.equal(envByName.API_TOKEN.value, undefined, "a literal secret never sits in the Job spec");
      assert.deepEqual(c.volumeMounts, [{ name: "config", mountPath: "/etc/migrate" }]);
      const vol = job.spec.template.spec.volumes.find((v) => v.name === "config");
      assert.equal(vol.configMap.name, "migrate-config");
      assert.deepEqual(job.spec.template.spec.imagePullSecrets, [{ name: `${name}-image-pull-secret` }]);

      const envSecret = await get(`/api/v1/namespaces/${ns}/secrets/${name}-env-secrets`);
      assert.equal(envSecret.type, "Opaque");
      assert.equal(Buffer.from(envSecret.data.API_TOKEN, "base64").toString(), SECRET_ENV);
      const pull = await get(`/api/v1/namespaces/${ns}/secrets/${name}-image-pull-secret`);
      assert.equal(pull.type, "kubernetes.io/dockerconfigjson");
      const cm = await get(`/api/v1/namespaces/${ns}/configmaps/migrate-config`);
      assert.deepEqual(cm.data, { "migrate-config": "batch: 100\n" });
      for (const o of [envSecret, pull, cm, await get(`/api/v1/namespaces/${ns}`)]) assertPlantonLabels(o, K, name);

      // Outputs: the kind's StackOutputs, and recorded in status.outputs.
      const outputs = await cli(["outputs", "-f", file, "--stack", stack, "-o", "json"]);
      ok(outputs, "planton outputs");
      assert.deepEqual(JSON.parse(outputs.stdout), { namespace: ns, jobName: name });
      const status = parseYaml(readFileSync(file, "utf8")).status;
      assert.deepEqual(status?.outputs, { namespace: ns, jobName: name }, "--write-status records the outputs");

      // A second up changes nothing; refresh finds no drift.
      const again = await cli([
        "pulumi",
        "up",
        "-f",
        file,
        "--stack",
        stack,
        "--yes",
        ...dc,
        "--",
        "--expect-no-changes",
        "--non-interactive",
      ]);
      texts.push(again.stdout, again.stderr);
      ok(again, "a second up with --expect-no-changes");
      const refresh = await cli([
        "pulumi",
        "refresh",
        "-f",
        file,
        "--stack",
        stack,
        "--yes",
        ...dc,
        "--",
        "--expect-no-changes",
        "--non-interactive",
      ]);
      texts.push(refresh.stdout, refresh.stderr);
      ok(refresh, "refresh with --expect-no-changes");

      // Changing the pod template replaces the Job (documented), which runs again.
      const before = job.metadata.uid;
      const changed = jobManifest(name, ns, {
        env: { variables: { MODE: { value: "incremental" } }, secrets: { API_TOKEN: { value: SECRET_ENV } } },
      });
      writeFileSync(file, stringifyYaml(changed));
      const upd = await cli(["pulumi", "up", "-f", file, "--stack", stack, "--yes", ...dc, "--", "--non-interactive"]);
      texts.push(upd.stdout, upd.stderr);
      ok(upd, "up after a change");
      const replaced = await get(`/apis/batch/v1/namespaces/${ns}/jobs/${name}`);
      assert.notEqual(replaced.metadata.uid, before, "the Job was replaced");
      assert.equal(replaced.spec.template.spec.containers[0].env.find((e) => e.name === "MODE").value, "incremental");

      await assertNoSecretsInClear(K, stack, texts);
    });
    await namespaceGone(ns);
    // A second destroy is a no-op.
    const again = await cli(["pulumi", "destroy", "-f", file, "--stack", stack, "--yes", "--", "--non-interactive"]);
    ok(again, "a second destroy");
  });

  test("a failing Job makes up fail with the Job's reason; waitForCompletion: false returns at once", async (t) => {
    const fns = `e2e-${runId}-jobfail`;
    const failing = writeManifest("job-fail", jobManifest("doomed", fns, {}, { "e2e.planton.dev/outcome": "fail" }));
    const s = `e2e-${runId}-jobfail`;
    await withStack(failing, s, async () => {
      const up = await cli(["pulumi", "up", "-f", failing, "--stack", s, "--yes", "--", "--non-interactive"]);
      assert.notEqual(up.code, 0, `up of a failing Job must fail: ${out(up)}`);
      assert.match(
        up.stdout + up.stderr,
        /BackoffLimitExceeded|backoff limit|failed/i,
        "the Job's failure reason is reported",
      );
      t.diagnostic(
        (up.stdout + up.stderr)
          .split("\n")
          .filter((l) => /error|fail/i.test(l))
          .slice(0, 4)
          .join("\n"),
      );
    });
    await namespaceGone(fns);

    const nowait = writeManifest(
      "job-nowait",
      jobManifest("doomed", fns, { waitForCompletion: false }, { "e2e.planton.dev/outcome": "fail" }),
    );
    await withStack(nowait, s, async () => {
      const up = await cli(["pulumi", "up", "-f", nowait, "--stack", s, "--yes", "--", "--non-interactive"]);
      ok(up, "up with waitForCompletion: false (the Job fails later, up does not wait for it)");
      const job = await get(`/apis/batch/v1/namespaces/${fns}/jobs/doomed`);
      assert.equal(job.metadata.annotations?.["pulumi.com/skipAwait"], "true");
    });
    await namespaceGone(fns);
  });

  test("completionTimeoutSeconds is honoured: a Job that never finishes fails up after the timeout", async (t) => {
    const hns = `e2e-${runId}-jobhang`;
    const hanging = writeManifest(
      "job-hang",
      jobManifest("stuck", hns, { completionTimeoutSeconds: 8 }, { "e2e.planton.dev/outcome": "hang" }),
    );
    const s = `e2e-${runId}-jobhang`;
    await withStack(hanging, s, async () => {
      const t0 = Date.now();
      const up = await cli(["pulumi", "up", "-f", hanging, "--stack", s, "--yes", "--", "--non-interactive"]);
      const ms = Date.now() - t0;
      assert.notEqual(up.code, 0, `up must fail when the Job does not finish in time: ${out(up)}`);
      assert.match(up.stdout + up.stderr, /timed out|timeout/i);
      assert.ok(ms < 120_000, `up gave up after the timeout, not much later (${ms} ms)`);
      t.diagnostic(`up failed after ${ms} ms`);
    });
    await namespaceGone(hns);
  });
});

// ------------------------------------------------------ StackJobRunnerKubernetes

describe("StackJobRunnerKubernetes through planton pulumi", () => {
  const K = "StackJobRunnerKubernetes";
  const ns = `e2e-${runId}-runner`;
  const name = "runner";
  const stack = `e2e-${runId}-runner`;

  test("preview, up (Deployment Ready, Service with endpoints), outputs, no-change up, destroy", async () => {
    const file = writeManifest("runner", {
      apiVersion: "kubernetes.project-planton.org/v1",
      kind: K,
      metadata: { name, org: "planton", env: "e2e" },
      spec: {
        namespace: { value: ns },
        image: { repo: "ghcr.io/project-planton/stack-job-runner", tag: "v0.1.0" },
        replicas: 2,
        port: 8080,
        env: { secrets: { RUNNER_TOKEN: { value: SECRET_ENV } } },
      },
    });
    const texts = [];
    await withStack(file, stack, async () => {
      const pre = await cli(["pulumi", "preview", "-f", file, "--stack", stack, "--", "--json", "--non-interactive"]);
      await assertPlanMatchesRender(pre, file);
      const up = await cli(["pulumi", "up", "-f", file, "--stack", stack, "--yes", "--", "--non-interactive"]);
      texts.push(up.stdout, up.stderr);
      ok(up, "planton pulumi up");

      const dep = await get(`/apis/apps/v1/namespaces/${ns}/deployments/${name}`);
      assert.equal(dep.status?.readyReplicas, 2, `the Deployment is Ready: ${JSON.stringify(dep.status)}`);
      assertPlantonLabels(dep, K, name);
      assert.equal(dep.metadata.labels[`${LABEL}organization`], "planton");
      assert.equal(dep.metadata.labels[`${LABEL}environment`], "e2e");
      assert.equal(dep.spec.template.spec.serviceAccountName, name);
      const svc = await get(`/api/v1/namespaces/${ns}/services/${name}`);
      assert.equal(svc.spec.type, "ClusterIP");
      assert.equal(svc.spec.ports[0].port, 8080);
      const slices = await get(
        `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices?labelSelector=kubernetes.io/service-name=${name}`,
      );
      const ready = slices.items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready);
      assert.equal(ready.length, 2, "the Service has both pods as ready endpoints");
      assert.ok(await get(`/api/v1/namespaces/${ns}/serviceaccounts/${name}`), "ServiceAccount");
      assert.ok(await get(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles/${name}`), "Role");
      assert.ok(await get(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/${name}`), "RoleBinding");

      const outputs = await cli(["outputs", "-f", file, "--stack", stack, "-o", "json"]);
      ok(outputs, "planton outputs");
      const o = JSON.parse(outputs.stdout);
      assert.equal(o.namespace, ns);
      assert.equal(o.service, name);
      assert.equal(o.kubeEndpoint, `${name}.${ns}.svc.cluster.local:8080`);
      assert.ok(
        await get(`/api/v1/namespaces/${o.namespace}/services/${o.service}`),
        "the Service named in the outputs exists",
      );

      const again = await cli([
        "pulumi",
        "up",
        "-f",
        file,
        "--stack",
        stack,
        "--yes",
        "--",
        "--expect-no-changes",
        "--non-interactive",
      ]);
      ok(again, "a second up with --expect-no-changes");
      await assertNoSecretsInClear(K, stack, texts);
    });
    await namespaceGone(ns);
  });
});

// ---------------------------------------------------- AltinityOperatorKubernetes

describe("AltinityOperatorKubernetes through planton pulumi", () => {
  const K = "AltinityOperatorKubernetes";
  const ns = `e2e-${runId}-altinity`;
  const name = "altinity";
  const stack = `e2e-${runId}-altinity`;

  test("a local chart (air-gapped): release installed with its CRDs, operator Ready, outputs, destroy", async () => {
    const file = writeManifest("altinity", {
      apiVersion: "kubernetes.project-planton.org/v1",
      kind: K,
      metadata: { name },
      spec: {
        namespace: { value: ns },
        chart: { path: join(REPO, "examples", "charts", "planton-e2e-operator") },
      },
    });
    await withStack(file, stack, async () => {
      const pre = await cli(["pulumi", "preview", "-f", file, "--stack", stack, "--", "--json", "--non-interactive"]);
      await assertPlanMatchesRender(pre, file);
      const up = await cli(["pulumi", "up", "-f", file, "--stack", stack, "--yes", "--", "--non-interactive"]);
      ok(up, "planton pulumi up");
      assert.ok(
        await get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.e2e.planton.dev"),
        "the chart's CRD is installed",
      );
      const deps = await get(`/apis/apps/v1/namespaces/${ns}/deployments`);
      assert.equal(deps.items.length, 1, "the chart's operator Deployment");
      assert.equal(
        deps.items[0].status?.readyReplicas,
        1,
        `the operator is Ready: ${JSON.stringify(deps.items[0].status)}`,
      );
      const releases = await get(`/api/v1/namespaces/${ns}/secrets?labelSelector=owner=helm`);
      assert.equal(releases.items.length, 1, "Helm recorded one release");
      assertPlantonLabels(await get(`/api/v1/namespaces/${ns}`), K, name);

      const outputs = await cli(["outputs", "-f", file, "--stack", stack, "-o", "json"]);
      ok(outputs, "planton outputs");
      const o = JSON.parse(outputs.stdout);
      assert.equal(o.namespace, ns);
      assert.equal(o.releaseName, deps.items[0].metadata.labels["app.kubernetes.io/instance"]);
    });
    await namespaceGone(ns);
  });
});

// ------------------------------------------------- the module entry: STACK_INPUT

/**
 * KubernetesCronJob (added with the kind): the CronJob `target` describes exists
 * in namespace `ns` with its schedule, suspend, concurrencyPolicy and timeZone,
 * and its jobTemplate's container runs the image and reads each literal secret
 * from `<name>-env-secrets`.
 */
async function assertCronJobAsManifest(target, ns) {
  const { name } = target.metadata;
  const { spec } = target;
  const cron = await get(`/apis/batch/v1/namespaces/${ns}/cronjobs/${name}`);
  assert.ok(cron, `CronJob ${ns}/${name} exists`);
  assert.equal(cron.spec.schedule, spec.schedule, "schedule");
  assert.equal(cron.spec.suspend, spec.suspend ?? false, "suspend");
  assert.equal(cron.spec.concurrencyPolicy, spec.concurrencyPolicy ?? "Forbid", "concurrencyPolicy");
  assert.equal(cron.spec.timeZone, spec.timeZone, "timeZone");
  assertPlantonLabels(cron, "KubernetesCronJob", name);
  const container = cron.spec.jobTemplate.spec.template.spec.containers[0];
  assert.equal(container.image, `${spec.image.repo}:${spec.image.tag ?? "latest"}`, "the jobTemplate's image");
  for (const [key, secret] of Object.entries(spec.env?.secrets ?? {})) {
    if (secret.value === undefined) continue;
    const ref = container.env.find((e) => e.name === key)?.valueFrom?.secretKeyRef;
    assert.deepEqual(ref, { name: `${name}-env-secrets`, key }, `env ${key} reads the env Secret`);
    assert.ok(!JSON.stringify(cron).includes(secret.value), `the literal ${key} is not in the CronJob`);
  }
  assert.ok(await get(`/api/v1/namespaces/${ns}/secrets/${name}-env-secrets`), "the env Secret exists");
}

for (const k of KINDS) {
  test(`${k.kind}: STACK_INPUT=... pulumi preview / up / destroy in packages/${k.dir}`, async (t) => {
    const input = parseYaml(readFileSync(join(REPO, "packages", k.dir, "hack", "stack-input.yaml"), "utf8"));
    // The whole package dir (kubernetes-job and kubernetes-cron-job share the first word).
    const ns = `e2e-${runId}-mod-${k.dir}`;
    input.target.spec.namespace = { value: ns };
    input.target.spec.createNamespace = true;
    if (k.kind === "AltinityOperatorKubernetes") {
      input.target.spec.chart = { path: join(REPO, "examples", "charts", "planton-e2e-operator") };
    }
    if (k.kind === "KubernetesJob") delete input.target.spec.env.secrets.MIGRATION_API_TOKEN;
    const STACK_INPUT = Buffer.from(stringifyYaml(input)).toString("base64");
    const stack = `e2e-${runId}-mod-${k.dir}`;
    stackFiles.add(join(REPO, "packages", k.dir, `Pulumi.${stack}.yaml`));
    ok(await pulumiIn(k.kind, ["stack", "init", stack, "--non-interactive"]), "stack init");
    try {
      const pre = await pulumiIn(k.kind, ["preview", "--stack", stack, "--json", "--non-interactive"], { STACK_INPUT });
      await assertPlanMatchesRender(pre, writeManifest(`mod-${k.dir}`, input.target));
      const up = await pulumiIn(k.kind, ["up", "--stack", stack, "--yes", "--non-interactive", "--skip-preview"], {
        STACK_INPUT,
      });
      ok(up, "pulumi up");
      assert.ok(await get(`/api/v1/namespaces/${ns}`), "the namespace was created");
      // KubernetesCronJob (added with the kind): the CronJob is in the API server as
      // the manifest says; no scheduled run is waited for.
      if (k.kind === "KubernetesCronJob") await assertCronJobAsManifest(input.target, ns);
      const outputs = await pulumiIn(k.kind, ["stack", "output", "--json", "--stack", stack]);
      ok(outputs, "pulumi stack output");
      assert.equal(JSON.parse(outputs.stdout).namespace, ns, "the module exports the namespace");
      t.diagnostic(`outputs: ${outputs.stdout.replace(/\s+/g, " ")}`);
    } finally {
      ok(
        await pulumiIn(k.kind, ["destroy", "--stack", stack, "--yes", "--non-interactive", "--skip-preview"], {
          STACK_INPUT,
        }),
        "pulumi destroy",
      );
    }
    await namespaceGone(ns);
  });
}

// ---------------------------------------------------------------- faults

test("an interrupted up (SIGINT) leaves a stack that the next up finishes", async (t) => {
  const ns = `e2e-${runId}-sigint`;
  const stack = `e2e-${runId}-sigint`;
  const file = writeManifest(
    "job-sigint",
    jobManifest("interrupted", ns, { completionTimeoutSeconds: 60 }, { "e2e.planton.dev/outcome": "hang" }),
  );
  await withStack(file, stack, async () => {
    const { child, output, exited } = startPlanton([
      "pulumi",
      "up",
      "-f",
      file,
      "--stack",
      stack,
      "--yes",
      "--",
      "--non-interactive",
    ]);
    // Interrupt while the engine waits for the Job (it never completes: outcome=hang).
    await eventually("the Job to be created", () => get(`/apis/batch/v1/namespaces/${ns}/jobs/interrupted`), 120_000);
    child.kill("SIGINT");
    const code = await exited;
    assert.notEqual(code, 0, `the interrupted up must not report success:\n${output.text}`);
    t.diagnostic(`interrupted: exit ${code}`);

    // The next up finishes (here: with a Job that completes).
    writeFileSync(file, stringifyYaml(jobManifest("interrupted", ns, { completionTimeoutSeconds: 60 })));
    const up = await cli(["pulumi", "up", "-f", file, "--stack", stack, "--yes", "--", "--non-interactive"]);
    ok(up, "the up after the interruption");
    const job = await get(`/apis/batch/v1/namespaces/${ns}/jobs/interrupted`);
    assert.ok(
      (job.status?.conditions ?? []).some((c) => c.type === "Complete" && c.status === "True"),
      "the Job completed",
    );
  });
  await namespaceGone(ns);
});

test("the API server going away in the middle of up: a clear error, and the next up converges", async (t) => {
  const ns = `e2e-${runId}-outage`;
  const stack = `e2e-${runId}-outage`;
  const file = writeManifest(
    "job-outage",
    jobManifest("outage", ns, { completionTimeoutSeconds: 20 }, { "e2e.planton.dev/outcome": "hang" }),
  );
  const ctl = (op) => run("bash", [join(REPO, "test", "e2e", "cluster", "ctl.sh"), op, "kube-apiserver"]);
  await withStack(file, stack, async () => {
    const { output, exited } = startPlanton([
      "pulumi",
      "up",
      "-f",
      file,
      "--stack",
      stack,
      "--yes",
      "--",
      "--non-interactive",
    ]);
    // The engine is waiting for the Job (it never completes: outcome=hang) when the server goes.
    await eventually("the Job to be created", () => get(`/apis/batch/v1/namespaces/${ns}/jobs/outage`), 120_000);
    ok(await ctl("stop"), "stopping kube-apiserver");
    // The provider retries while the server is away; it is back after 30 s
    // (or as soon as up gives up), and up then fails on the Job's timeout.
    const during = await Promise.race([exited, sleep(30_000).then(() => undefined)]);
    ok(await ctl("start"), "starting kube-apiserver again");
    const code = during ?? (await exited);
    const text = output.text;
    t.diagnostic(
      `up ended ${during === undefined ? "after the server came back" : "while the server was away"}: exit ${code}`,
    );
    assert.notEqual(code, 0, `up must fail: ${text}`);
    assert.match(text, /connection refused|unreachable|timed out|timeout|deadline/i, `a clear error:\n${text}`);
    assert.ok(!/\n\s+at .+\(.+:\d+:\d+\)/.test(text), "no stack trace");
    t.diagnostic(
      text
        .split("\n")
        .filter((l) => /error/i.test(l))
        .slice(0, 3)
        .join("\n"),
    );

    writeFileSync(file, stringifyYaml(jobManifest("outage", ns, { completionTimeoutSeconds: 60 })));
    const again = await cli(["pulumi", "up", "-f", file, "--stack", stack, "--yes", "--", "--non-interactive"]);
    ok(again, "the next up converges");
    const job = await get(`/apis/batch/v1/namespaces/${ns}/jobs/outage`);
    assert.ok(
      (job.status?.conditions ?? []).some((c) => c.type === "Complete" && c.status === "True"),
      "the Job completed",
    );
  });
  await namespaceGone(ns);
});
