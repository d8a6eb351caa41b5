// The generated JSON Schemas (gen/jsonschema, written by `buf generate`) against
// the manifest fixtures of testdata/ and a few cases of their own, so that the
// test means something even where fixtures are missing.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { ErrorObject, ValidateFunction } from "ajv";
import { isMap, isScalar, isSeq, parse, parseDocument } from "yaml";
import {
  canonicalize,
  createAjv,
  type Expectation,
  type KindName,
  kinds,
  pathSegments,
  pointerSegments,
  readFixtures,
  readSchema,
  repoRoot,
} from "./testing.ts";

/**
 * Rules of invalid fixtures that a JSON Schema cannot express, and why. Fixtures
 * that expect only these are skipped for rejection, and must be *accepted* by the
 * schema, so that this list cannot hide a gap that has been closed.
 */
const notExpressible: Record<string, { reason: string; checkedBy: "cel" | "sdk" | "yaml" }> = {
  "k8s.resources.request_le_limit": {
    reason:
      "compares two quantities (requests <= limits): JSON Schema has no arithmetic and no comparison between fields",
    checkedBy: "sdk",
  },
  "env.distinct_names": {
    reason:
      "a name may not be a key of two maps (variables and secrets): JSON Schema cannot compare keys of different properties",
    checkedBy: "cel",
  },
  "spec.volume_mounts.unique_names": {
    reason: "uniqueness of one property across list items: uniqueItems only compares whole items",
    checkedBy: "cel",
  },
  "spec.volume_mounts.unique_mount_paths": {
    reason: "uniqueness of one property across list items: uniqueItems only compares whole items",
    checkedBy: "cel",
  },
  "spec.indexed_pod_hostname": {
    reason: "adds the length of a name to the number of digits of another field: JSON Schema has no arithmetic",
    checkedBy: "cel",
  },
  "env.secrets_size": {
    reason: "sums the sizes of map values: JSON Schema has no arithmetic",
    checkedBy: "cel",
  },
  "spec.env.secret_ref_namespace": {
    reason: "compares a field of every map value with another field (the namespace): JSON Schema cannot compare fields",
    checkedBy: "cel",
  },
  "cron_job.schedule.time_zone": {
    reason:
      "a KubernetesCronJob schedule rule; its RE2 patterns have no checked ECMAScript equivalent in cel-equivalents.ts yet",
    checkedBy: "cel",
  },
  "cron_job.schedule.format": {
    reason:
      "a KubernetesCronJob schedule rule; its RE2 patterns have no checked ECMAScript equivalent in cel-equivalents.ts yet",
    checkedBy: "cel",
  },
  "cron_job.schedule.fields": {
    reason:
      "a KubernetesCronJob schedule rule; its RE2 patterns have no checked ECMAScript equivalent in cel-equivalents.ts yet",
    checkedBy: "cel",
  },
  "cron_job.schedule.range_order": {
    reason:
      "a KubernetesCronJob schedule rule; its RE2 patterns have no checked ECMAScript equivalent in cel-equivalents.ts yet",
    checkedBy: "cel",
  },
  "type.ambiguous_octal": {
    reason:
      "a leading-zero number, octal to YAML 1.1 and decimal to YAML 1.2: the loader's reading, not a value a schema sees",
    checkedBy: "sdk",
  },
  "type.mode_octal": {
    reason:
      "a decimal with octal digits (644) in a mode field: the loader reads an unquoted 0644 as octal, a YAML 1.2 reader sees 644 for both, so the schema must let 644 through",
    checkedBy: "sdk",
  },
  "type.bool": {
    reason:
      'a quoted YAML 1.1 word ("yes"): the loader reads yes/no/on/off unquoted only, and a schema cannot see quotes (only fixtures where the value is quoted)',
    checkedBy: "sdk",
  },
  "yaml.undefined_alias": {
    reason: "a YAML error: an alias names no anchor, so there is no value for a schema to check",
    checkedBy: "yaml",
  },
  "yaml.duplicate_key": {
    reason: "a YAML error: the document does not parse, so there is no value for a schema to check",
    checkedBy: "yaml",
  },
};

/** Whether an expected problem is one the schema cannot express, in this fixture. */
function notExpressibleIn(text: string, e: Expectation): boolean {
  if (!(e.rule in notExpressible)) return false;
  if (e.rule !== "type.bool") return true;
  // Only a quoted YAML 1.1 word: `createNamespace: maybe` or `: 1` the schema rejects.
  let node: unknown = parseDocument(text).contents;
  for (const s of pathSegments(e.path)) {
    node = isMap(node) ? node.get(s, true) : isSeq(node) ? node.get(Number(s), true) : undefined;
  }
  return isScalar(node) && node.type !== "PLAIN" && /^(y|yes|n|no|on|off)$/i.test(String(node.value));
}

const validators = new Map<KindName, ValidateFunction>();
function validator(kind: KindName): ValidateFunction {
  const cached = validators.get(kind);
  if (cached) return cached;
  const v = createAjv().compile(readSchema(kind));
  validators.set(kind, v);
  return v;
}

function validate(kind: KindName, value: unknown): ErrorObject[] {
  const v = validator(kind);
  return v(value) ? [] : [...(v.errors ?? [])];
}

function check(kind: KindName, yaml: string): ErrorObject[] {
  return validate(kind, parse(yaml));
}

function describeErrors(errors: ErrorObject[]): string {
  return errors
    .map((e) => `  ${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`)
    .join("\n");
}

/**
 * Whether an Ajv error is about the expected path: at it, or one level above it
 * (`required`, `propertyNames`, oneof and CEL-equivalent keywords report on the
 * object), or one level below (a CEL equivalent on an object flags the member).
 */
function about(error: ErrorObject, expected: Expectation): boolean {
  const want = pathSegments(expected.path);
  const got = pointerSegments(error.instancePath);
  const [short, long] = got.length <= want.length ? [got, want] : [want, got];
  if (long.length - short.length > 1 || !short.every((s, i) => s === long[i])) return false;
  if (got.length === want.length - 1) {
    const member = want[want.length - 1];
    const p = error.params as { missingProperty?: string; propertyName?: string; additionalProperty?: string };
    if (error.keyword === "required") return p.missingProperty === member;
    if (error.keyword === "propertyNames") return p.propertyName === member;
    if (error.keyword === "additionalProperties") return p.additionalProperty === member;
  }
  return true;
}

const seed002 = `
apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesJob
metadata:
  name: data-migration
spec:
  namespace:
    value: batch-jobs
  createNamespace: true
  image:
    repo: myregistry/migration-runner
    tag: v1.2.0
  resources:
    limits:
      cpu: 2000m
      memory: 4Gi
    requests:
      cpu: 500m
      memory: 1Gi
  env:
    variables:
      DATABASE_URL:
        value: postgres://localhost:5432/mydb
    secrets:
      DATABASE_PASSWORD:
        secretRef:
          name: db-credentials
          key: password
  backoffLimit: 3
  activeDeadlineSeconds: 3600
  ttlSecondsAfterFinished: 86400
  command:
    - python
    - /app/migrate.py
`;

/** A small valid KubernetesJob with more `spec` lines (written unindented) and a name. */
function job(specLines = "", name = "report"): string {
  const spec = `namespace: {value: batch}\n${specLines.includes("image:") ? "" : "image: {repo: busybox}\n"}${specLines}`;
  return `apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesJob\nmetadata:\n  name: ${name}\nspec:\n${spec.replace(/^/gm, "  ")}\n`;
}

describe("generated JSON Schemas", () => {
  for (const kind of kinds) {
    test(`${kind}.schema.json compiles with Ajv 2020 in strict mode`, () => {
      const schema = readSchema(kind);
      assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
      assert.match(String(schema.$id), new RegExp(`/${kind}\\.schema\\.json$`));
      assert.ok(validator(kind));
    });
  }

  test("the known gaps name rules the schemas really leave out", () => {
    const comments = kinds.map((k) => JSON.stringify(readSchema(k))).join("\n");
    for (const [rule, { checkedBy }] of Object.entries(notExpressible)) {
      // A CEL rule the plugin does not express is named in a `$comment` where it applies.
      if (checkedBy === "cel")
        assert.ok(comments.includes(`${rule} (`), `${rule} is in no $comment of the generated schemas`);
    }
  });
});

describe("editor shape (yaml-language-server)", () => {
  const combined = JSON.parse(readFileSync(join(repoRoot, "gen", "jsonschema", "planton.schema.json"), "utf8"));
  const all = [...kinds.map((k) => [k, readSchema(k)] as const), ["planton", combined] as const];

  /** Every subschema of a schema, with its JSON pointer. */
  function* subschemas(v: unknown, at = "#"): Generator<[string, Record<string, unknown>]> {
    if (Array.isArray(v)) for (const [i, x] of v.entries()) yield* subschemas(x, `${at}/${i}`);
    else if (v && typeof v === "object") {
      yield [at, v as Record<string, unknown>];
      for (const [k, x] of Object.entries(v)) yield* subschemas(x, `${at}/${k}`);
    }
  }

  test("no $ref has constraint keywords beside it (the server would rewrite it to allOf)", () => {
    const annotations = new Set(["$ref", "description", "markdownDescription", "title", "$comment", "default"]);
    for (const [name, schema] of all) {
      for (const [at, s] of subschemas(schema)) {
        if (typeof s.$ref !== "string" || at === "#") continue;
        const extra = Object.keys(s).filter((k) => !annotations.has(k));
        assert.deepEqual(extra, [], `${name} ${at}`);
      }
    }
  });

  test("every pattern has the message planton validate prints, and every description a Markdown form", () => {
    for (const [name, schema] of all) {
      for (const [at, s] of subschemas(schema)) {
        if (typeof s.pattern === "string") assert.equal(typeof s.patternErrorMessage, "string", `${name} ${at}`);
        if (typeof s.description === "string" && !at.includes("/defaultSnippets"))
          assert.equal(typeof s.markdownDescription, "string", `${name} ${at}`);
      }
    }
    const cpu = (readSchema("kubernetes-job").$defs as Record<string, Record<string, Record<string, unknown>>>)[
      "org.project_planton.provider.kubernetes.CpuMemory"
    ]?.properties?.cpu as Record<string, unknown>;
    assert.equal(
      cpu.patternErrorMessage,
      "must be a non-negative Kubernetes quantity such as '500m', '2', '256Mi' or '1Gi'",
    );
  });

  test("the combined schema selects each kind by `kind` and has a whole-document snippet per kind", () => {
    const v = createAjv().compile(combined);
    for (const kind of kinds) {
      const title = readSchema(kind).title as string;
      assert.ok(
        (combined.defaultSnippets as { label: string }[]).some((s) => s.label === title),
        `no snippet for ${title}`,
      );
      for (const fixture of readFixtures(kind, "valid")) {
        const value = canonicalize(fixture.text, readSchema(kind)).value;
        assert.ok(v(value), `${fixture.file}: ${describeErrors(v.errors ?? [])}`);
      }
    }
    assert.ok(v(parse(job("completionMode: Indexed"))));
    assert.equal(
      v(parse(job("completionMode: Indexed").replace("kind: KubernetesJob", "kind: StackJobRunnerKubernetes"))),
      false,
    );
    assert.equal(v({ apiVersion: "kubernetes.project-planton.org/v1", kind: "Nope" }), false);
  });
});

describe("fixtures", () => {
  for (const kind of kinds) {
    for (const fixture of readFixtures(kind, "valid")) {
      test(`accepts ${fixture.file}`, (t) => {
        const { value, changes } = canonicalize(fixture.text, readSchema(kind));
        if (changes.length) t.diagnostic(`validated in the canonical spelling: ${changes.join(", ")}`);
        const errors = validate(kind, value);
        assert.deepEqual(errors, [], `rejected:\n${describeErrors(errors)}`);
      });
    }

    // Manifests the schema (like the SDK) judges wrongly today; see testdata/README.md.
    for (const fixture of readFixtures(kind, "known-gaps")) {
      const shouldBeInvalid = fixture.expectations.length > 0;
      test(`still has the gap of ${fixture.file}`, () => {
        const errors = validate(kind, canonicalize(fixture.text, readSchema(kind)).value);
        if (shouldBeInvalid)
          assert.deepEqual(errors, [], "now rejected: the gap is closed, move the fixture to invalid/");
        else assert.notDeepEqual(errors, [], "now accepted: the gap is closed, move the fixture to valid/");
      });
    }

    for (const fixture of readFixtures(kind, "invalid")) {
      const expressible = fixture.expectations.filter((e) => !notExpressibleIn(fixture.text, e));
      test(`rejects ${fixture.file}`, (t) => {
        assert.ok(fixture.expectations.length > 0, "an invalid fixture starts with `# expect: <path> <rule-id>` lines");
        if (fixture.expectations.every((x) => notExpressible[x.rule]?.checkedBy === "yaml")) {
          // Some YAML parsers read these documents anyway (an undefined alias as null); what they read is not the point.
          t.skip("a YAML error, not a schema one");
          return;
        }
        let value: unknown;
        try {
          value = canonicalize(fixture.text, readSchema(kind)).value;
        } catch (e) {
          assert.ok(
            fixture.expectations.every((x) => notExpressible[x.rule]?.checkedBy === "yaml"),
            `does not parse: ${e instanceof Error ? e.message : String(e)}`,
          );
          t.skip("a YAML error, not a schema one");
          return;
        }
        const errors = validate(kind, value);
        const ok = errors.length === 0;
        if (expressible.length === 0) {
          // Only rules JSON Schema cannot express: the schema must let it through.
          assert.ok(
            ok,
            `expected only ${fixture.expectations.map((x) => x.rule).join(", ")}, which the schema cannot express, but it rejects:\n${describeErrors(errors)}`,
          );
          t.skip(fixture.expectations.map((x) => `${x.rule}: ${notExpressible[x.rule]?.reason}`).join("; "));
          return;
        }
        assert.equal(ok, false, "accepted");
        for (const expected of expressible) {
          assert.ok(
            errors.some((e) => about(e, expected)),
            `no error about ${expected.path || "<document>"} (${expected.rule}); got:\n${describeErrors(errors)}`,
          );
        }
      });
    }
  }
});

describe("inline cases", () => {
  test("the seed-002 manifest is accepted", () => {
    assert.deepEqual(check("kubernetes-job", seed002), []);
  });

  test("a minimal manifest of each kind is accepted", () => {
    const minimal = (kind: string, spec: string) =>
      `apiVersion: kubernetes.project-planton.org/v1\nkind: ${kind}\nmetadata:\n  name: x\nspec:\n${spec.replace(/^/gm, "  ")}\n`;
    assert.deepEqual(
      check("kubernetes-job", minimal("KubernetesJob", "namespace: {value: jobs}\nimage: {repo: busybox}")),
      [],
    );
    assert.deepEqual(
      check(
        "stack-job-runner-kubernetes",
        minimal("StackJobRunnerKubernetes", "namespace: {value: sj}\nimage: {repo: runner}"),
      ),
      [],
    );
    assert.deepEqual(check("altinity-operator-kubernetes", minimal("AltinityOperatorKubernetes", "{}")), []);
  });

  const rejected: [string, string, string][] = [
    ["restartPolicy: Always", job("restartPolicy: Always"), "/spec/restartPolicy"],
    ["an unknown field", job("paralelism: 2"), "/spec"],
    ["parallelism: -1", job("parallelism: -1"), "/spec/parallelism"],
    ["metadata.name: Bad_Name", job("", "Bad_Name"), "/metadata/name"],
    ["a misspelt snake_case field name", job("backof_limit: 3"), "/spec"],
    ["a kind that is not this one", job().replace("kind: KubernetesJob", "kind: KubernetesJobs"), "/kind"],
    [
      "value and secretRef together",
      job("env:\n  secrets:\n    X: {value: a, secretRef: {name: s, key: k}}"),
      "/spec/env/secrets/X",
    ],
    ["a volume without a source", job("volumeMounts:\n  - {name: data, mountPath: /data}"), "/spec/volumeMounts/0"],
    [
      "a volume with two sources",
      job("volumeMounts:\n  - {name: data, mountPath: /data, emptyDir: {}, pvc: {claimName: c}}"),
      "/spec/volumeMounts/0",
    ],
    ["Indexed with 100001 completions", job("completionMode: Indexed\ncompletions: 100001"), "/spec/completions"],
    [
      "a label under project-planton.org/",
      job().replace("name: report", "name: x\n  labels: {project-planton.org/resource: 'x'}"),
      "/metadata/labels",
    ],
    [
      "a 64-bit integer string out of range",
      job('activeDeadlineSeconds: "9223372036854775808"'),
      "/spec/activeDeadlineSeconds",
    ],
    ["a negative number where a quantity belongs", job("resources: {limits: {cpu: -1}}"), "/spec/resources/limits/cpu"],
    [
      "a number where a label value may not start with '-'",
      job().replace("name: report", "name: x\n  env: -5"),
      "/metadata/env",
    ],
    ["a bool written as a quoted non-word", job("createNamespace: 'maybe'"), "/spec/createNamespace"],
    [
      "a chart path with a repository",
      "apiVersion: kubernetes.project-planton.org/v1\nkind: AltinityOperatorKubernetes\nmetadata: {name: x}\nspec:\n  chart: {path: ./chart.tgz, repository: 'https://x'}\n",
      "/spec/chart/repository",
    ],
  ];
  for (const [name, yaml, at] of rejected) {
    test(`rejects ${name}`, () => {
      const kind: KindName = yaml.includes("AltinityOperatorKubernetes")
        ? "altinity-operator-kubernetes"
        : "kubernetes-job";
      const errors = check(kind, yaml);
      assert.ok(
        errors.some((e) => e.instancePath === at),
        `no error at ${at}:\n${describeErrors(errors)}`,
      );
    });
  }

  test("what the loader reads is accepted: proto names, plain scalars in string fields, YAML 1.1 booleans", () => {
    assert.deepEqual(check("kubernetes-job", job("backoff_limit: 3\nttl_seconds_after_finished: 60")), []);
    assert.deepEqual(check("kubernetes-job", job("image: {repo: r, tag: 1.20}\nresources: {limits: {cpu: 2}}")), []);
    assert.deepEqual(check("kubernetes-job", job("createNamespace: yes\nsuspend: off")), []);
    assert.deepEqual(check("kubernetes-job", job('parallelism: "3"')), []);
    const volume = (mode: string) =>
      job(`volumeMounts:\n  - {name: c, mountPath: /c, configMap: {name: c, defaultMode: ${mode}}}`);
    assert.deepEqual(check("kubernetes-job", volume("0755")), [], "octal to planton, 755 to a YAML 1.2 reader");
    assert.notDeepEqual(check("kubernetes-job", volume("1000")), []);
    assert.deepEqual(check("kubernetes-job", job("volumeMounts:\n  - {name: d, mount_path: /d, emptyDir: {}}")), []);
    // `$schema` names the schema in a JSON manifest; the loader ignores it.
    assert.deepEqual(validate("kubernetes-job", { $schema: "./planton.schema.json", ...(parse(job()) as object) }), []);
  });

  test("64-bit integers may be decimal strings, as in ProtoJSON", () => {
    assert.deepEqual(check("kubernetes-job", job('activeDeadlineSeconds: "9007199254740991"')), []);
  });

  test("empty strings pass rules declared IGNORE_IF_ZERO_VALUE", () => {
    assert.deepEqual(check("kubernetes-job", job("image: {repo: r, tag: '', pullSecretName: ''}")), []);
  });

  test("defaults, descriptions and sensitivity are annotated", () => {
    const defs = readSchema("kubernetes-job").$defs as Record<
      string,
      { properties: Record<string, Record<string, unknown>> }
    >;
    const spec = defs["org.project_planton.provider.kubernetes.kubernetesjob.v1.KubernetesJobSpec"]?.properties ?? {};
    assert.equal(spec.backoffLimit?.default, 6);
    assert.equal(spec.waitForCompletion?.default, true);
    assert.equal(spec.restartPolicy?.default, "Never");
    assert.deepEqual(spec.resources?.default, {
      limits: { cpu: "1000m", memory: "1Gi" },
      requests: { cpu: "50m", memory: "100Mi" },
    });
    assert.match(String(spec.parallelism?.description), /Most pods running at once/);
    const secret = defs["org.project_planton.provider.kubernetes.KubernetesSensitiveValue"]?.properties ?? {};
    assert.equal(secret.value?.["x-sensitive"], true);
    const altinity = readSchema("altinity-operator-kubernetes").$defs as typeof defs;
    const namespace =
      altinity["org.project_planton.provider.kubernetes.altinityoperatorkubernetes.v1.AltinityOperatorKubernetesSpec"]
        ?.properties.namespace;
    assert.equal(namespace?.default, "altinity-operator");
    const runner = readSchema("stack-job-runner-kubernetes").$defs as typeof defs;
    const runnerNamespace =
      runner["org.project_planton.provider.kubernetes.stackjobrunnerkubernetes.v1.StackJobRunnerKubernetesSpec"]
        ?.properties.namespace;
    assert.deepEqual(runnerNamespace?.default, { value: "stack-jobs" });
  });
});
