// Compatibility with upstream Project Planton (issue 10). For every manifest in
// test/compat/manifests/, written the way upstream's loader reads it:
// 1. our loader accepts it and reads the same values upstream's descriptors do
//    (upstream-proto/, built with buf here; YAML read as YAML 1.1, as the Go
//    tools read it);
// 2. a binary stack input encoded with upstream's descriptors (and its protojson,
//    as JSON and YAML) decodes with our SDK to the same values, and ours encodes
//    back to upstream's;
// 3. rendered by our module, the Kubernetes objects match what upstream's Go
//    module creates for it (modelled below from its source: names, labels, env
//    and volume wiring), up to the intended differences the README lists.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { createFileRegistry, fromBinary, fromJson, toBinary, toJson } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { parse, stringify } from "yaml";

const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const load = (relative) => import(pathToFileURL(`${root}/${relative}`).href);
const sdk = await load("packages/sdk/dist/index.js");
const { renderObjects } = await load("packages/cli/dist/render-objects.js");

const tmp = mkdtempSync(join(tmpdir(), "planton-compat-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const image = join(tmp, "upstream.binpb");
execFileSync(join(root, "node_modules/.bin/buf"), ["build", "test/compat/upstream-proto", "-o", image], { cwd: root });
const upstream = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(image)));

const UPSTREAM_STACK_INPUT = {
  KubernetesJob: "org.project_planton.provider.kubernetes.kubernetesjob.v1.KubernetesJobStackInput",
  AltinityOperatorKubernetes:
    "org.project_planton.provider.kubernetes.addon.altinityoperatorkubernetes.v1.AltinityOperatorKubernetesStackInput",
  StackJobRunnerKubernetes:
    "org.project_planton.provider.kubernetes.workload.stackjobrunnerkubernetes.v1.StackJobRunnerKubernetesStackInput",
};

/** Provider configs an upstream orchestrator writes, one per manifest (round-robin). */
const PROVIDER_CONFIGS = [
  undefined,
  { provider: "digital_ocean_doks", digitalOceanDoks: { kubeConfig: "apiVersion: v1\nkind: Config\n" } },
  {
    provider: "gcp_gke",
    gcpGke: { clusterEndpoint: "34.1.2.3", clusterCaData: "Y2E=", serviceAccountKeyBase64: "e30=" },
  },
  { provider: "gcp_gke" },
];

const dir = join(root, "test/compat/manifests");
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((file, i) => {
    const text = readFileSync(join(dir, file), "utf8");
    // The Go tools read YAML 1.1 (sigs.k8s.io/yaml): `0755` is octal, `yes` true.
    const asGo = parse(text, { version: "1.1" });
    return { file, text, asGo, kind: asGo.kind, providerConfig: PROVIDER_CONFIGS[i % PROVIDER_CONFIGS.length] };
  });

/** Every value of `expected` (a ProtoJSON object) is in `actual`; `actual` may hold more (defaults, our fields). */
function assertContains(actual, expected, path = "") {
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    assert.ok(
      actual !== null && typeof actual === "object",
      `${path}: expected an object, got ${JSON.stringify(actual)}`,
    );
    for (const [k, v] of Object.entries(expected)) assertContains(actual[k], v, `${path}.${k}`);
    return;
  }
  assert.deepEqual(actual, expected, path);
}

function upstreamStackInput(c) {
  const desc = upstream.getMessage(UPSTREAM_STACK_INPUT[c.kind]);
  const json = { target: c.asGo, ...(c.providerConfig ? { providerConfig: c.providerConfig } : {}) };
  const message = fromJson(desc, json, { registry: upstream });
  return { desc, message, json: toJson(desc, message, { registry: upstream }) };
}

const resolvable = (c) => !c.text.includes("valueFrom:");

describe("upstream manifests load, and read the values upstream's descriptors read", () => {
  for (const c of cases) {
    test(c.file, () => {
      const loaded = sdk.load(c.text, c.file);
      assert.ok(loaded.ok, loaded.ok ? "" : loaded.problems.map(sdk.formatProblem).join("\n"));
      const info = sdk.findKind(c.kind);
      // Defaults, then validation, as `planton validate` does.
      const prepared = sdk.prepareManifest(c.text, c.file);
      assert.deepEqual(prepared.problems.map(sdk.formatProblem), [], "validates, as upstream's rules accept it");
      const up = upstreamStackInput(c);
      assert.deepEqual(
        toJson(info.schema, loaded.manifest.message, { registry: sdk.schemaRegistry() }),
        up.json.target,
      );
    });
  }
});

describe("binary stack inputs encoded with upstream's descriptors decode to the same values", () => {
  for (const c of cases.filter(resolvable)) {
    test(`${c.file}${c.providerConfig ? ` with ${c.providerConfig.provider}` : ""}`, () => {
      const up = upstreamStackInput(c);
      const bytes = toBinary(up.desc, up.message);
      const decoded = sdk.decodeStackInputBytes(bytes, "upstream binary", c.kind);
      assert.equal(decoded.format, "binary");
      const info = sdk.findKind(c.kind);
      const ours = toJson(info.stackInputSchema, decoded.stackInput, { registry: sdk.schemaRegistry() });
      // Ours holds upstream's values, plus defaults applied on decode.
      assertContains(ours, up.json);
      // The same stack input as upstream's protojson, and as YAML of it.
      for (const [format, text] of [
        ["json", JSON.stringify(up.json)],
        ["yaml", stringify(up.json)],
      ]) {
        const fromText = sdk.decodeStackInputBytes(Buffer.from(text), `upstream ${format}`, c.kind);
        assert.equal(fromText.format, format);
        assertContains(toJson(info.stackInputSchema, fromText.stackInput, { registry: sdk.schemaRegistry() }), up.json);
      }
      // And back: our encoding of the decoded input reads as the same values with upstream's descriptors.
      const back = fromBinary(up.desc, toBinary(info.stackInputSchema, decoded.stackInput));
      assertContains(toJson(up.desc, back, { registry: upstream }), up.json);
    });
  }
});

// ---- What upstream's Go modules create, modelled from their source ----

const LABEL_KEYS = {
  "planton.ai/resource": "project-planton.org/resource",
  "planton.ai/name": "project-planton.org/resource-name",
  "planton.ai/kind": "project-planton.org/resource-kind",
  "planton.ai/id": "project-planton.org/resource-id",
  "planton.ai/organization": "project-planton.org/organization",
  "planton.ai/environment": "project-planton.org/environment",
};

/** Upstream's labels under our keys (the one intended difference: the domain). */
function upstreamLabels(metadata, kind) {
  const l = { "planton.ai/resource": "true", "planton.ai/name": metadata.name, "planton.ai/kind": kind };
  if (metadata.id) l["planton.ai/id"] = metadata.id;
  if (metadata.org) l["planton.ai/organization"] = metadata.org;
  if (metadata.env) l["planton.ai/environment"] = metadata.env;
  return Object.fromEntries(Object.entries(l).map(([k, v]) => [LABEL_KEYS[k], v]));
}

/** KubernetesJob (apis/.../kubernetesjob/v1/iac/pulumi/module at upstream HEAD), after upstream's defaults. */
function upstreamJobObjects(target) {
  const { metadata, spec } = target;
  const ns = spec.namespace.value;
  const labels = upstreamLabels(metadata, "KubernetesJob");
  const objects = [];
  if (spec.createNamespace) objects.push({ kind: "Namespace", metadata: { name: ns, labels } });
  const secrets = spec.env?.secrets ?? {};
  const literal = Object.fromEntries(
    Object.keys(secrets)
      .sort()
      .filter((k) => secrets[k].value)
      .map((k) => [k, secrets[k].value]),
  );
  const envSecret = `${metadata.name}-env-secrets`;
  if (Object.keys(literal).length > 0)
    objects.push({
      kind: "Secret",
      metadata: { name: envSecret, namespace: ns, labels },
      type: "Opaque",
      stringData: literal,
    });
  for (const [name, content] of Object.entries(spec.configMaps ?? {}))
    objects.push({ kind: "ConfigMap", metadata: { name, namespace: ns, labels }, data: { [name]: content } });
  const env = [];
  const variables = spec.env?.variables ?? {};
  for (const k of Object.keys(variables).sort())
    if (variables[k].value) env.push({ name: k, value: variables[k].value });
  for (const k of Object.keys(secrets).sort()) {
    const s = secrets[k];
    if (s.secretRef)
      env.push({ name: k, valueFrom: { secretKeyRef: { name: s.secretRef.name, key: s.secretRef.key } } });
    else if (s.value) env.push({ name: k, valueFrom: { secretKeyRef: { name: envSecret, key: k } } });
  }
  const keyItems = (s) => (s.key ? { items: [{ key: s.key, path: s.path || s.key }] } : {});
  const mode = (s) => (s.defaultMode > 0 ? { defaultMode: s.defaultMode } : {});
  const volumeMounts = [];
  const volumes = [];
  for (const vm of spec.volumeMounts ?? []) {
    volumeMounts.push({
      name: vm.name,
      mountPath: vm.mountPath,
      readOnly: vm.readOnly ?? false,
      ...(vm.subPath ? { subPath: vm.subPath } : {}),
    });
    let source;
    if (vm.configMap)
      source = { configMap: { name: vm.configMap.name, ...keyItems(vm.configMap), ...mode(vm.configMap) } };
    else if (vm.secret) source = { secret: { secretName: vm.secret.name, ...keyItems(vm.secret), ...mode(vm.secret) } };
    else if (vm.hostPath)
      source = { hostPath: { path: vm.hostPath.path, ...(vm.hostPath.type ? { type: vm.hostPath.type } : {}) } };
    else if (vm.emptyDir)
      source = {
        emptyDir: {
          ...(vm.emptyDir.medium ? { medium: vm.emptyDir.medium } : {}),
          ...(vm.emptyDir.sizeLimit ? { sizeLimit: vm.emptyDir.sizeLimit } : {}),
        },
      };
    else if (vm.pvc)
      source = { persistentVolumeClaim: { claimName: vm.pvc.claimName, readOnly: vm.pvc.readOnly ?? false } };
    volumes.push({ name: vm.name, ...source });
  }
  const r = spec.resources ?? { limits: { cpu: "1000m", memory: "1Gi" }, requests: { cpu: "50m", memory: "100Mi" } };
  const positive = (k, v) => (v !== undefined && Number(v) > 0 ? { [k]: Number(v) } : {});
  const jobSpec = {
    ...positive("parallelism", spec.parallelism ?? 1),
    ...positive("completions", spec.completions ?? 1),
    backoffLimit: spec.backoffLimit ?? 6,
    ...positive("activeDeadlineSeconds", spec.activeDeadlineSeconds),
    ...positive("ttlSecondsAfterFinished", spec.ttlSecondsAfterFinished),
    completionMode: spec.completionMode ?? "NonIndexed",
    suspend: spec.suspend ?? false,
    template: {
      metadata: { labels },
      spec: {
        restartPolicy: spec.restartPolicy ?? "Never",
        containers: [
          {
            image: `${spec.image.repo}:${spec.image.tag}`,
            env,
            volumeMounts,
            resources: { limits: r.limits, requests: r.requests },
            ...(spec.command?.length ? { command: spec.command } : {}),
            ...(spec.args?.length ? { args: spec.args } : {}),
          },
        ],
        volumes,
      },
    },
  };
  objects.push({ kind: "Job", metadata: { name: metadata.name, namespace: ns, labels }, spec: jobSpec });
  return objects;
}

/** Drops `readOnly: false` (upstream writes it, we leave it out: the same object to Kubernetes). */
function normalizeReadOnly(value) {
  if (Array.isArray(value)) return value.map(normalizeReadOnly);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => !(k === "readOnly" && v === false))
        .map(([k, v]) => [k, normalizeReadOnly(v)]),
    );
  return value;
}

/** Our object's labels: upstream's (under our keys) plus the manifest's metadata.labels (an intended difference). */
function assertLabels(ours, expected, manifestLabels, what) {
  assert.deepEqual(ours, { ...(manifestLabels ?? {}), ...expected }, `${what} labels`);
}

function compareJob(c, objects) {
  const target = c.asGo;
  const expected = upstreamJobObjects(target);
  const key = (o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
  // Ours creates the image pull Secret only with a docker config, like upstream: none here.
  assert.deepEqual(objects.map(key).sort(), expected.map(key).sort(), "the same objects, by kind, namespace and name");
  for (const e of expected) {
    const o = objects.find((x) => key(x) === key(e));
    assertLabels(o.metadata.labels, e.metadata.labels, target.metadata.labels, key(e));
    if (e.kind === "Secret") {
      assert.equal(o.type, e.type);
      assert.deepEqual(o.stringData, e.stringData, "env Secret keys and values");
    }
    if (e.kind === "ConfigMap") assert.deepEqual(o.data, e.data);
    if (e.kind !== "Job") continue;
    const { template, ...fields } = e.spec;
    for (const [k, v] of Object.entries(fields)) assert.deepEqual(o.spec[k], v, `Job spec.${k}`);
    for (const k of Object.keys(o.spec))
      if (k !== "template") assert.ok(k in fields, `Job spec.${k} is not upstream's`);
    assertLabels(o.spec.template.metadata.labels, template.metadata.labels, target.metadata.labels, "pod template");
    const pod = o.spec.template.spec;
    const up = template.spec;
    assert.equal(pod.restartPolicy, up.restartPolicy);
    assert.deepEqual(normalizeReadOnly(pod.volumes ?? []), normalizeReadOnly(up.volumes), "volumes");
    const [ours] = pod.containers;
    const [theirs] = up.containers;
    assert.equal(ours.image, theirs.image);
    assert.deepEqual(ours.env ?? [], theirs.env, "env wiring (upstream's HOSTNAME and K8S_POD_ID aside)");
    assert.deepEqual(
      normalizeReadOnly(ours.volumeMounts ?? []),
      normalizeReadOnly(theirs.volumeMounts),
      "volume mounts",
    );
    assert.deepEqual(ours.resources, theirs.resources);
    assert.deepEqual(ours.command, theirs.command);
    assert.deepEqual(ours.args, theirs.args);
    if (target.spec.image.pullSecretName)
      assert.deepEqual(pod.imagePullSecrets, [{ name: target.spec.image.pullSecretName }]);
  }
}

/** AltinityOperatorKubernetes (addon/altinityoperatorkubernetes/v1/iac/pulumi/module at the last commit with that name). */
function compareAltinity(c, objects) {
  const spec = c.asGo.spec;
  const ns = spec.namespace || "altinity-operator";
  const namespace = objects.find((o) => o.kind === "Namespace");
  assert.equal(namespace?.metadata.name, ns, "upstream always creates the namespace; so do we by default");
  const release = objects.find((o) => o.kind === "Release");
  assert.equal(release.namespace, ns);
  assert.equal(release.chart, "altinity-clickhouse-operator");
  assert.equal(release.repositoryOpts.repo, "https://docs.altinity.com/clickhouse-operator/");
  assert.equal(release.atomic, true);
  assert.equal(release.cleanupOnFail, true);
  assert.equal(release.timeout, 300);
  assert.deepEqual(release.values.operator.resources, spec.container.resources);
}

/** StackJobRunnerKubernetes: upstream removed the kind without a module; ours deploys the empty spec with defaults. */
function compareRunner(c, objects) {
  const kinds = objects.map((o) => o.kind);
  for (const k of ["Namespace", "ServiceAccount", "Role", "RoleBinding", "Deployment", "Service"])
    assert.ok(kinds.includes(k), `creates a ${k}`);
  const deployment = objects.find((o) => o.kind === "Deployment");
  assert.equal(deployment.metadata.namespace, "stack-jobs");
  assert.equal(deployment.spec.template.spec.containers[0].image, "ghcr.io/project-planton/stack-job-runner:v0.1.0");
}

const COMPARE = {
  KubernetesJob: compareJob,
  AltinityOperatorKubernetes: compareAltinity,
  StackJobRunnerKubernetes: compareRunner,
};

describe("rendered from upstream's binary stack input, our objects match upstream's module", () => {
  for (const c of cases.filter(resolvable)) {
    test(c.file, async () => {
      const up = upstreamStackInput(c);
      const decoded = sdk.decodeStackInputBytes(toBinary(up.desc, up.message), "upstream binary", c.kind);
      const objects = await renderObjects(sdk.findKind(c.kind), decoded.stackInput, true);
      COMPARE[c.kind](c, objects);
    });
  }
});

test("the suite covers each kind, every volume source, relationships, valueFrom and each provider config", () => {
  const all = cases.map((c) => c.text).join("\n");
  for (const kind of Object.keys(UPSTREAM_STACK_INPUT))
    assert.ok(
      cases.some((c) => c.kind === kind),
      kind,
    );
  for (const s of ["configMap:", "secret:", "hostPath:", "emptyDir:", "pvc:", "relationships:", "valueFrom:", "group:"])
    assert.ok(all.includes(s), s);
  for (const p of PROVIDER_CONFIGS)
    assert.ok(
      cases.some((c) => c.providerConfig === p && resolvable(c)),
      JSON.stringify(p),
    );
});
