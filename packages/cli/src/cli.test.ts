import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { listKinds } from "@planton/sdk";
import { parse } from "yaml";
import { kindModule } from "./kind-modules.js";
import { repoRoot, runCli } from "./test/run-cli.js";

const root = repoRoot();
const seedJob = `apiVersion: kubernetes.project-planton.org/v1
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
  env:
    variables:
      DATABASE_URL:
        value: postgres://localhost:5432/mydb
    secrets:
      DATABASE_PASSWORD:
        value: hunter2-literal-secret
  backoffLimit: 3
  command:
    - python
    - /app/migrate.py
`;

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "planton-cli-test-"));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const noStackTrace = (s: string) => assert.doesNotMatch(s, /\n\s+at .+:\d+:\d+\)?\n/, "no stack trace");

describe("validate", () => {
  test("a valid manifest exits 0 and says so", () => {
    const r = runCli(["validate", "-f", tempFile("job.yaml", seedJob)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /valid: .*job\.yaml \(KubernetesJob data-migration\)/);
  });

  test("an invalid manifest exits 1 with compiler-style problems at the value's position", () => {
    const path = tempFile("job.yaml", seedJob.replace("backoffLimit: 3", "restartPolicy: Always"));
    const r = runCli(["validate", "-f", path]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), `${path}:19:18: spec.restartPolicy: must be in list [OnFailure, Never]`);
  });

  test("-o json prints exactly {valid, violations[{path, message, rule, line, column}]}", () => {
    const r = runCli(["validate", "-f", "-", "-o", "json"], {
      input: seedJob.replace("name: data-migration", "name: Data"),
    });
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ["valid", "violations"]);
    assert.equal(out.valid, false);
    assert.deepEqual(out.violations, [
      {
        path: "metadata.name",
        message:
          "must be a lowercase RFC 1123 label: at most 63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit (e.g. 'my-name')",
        rule: "k8s.dns_label",
        line: 4,
        column: 9,
      },
    ]);
  });

  test("a YAML syntax error is an invalid manifest (exit 1) with its position", () => {
    const r = runCli(["validate", "-f", "-", "-o", "json"], { input: "kind: KubernetesJob\nmetadata: {name: x\n" });
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.valid, false);
    assert.ok(out.violations[0].line >= 2, r.stdout);
    assert.match(out.violations[0].rule, /^yaml\./);
  });

  test("unknown field names the nearest one", () => {
    const r = runCli(["validate", "-f", "-"], { input: seedJob.replace("backoffLimit: 3", "paralelism: 3") });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^<stdin>:19:3: spec\.paralelism: unknown field "paralelism"; did you mean "parallelism"\?/);
  });

  test("--set converts to the field's type and the result is validated", () => {
    const ok = runCli(
      [
        "validate",
        "-f",
        "-",
        "--set",
        "spec.parallelism=4",
        "--set",
        "spec.suspend=true",
        "--set",
        "spec.completionMode=Indexed",
      ],
      { input: seedJob },
    );
    assert.equal(ok.code, 0, ok.stderr);
    const bad = runCli(["validate", "-f", "-", "--set", "spec.parallelism=four"], { input: seedJob });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--set spec\.parallelism: expected an unsigned 32-bit integer, got the string "four"/);
  });
});

describe("usage and environment errors", () => {
  test("unknown flag: exit 2 with a suggestion, no stack trace", () => {
    const r = runCli(["validate", "--fil", "x.yaml"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown flag --fil for "validate"; did you mean "file"\?/);
    noStackTrace(r.stderr);
  });

  test("missing file: exit 2, one line", () => {
    const r = runCli(["validate", "-f", "/definitely/not/here.yaml"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), "error: cannot read /definitely/not/here.yaml: no such file");
  });

  test("unknown command: exit 2 with a suggestion", () => {
    const r = runCli(["valdate"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "valdate"; did you mean "validate"\?/);
  });

  test("every command has --help with examples", () => {
    const top = runCli(["--help"]);
    const names = [...top.stdout.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1] as string);
    assert.ok(names.length >= 9, top.stdout);
    for (const name of names) {
      const r = runCli([name, "--help"]);
      assert.equal(r.code, 0, `${name} --help`);
      assert.match(r.stdout, /Usage:/);
      assert.match(r.stdout, /Examples:/, `${name} has examples`);
    }
  });
});

describe("load-manifest and stack-input", () => {
  test("load-manifest shows defaults and redacts literal secrets unless --show-secrets", () => {
    const r = runCli(["load-manifest", "-f", "-", "-o", "json"], { input: seedJob });
    assert.equal(r.code, 0, r.stderr);
    const m = JSON.parse(r.stdout);
    assert.equal(m.spec.parallelism, 1);
    assert.equal(m.spec.restartPolicy, "Never");
    assert.equal(m.spec.env.secrets.DATABASE_PASSWORD.value, "<redacted>");
    assert.ok(!r.stdout.includes("hunter2-literal-secret"));
    const shown = runCli(["load-manifest", "-f", "-", "--show-secrets"], { input: seedJob });
    assert.equal(parse(shown.stdout).spec.env.secrets.DATABASE_PASSWORD.value, "hunter2-literal-secret");
  });

  test("load-manifest applies --set map keys and list indexes in order", () => {
    const r = runCli(
      [
        "load-manifest",
        "-f",
        "-",
        "-o",
        "json",
        "--set",
        "metadata.labels.team=data",
        "--set",
        "spec.env.variables.LOG_LEVEL.value=debug",
        "--set",
        "spec.command[1]=/app/other.py",
        "--set",
        "spec.backoff_limit=0",
      ],
      { input: seedJob },
    );
    assert.equal(r.code, 0, r.stderr);
    const m = JSON.parse(r.stdout);
    assert.equal(m.metadata.labels.team, "data");
    assert.equal(m.spec.env.variables.LOG_LEVEL.value, "debug");
    assert.deepEqual(m.spec.command, ["python", "/app/other.py"]);
    assert.equal(m.spec.backoffLimit, 0);
  });

  test("stack-input prints one line of base64 that decodes to the stack input", () => {
    const kubeconfig = tempFile("kubeconfig", "apiVersion: v1\nkind: Config\n");
    const r = runCli(
      ["stack-input", "-f", "-", "--kubeconfig", kubeconfig, "--context", "dev", "--namespace", "team-a"],
      { input: seedJob },
    );
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split("\n");
    assert.equal(lines.length, 1);
    const decoded = parse(Buffer.from(lines[0] as string, "base64").toString("utf8"));
    assert.equal(decoded.target.kind, "KubernetesJob");
    assert.equal(decoded.providerConfig.kubeconfigPath, kubeconfig);
    assert.equal(decoded.providerConfig.context, "dev");
    assert.equal(decoded.kubernetesNamespace, "team-a");
  });

  test("stack-input -o yaml redacts the docker config and literal secrets", () => {
    const docker = tempFile("config.json", '{"auths":{"r.example.com":{"auth":"c2VjcmV0LWRvY2tlcg=="}}}');
    const r = runCli(["stack-input", "-f", "-", "--docker-config", docker, "-o", "yaml"], { input: seedJob });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes("c2VjcmV0LWRvY2tlcg=="));
    assert.ok(!r.stdout.includes("hunter2-literal-secret"));
    assert.equal(parse(r.stdout).dockerConfigJson, "<redacted>");
  });
});

describe("render", () => {
  test("KubernetesJob: objects in creation order, the literal secret redacted unless --show-secrets", () => {
    const r = runCli(["render", "-f", "-", "-o", "json"], { input: seedJob });
    assert.equal(r.code, 0, r.stderr);
    const objects = JSON.parse(r.stdout) as {
      apiVersion: string;
      kind: string;
      metadata: { name: string };
      stringData?: Record<string, string>;
    }[];
    assert.deepEqual(
      objects.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.name}`),
      ["v1/Namespace/batch-jobs", "v1/Secret/data-migration-env-secrets", "batch/v1/Job/data-migration"],
    );
    assert.equal(objects[1]?.stringData?.DATABASE_PASSWORD, "<redacted>");
    assert.ok(!r.stdout.includes("hunter2-literal-secret"));
    const shown = runCli(["render", "-f", "-", "-o", "json", "--show-secrets"], { input: seedJob });
    assert.equal(JSON.parse(shown.stdout)[1].stringData.DATABASE_PASSWORD, "hunter2-literal-secret");
  });

  test("AltinityOperatorKubernetes: a Helm release as helm.sh/v3 Release with chart, version and values", () => {
    const init = runCli(["init", "AltinityOperatorKubernetes"]);
    const r = runCli(["render", "-f", "-", "-o", "json", "--set", "spec.chart.version=0.24.0"], { input: init.stdout });
    assert.equal(r.code, 0, r.stderr);
    const objects = JSON.parse(r.stdout) as Record<string, unknown>[];
    const release = objects.find((o) => o.kind === "Release") as Record<string, unknown>;
    assert.equal(release.apiVersion, "helm.sh/v3");
    assert.equal(release.chart, "altinity-clickhouse-operator");
    assert.equal(release.version, "0.24.0");
    assert.deepEqual((release.values as { operator: { resources: unknown } }).operator.resources, {
      limits: { cpu: "1000m", memory: "1Gi" },
      requests: { cpu: "100m", memory: "256Mi" },
    });
    assert.equal(objects[0]?.kind, "Namespace");
  });

  test("StackJobRunnerKubernetes: YAML stream with RBAC, Deployment and Service", () => {
    const init = runCli(["init", "StackJobRunnerKubernetes"]);
    const r = runCli(["render", "-f", "-"], { input: init.stdout });
    assert.equal(r.code, 0, r.stderr);
    const kinds = r.stdout.split(/^---$/m).map((doc) => parse(doc).kind);
    for (const k of ["Namespace", "ServiceAccount", "Role", "RoleBinding", "Deployment", "Service"])
      assert.ok(kinds.includes(k), `${k} in ${kinds}`);
  });

  test("an invalid manifest renders nothing and exits 1", () => {
    const r = runCli(["render", "-f", "-"], { input: seedJob.replace("backoffLimit: 3", "restartPolicy: Always") });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
  });
});

describe("explain, schema, init, kinds", () => {
  const kinds = listKinds().map((k) => k.kind);

  test("kinds lists every kind of the registry with its id prefix and module package", async () => {
    const r = runCli(["kinds", "-o", "json"]);
    const list = JSON.parse(r.stdout) as { kind: string; idPrefix: string; module: string }[];
    const expected = await Promise.all(
      listKinds().map(async (k) => [k.kind, k.idPrefix, (await kindModule(k.kind).descriptor()).packageName]),
    );
    assert.deepEqual(
      list.map((k) => [k.kind, k.idPrefix, k.module]),
      expected,
    );
    assert.deepEqual(list.find((k) => k.kind === "KubernetesJob")?.module, "@planton/kubernetes-job");
  });

  for (const kind of kinds) {
    test(`init ${kind} prints a manifest that validates`, () => {
      const init = runCli(["init", kind]);
      assert.equal(init.code, 0, init.stderr);
      assert.match(init.stdout, /^# /, "commented");
      const v = runCli(["validate", "-f", "-"], { input: init.stdout });
      assert.equal(v.code, 0, v.stderr);
    });

    test(`explain ${kind}.spec lists fields with types and defaults`, () => {
      const r = runCli(["explain", `${kind}.spec`, "-o", "json"]);
      assert.equal(r.code, 0, r.stderr);
      const info = JSON.parse(r.stdout);
      assert.equal(info.kind, kind);
      assert.ok(info.fields.length >= 4);
      assert.ok(info.fields.some((f: { name: string }) => f.name === "namespace"));
    });

    test(`init ${kind} names the schema of every kind for editors, which planton schema prints`, () => {
      const init = runCli(["init", kind]);
      assert.match(init.stdout, /^# yaml-language-server: \$schema=\.\/planton\.schema\.json\n/);
      const all = runCli(["schema"]);
      assert.equal(all.code, 0, all.stderr);
      const schema = JSON.parse(all.stdout);
      assert.match(schema.$id, /\/planton\.schema\.json$/);
      assert.ok(
        schema.allOf.some(
          (a: { if: { properties: { kind: { const: string } } } }) => a.if.properties.kind.const === kind,
        ),
        `${kind} is not selected by kind`,
      );
    });

    test(`schema ${kind} prints a JSON Schema`, () => {
      const r = runCli(["schema", kind]);
      assert.equal(r.code, 0, r.stderr);
      const schema = JSON.parse(r.stdout);
      assert.ok(typeof schema === "object" && schema !== null);
      assert.match(JSON.stringify(schema), new RegExp(kind));
    });
  }

  test("explain shows a field's default and rules", () => {
    const r = runCli(["explain", "KubernetesJob.spec.restartPolicy"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /DEFAULT: +Never/);
    assert.match(r.stdout, /OnFailure/);
  });

  test("explain of an unknown field names the nearest", () => {
    const r = runCli(["explain", "KubernetesJob.spec.paralelism"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /did you mean "parallelism"/);
  });
});

describe("pulumi (with a fake pulumi on PATH)", () => {
  function fakePulumi(): { dir: string; log: string } {
    const dir = mkdtempSync(join(tmpdir(), "planton-fake-pulumi-"));
    const log = join(dir, "calls.log");
    writeFileSync(
      join(dir, "pulumi"),
      [
        "#!/bin/sh",
        `log=${JSON.stringify(log)}`,
        'echo "ARGS $*" >> "$log"',
        'echo "CWD $(pwd)" >> "$log"',
        'echo "BACKEND $PULUMI_BACKEND_URL" >> "$log"',
        'echo "PASSPHRASE_FILE ${PULUMI_CONFIG_PASSPHRASE_FILE:-unset}" >> "$log"',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template.
        'echo "STACK_INPUT=${STACK_INPUT:-unset}" >> "$log"',
        'if [ -n "$STACK_INPUT_FILE" ]; then echo "FILE $STACK_INPUT_FILE $(stat -c %a "$STACK_INPUT_FILE") $(stat -c %a "$(dirname "$STACK_INPUT_FILE")")" >> "$log"; grep -c hunter2-literal-secret "$STACK_INPUT_FILE" >> "$log"; fi',
        'case "$*" in *"stack output"*) echo \'{"namespace":"batch-jobs","job_name":"data-migration"}\';; esac',
        "exit 0",
      ].join("\n"),
      { mode: 0o755 },
    );
    return { dir, log };
  }

  test("pulumi up selects the stack, passes the stack input in a private temp file, and removes it", () => {
    const fake = fakePulumi();
    const home = mkdtempSync(join(tmpdir(), "planton-home-"));
    const manifest = tempFile("job.yaml", `# keep this comment\n${seedJob}`);
    const r = runCli(["pulumi", "up", "--manifest", manifest, "--yes", "--write-status", "--", "--parallel", "2"], {
      env: { PATH: `${fake.dir}:${process.env.PATH}`, HOME: home, PULUMI_BACKEND_URL: "", STACK_INPUT: "c3RhbGU=" },
    });
    assert.equal(r.code, 0, r.stderr);
    const log = readFileSync(fake.log, "utf8");
    assert.match(log, /ARGS stack select --create --stack data-migration --non-interactive/);
    assert.match(log, /ARGS up --stack data-migration --yes --parallel 2/);
    // Pulumi runs in the Planton state dir's project, so Pulumi.<stack>.yaml lands there, not in the package.
    assert.match(log, new RegExp(`CWD ${home}/.planton/projects/kubernetes-job$`, "m"));
    const settings = readFileSync(join(home, ".planton", "projects", "kubernetes-job", "Pulumi.yaml"), "utf8");
    assert.match(settings, /^name: kubernetes-job$/m);
    assert.match(settings, /^main: \/.*packages\/kubernetes-job\/dist\/main\.js$/m, "main is the installed program");
    assert.match(log, new RegExp(`BACKEND file://${home}/.planton/pulumi`));
    assert.match(log, /STACK_INPUT=unset/, "a caller's STACK_INPUT never shadows the manifest's");
    const file = /FILE (\S+) 600 700/.exec(log);
    assert.ok(file, `the stack input file is 0600 in a 0700 directory:\n${log}`);
    assert.ok(!readdirSync(tmpdir()).includes((file[1] as string).split("/").at(-2) as string), "temp dir removed");
    const updated = readFileSync(manifest, "utf8");
    assert.match(updated, /^# keep this comment/);
    assert.deepEqual(parse(updated).status.outputs, { namespace: "batch-jobs", jobName: "data-migration" });
    assert.ok(!r.stdout.includes("hunter2-literal-secret") && !r.stderr.includes("hunter2-literal-secret"));
  });

  test("the default local backend gets a generated passphrase file (0600), reused by later runs", () => {
    const fake = fakePulumi();
    const home = mkdtempSync(join(tmpdir(), "planton-home-"));
    const manifest = tempFile("job.yaml", seedJob);
    const env = { PATH: `${fake.dir}:${process.env.PATH}`, HOME: home, PULUMI_BACKEND_URL: "" };
    const first = runCli(["pulumi", "preview", "-f", manifest], { env });
    assert.equal(first.code, 0, first.stderr);
    const file = join(home, ".planton", "pulumi-passphrase");
    assert.match(readFileSync(fake.log, "utf8"), new RegExp(`PASSPHRASE_FILE ${file}`));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const passphrase = readFileSync(file, "utf8");
    assert.match(passphrase, /^[0-9a-f]{64}\n$/);
    assert.equal(runCli(["pulumi", "preview", "-f", manifest], { env }).code, 0);
    assert.equal(readFileSync(file, "utf8"), passphrase, "the same passphrase next time");
    // A passphrase of the caller's wins.
    const own = runCli(["pulumi", "preview", "-f", manifest], { env: { ...env, PULUMI_CONFIG_PASSPHRASE: "mine" } });
    assert.equal(own.code, 0, own.stderr);
    assert.match(
      readFileSync(fake.log, "utf8")
        .trimEnd()
        .split("\n")
        .filter((l) => l.startsWith("PASSPHRASE_FILE"))
        .at(-1) ?? "",
      /unset/,
    );
  });

  test("an invalid manifest never reaches pulumi", () => {
    const fake = fakePulumi();
    const r = runCli(["pulumi", "up", "-f", "-", "--yes"], {
      input: seedJob.replace("backoffLimit: 3", "restartPolicy: Always"),
      env: { PATH: `${fake.dir}:${process.env.PATH}` },
    });
    assert.equal(r.code, 1);
    assert.throws(() => readFileSync(fake.log, "utf8"), /ENOENT/);
  });

  test("without pulumi on PATH: exit 2 and one paragraph on how to install it", () => {
    const r = runCli(["pulumi", "preview", "-f", "-"], {
      input: seedJob,
      env: { PATH: "/nonexistent", PLANTON_PULUMI: "" },
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pulumi was not found on PATH.*install/);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  });

  test("outputs prints the stack outputs as the kind's StackOutputs", () => {
    const fake = fakePulumi();
    const r = runCli(["outputs", "-f", "-", "-o", "json"], {
      input: seedJob,
      env: { PATH: `${fake.dir}:${process.env.PATH}`, PULUMI_BACKEND_URL: "file:///tmp/x" },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { namespace: "batch-jobs", jobName: "data-migration" });
  });
});

export { root };
