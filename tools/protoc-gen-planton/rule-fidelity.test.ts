// The JSON Schema rules mirror the schema's buf.validate rules: for a corpus of
// values at every field with an expressed rule, the generated schema and
// protovalidate (ProtoJSON decoding, then validation with the schema's CEL and
// RE2 patterns) must agree on valid or invalid.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type DescMessage, fromJson, type JsonValue } from "@bufbuild/protobuf";
import { createValidator } from "@bufbuild/protovalidate";
import { bufRegistry, createAjv, type KindName, readSchema } from "./testing.ts";

const registry = bufRegistry();
const validator = createValidator({ registry });

const strings: string[] = [
  ...[
    "",
    "a",
    "A",
    "0",
    "9",
    "a-b",
    "-a",
    "a-",
    "a.b",
    "a..b",
    ".a",
    "a.",
    "a_b",
    "_a",
    "1a",
    "a b",
    " a",
    "a\n",
    "\na",
  ],
  ...[
    "a\nb",
    "a\tb",
    "a\rb",
    "a\u00a0b",
    "a\u2028b",
    "\u00e4",
    "caf\u00e9",
    "\u{1F600}",
    "x".repeat(63),
    "x".repeat(64),
  ],
  ...[
    `${"a-".repeat(31)}a`,
    `${"a.".repeat(126)}a`,
    `${"a.".repeat(126)}ab`,
    `${"a".repeat(253)}/x`,
    `${"a".repeat(254)}/x`,
  ],
  ...[
    `x/${"y".repeat(63)}`,
    `x/${"y".repeat(64)}`,
    "a/b",
    "a//b",
    "/a",
    "example.com/key",
    "Example.com/key",
    "example.com/",
  ],
  ...[
    "project-planton.org/x",
    "project-planton.org",
    "sub.project-planton.org/x",
    "/abs",
    "/abs/x",
    "rel/x",
    "..",
    ".",
    "...",
  ],
  ...["a/../b", "../x", "x/..", "x/..y", "..y", "/..", "/.", "/a/./b", "/a\n/..", "/a/..\n", "a\\..\\b"],
  ...[
    "500m",
    "1.5",
    "+1",
    "-1",
    "1e3",
    "1E-3",
    "1e",
    ".5",
    "5.",
    "1Gi",
    "1GB",
    "1Ki",
    "1k",
    "1K",
    "1 Gi",
    "0.25",
    "1m",
    "1u",
    "1n",
  ],
  ...[
    "MY_VAR",
    "my.var",
    "my-var",
    "9VAR",
    "V9",
    "HTTP_PROXY",
    "A=B",
    "v1.2.0",
    "1.20",
    "latest",
    "1.2.3-rc.1",
    "v1.2.3+build.5",
  ],
  ...[
    "https://x",
    "http://x/y",
    "oci://r/x",
    "ftp://x",
    "http://a b",
    "https://",
    "ghcr.io/org/app",
    "a\u00a0",
    "Memory",
    "File",
  ],
  ...["Never", "OnFailure", "Always", "Indexed", "NonIndexed", "kubernetes.project-planton.org/v1", "KubernetesJob"],
];

const integers: JsonValue[] = [
  -1, 0, 1, 511, 512, 100000, 100001, 604800, 604801, 2147483647, 2147483648, 4294967295, 4294967296, 1.5,
];
const wideIntegers: JsonValue[] = [
  ...[
    -1,
    0,
    3600,
    2 ** 53,
    "0",
    "3600",
    "-1",
    "0042",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
  ],
  ...["", "1.5", "abc"],
];

const manifests: Record<KindName, { type: string; base: Record<string, JsonValue> }> = {
  "kubernetes-job": {
    type: "org.project_planton.provider.kubernetes.kubernetesjob.v1.KubernetesJob",
    base: {
      apiVersion: "kubernetes.project-planton.org/v1",
      kind: "KubernetesJob",
      metadata: { name: "report" },
      spec: { namespace: { value: "batch" }, image: { repo: "busybox" } },
    },
  },
  "stack-job-runner-kubernetes": {
    type: "org.project_planton.provider.kubernetes.stackjobrunnerkubernetes.v1.StackJobRunnerKubernetes",
    base: {
      apiVersion: "kubernetes.project-planton.org/v1",
      kind: "StackJobRunnerKubernetes",
      metadata: { name: "runner" },
      spec: { namespace: { value: "stack-jobs" }, image: { repo: "runner" } },
    },
  },
  "kubernetes-cron-job": {
    type: "org.project_planton.provider.kubernetes.kubernetescronjob.v1.KubernetesCronJob",
    base: {
      apiVersion: "kubernetes.project-planton.org/v1",
      kind: "KubernetesCronJob",
      metadata: { name: "report" },
      spec: { namespace: { value: "batch" }, image: { repo: "busybox" }, schedule: "0 3 * * *" },
    },
  },
  "altinity-operator-kubernetes": {
    type: "org.project_planton.provider.kubernetes.altinityoperatorkubernetes.v1.AltinityOperatorKubernetes",
    base: {
      apiVersion: "kubernetes.project-planton.org/v1",
      kind: "AltinityOperatorKubernetes",
      metadata: { name: "ch" },
      spec: {},
    },
  },
};

/** A place in a manifest and the JSON to put there for a value. */
interface Probe {
  kind: KindName;
  name: string;
  values: JsonValue[];
  /** Returns the manifest with `v` placed. */
  place: (m: Record<string, JsonValue>, v: JsonValue) => void;
  /**
   * Values the schema accepts on purpose although the rule rejects them: what a
   * YAML 1.2 reader sees of a form the loader reads differently.
   */
  schemaAlsoAccepts?: (v: JsonValue) => boolean;
}

type Obj = Record<string, JsonValue>;
const spec = (m: Obj) => m.spec as Obj;
const meta = (m: Obj) => m.metadata as Obj;
const volume = (m: Obj, extra: Obj) => {
  spec(m).volumeMounts = [{ name: "data", mountPath: "/data", ...extra }];
};

const probes: Probe[] = [
  {
    kind: "kubernetes-job",
    name: "apiVersion",
    values: strings,
    place: (m, v) => {
      m.apiVersion = v;
    },
  },
  {
    kind: "kubernetes-job",
    name: "metadata.name",
    values: strings,
    place: (m, v) => {
      meta(m).name = v;
    },
  },
  {
    kind: "kubernetes-job",
    name: "metadata.slug",
    values: strings,
    place: (m, v) => {
      meta(m).slug = v;
    },
  },
  {
    kind: "kubernetes-job",
    name: "metadata.env",
    values: strings,
    place: (m, v) => {
      meta(m).env = v;
    },
  },
  {
    kind: "kubernetes-job",
    name: "metadata.labels key",
    values: strings,
    place: (m, v) => {
      meta(m).labels = { [String(v)]: "x" };
    },
  },
  {
    kind: "kubernetes-job",
    name: "metadata.labels value",
    values: strings,
    place: (m, v) => {
      meta(m).labels = { team: v };
    },
  },
  {
    kind: "kubernetes-job",
    name: "metadata.annotations key",
    values: strings,
    place: (m, v) => {
      meta(m).annotations = { [String(v)]: "x" };
    },
  },
  {
    kind: "kubernetes-job",
    name: "spec.namespace.value",
    values: strings,
    place: (m, v) => {
      spec(m).namespace = { value: v };
    },
  },
  {
    kind: "kubernetes-job",
    name: "spec.image.repo",
    values: [...strings, "r".repeat(255), "r".repeat(256)],
    place: (m, v) => {
      spec(m).image = { repo: v };
    },
  },
  {
    kind: "kubernetes-job",
    name: "spec.image.tag",
    values: [...strings, "t".repeat(128), "t".repeat(129)],
    place: (m, v) => {
      spec(m).image = { repo: "r", tag: v };
    },
  },
  {
    kind: "kubernetes-job",
    name: "spec.image.pullSecretName",
    values: strings,
    place: (m, v) => {
      spec(m).image = { repo: "r", pullSecretName: v };
    },
  },
  {
    kind: "kubernetes-job",
    name: "spec.resources.limits.cpu",
    values: strings,
    place: (m, v) => {
      spec(m).resources = { limits: { cpu: v } };
    },
  },
  {
    kind: "kubernetes-job",
    name: "spec.env.variables key",
    values: strings,
    place: (m, v) => {
      spec(m).env = { variables: { [String(v)]: { value: "x" } } };
    },
  },
  {
    kind: "kubernetes-job",
    name: "spec.env.secrets.X.secretRef.key",
    values: strings,
    place: (m, v) => {
      spec(m).env = { secrets: { X: { secretRef: { name: "s", key: v } } } };
    },
  },
  {
    kind: "kubernetes-job",
    name: "spec.configMaps key",
    values: strings,
    place: (m, v) => {
      spec(m).configMaps = { [String(v)]: "x" };
    },
  },
  {
    kind: "kubernetes-job",
    name: "spec.volumeMounts[0].name",
    values: strings,
    place: (m, v) => volume(m, { name: v, emptyDir: {} }),
  },
  {
    kind: "kubernetes-job",
    name: "spec.volumeMounts[0].mountPath",
    values: strings,
    place: (m, v) => volume(m, { mountPath: v, emptyDir: {} }),
  },
  {
    kind: "kubernetes-job",
    name: "spec.volumeMounts[0].subPath",
    values: strings,
    place: (m, v) => volume(m, { subPath: v, emptyDir: {} }),
  },
  {
    kind: "kubernetes-job",
    name: "spec.volumeMounts[0].hostPath.path",
    values: strings,
    place: (m, v) => volume(m, { hostPath: { path: v } }),
  },
  {
    kind: "kubernetes-job",
    name: "spec.volumeMounts[0].hostPath.type",
    values: strings,
    place: (m, v) => volume(m, { hostPath: { path: "/x", type: v } }),
  },
  {
    kind: "kubernetes-job",
    name: "spec.volumeMounts[0].emptyDir.medium",
    values: strings,
    place: (m, v) => volume(m, { emptyDir: { medium: v } }),
  },
  {
    kind: "kubernetes-job",
    name: "spec.volumeMounts[0].emptyDir.sizeLimit",
    values: strings,
    place: (m, v) => volume(m, { emptyDir: { sizeLimit: v } }),
  },
  {
    kind: "kubernetes-job",
    name: "spec.volumeMounts[0].configMap.items[0]",
    values: strings,
    place: (m, v) => volume(m, { configMap: { name: "c", items: [{ key: v, path: v }] } }),
  },
  {
    kind: "kubernetes-job",
    name: "spec.volumeMounts[0].secret.defaultMode",
    values: [...integers, 511, 512, 755, 777, 778],
    place: (m, v) => volume(m, { secret: { name: "s", defaultMode: v } }),
    // `defaultMode: 0755` is octal 493 to the loader and 755 to an editor.
    schemaAlsoAccepts: (v) => typeof v === "number" && v >= 512 && v <= 777,
  },
  {
    kind: "kubernetes-job",
    name: "spec.completionMode",
    values: strings,
    place: (m, v) => {
      spec(m).completionMode = v;
    },
  },
  {
    kind: "kubernetes-job",
    name: "spec.restartPolicy",
    values: strings,
    place: (m, v) => {
      spec(m).restartPolicy = v;
    },
  },
  {
    kind: "kubernetes-job",
    name: "spec.parallelism",
    values: integers,
    place: (m, v) => {
      spec(m).parallelism = v;
    },
  },
  {
    kind: "kubernetes-job",
    name: "spec.completions (Indexed)",
    values: integers,
    place: (m, v) => Object.assign(spec(m), { completionMode: "Indexed", completions: v }),
  },
  {
    kind: "kubernetes-job",
    name: "spec.parallelism (Indexed)",
    values: integers,
    place: (m, v) => Object.assign(spec(m), { completionMode: "Indexed", parallelism: v }),
  },
  {
    kind: "kubernetes-job",
    name: "spec.completionTimeoutSeconds",
    values: integers,
    place: (m, v) => {
      spec(m).completionTimeoutSeconds = v;
    },
  },
  {
    kind: "kubernetes-job",
    name: "spec.activeDeadlineSeconds",
    values: wideIntegers,
    place: (m, v) => {
      spec(m).activeDeadlineSeconds = v;
    },
  },
  {
    kind: "kubernetes-job",
    name: "oneofs",
    values: [0, 1, 2, 3, 4, 5],
    place: (m, v) => {
      const cases: JsonValue[] = [
        { secrets: { X: { value: "a", secretRef: { name: "s", key: "k" } } } },
        { secrets: { X: {} } },
        { secrets: { X: { value: "" } } },
        { variables: { X: { value: "a", valueFrom: { name: "n" } } } },
        { variables: { X: { valueFrom: { name: "" } } } },
        { variables: { X: { valueFrom: { name: "n", kind: "KubernetesJob" } } } },
      ];
      spec(m).env = cases[v as number] as JsonValue;
    },
  },
  {
    kind: "stack-job-runner-kubernetes",
    name: "spec.port",
    values: [...integers, 65535, 65536],
    place: (m, v) => {
      spec(m).port = v;
    },
  },
  {
    kind: "stack-job-runner-kubernetes",
    name: "spec.replicas",
    values: [...integers, 100, 101],
    place: (m, v) => {
      spec(m).replicas = v;
    },
  },
  {
    kind: "kubernetes-cron-job",
    name: "spec.timeZone",
    values: [
      ...strings,
      ...["UTC", "Etc/GMT+5", "Europe/Berlin", "America/Argentina/Buenos_Aires", "America/Port-au-Prince", "GMT+0"],
      ...["Local", "local", "UTC+2", "europe/berlin", "Europe/", "Europe//Berlin", "Europe/../x", "Europe/-x"],
      ...["Europe/Abcdefghijklmno", "Mars/Olympus", "US/Eastern", "EST5EDT", "Etc/GMT-14"],
    ],
    place: (m, v) => {
      spec(m).timeZone = v;
    },
  },
  {
    kind: "kubernetes-cron-job",
    name: "metadata.name",
    values: ["a".repeat(52), "a".repeat(53), "a".repeat(63), "ok"],
    place: (m, v) => {
      meta(m).name = v;
    },
  },
  {
    kind: "altinity-operator-kubernetes",
    name: "spec.chart",
    values: strings.flatMap((s) => [
      { repository: s },
      { version: s },
      { path: s, repository: "https://x" },
      { path: s, version: "1.2.3" },
      { path: s },
    ]),
    place: (m, v) => {
      spec(m).chart = v;
    },
  },
];

function protovalidateAccepts(desc: DescMessage, json: JsonValue): boolean {
  let message: ReturnType<typeof fromJson>;
  try {
    message = fromJson(desc, json, { registry });
  } catch {
    return false;
  }
  const result = validator.validate(desc, message);
  if (result.kind === "error") throw result.error;
  return result.kind === "valid";
}

for (const probe of probes) {
  test(`JSON Schema and protovalidate agree on ${probe.kind} ${probe.name}`, () => {
    const manifest = manifests[probe.kind];
    assert.ok(manifest, `no base manifest for ${probe.kind}`);
    const { type, base } = manifest;
    const desc = registry.getMessage(type);
    assert.ok(desc, type);
    const validate = createAjv().compile(readSchema(probe.kind));
    const disagreements: string[] = [];
    const outcomes = new Set<boolean>();
    for (const value of probe.values) {
      const manifest = structuredClone(base);
      probe.place(manifest, value);
      const bySchema = validate(manifest);
      const byProtovalidate = protovalidateAccepts(desc, manifest);
      outcomes.add(byProtovalidate);
      if (bySchema && !byProtovalidate && probe.schemaAlsoAccepts?.(value)) continue;
      if (bySchema !== byProtovalidate) {
        disagreements.push(
          `${JSON.stringify(value)}: schema ${bySchema ? "accepts" : "rejects"}, protovalidate ${byProtovalidate ? "accepts" : "rejects"}`,
        );
      }
    }
    assert.deepEqual(disagreements, []);
    // The corpus reaches both sides of the rule.
    assert.equal(outcomes.size, 2, "every value is judged the same way: the probe tests nothing");
  });
}
