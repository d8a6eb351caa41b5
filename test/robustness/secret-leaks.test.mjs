// Secret leaks: for every fixture with a literal secret (the valid fixtures of
// every kind and the example), its secret values, and the kubeconfig and docker
// config secrets given with --provider-config/--docker-config, appear in clear
// nowhere: not in validate, load-manifest, stack-input (YAML, JSON, and the
// base64 meant for STACK_INPUT), render, nor in the errors of a manifest made
// invalid elsewhere; and under Pulumi's mocks, not in any input a module
// registers unless that input is a Pulumi secret.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { sdk } from "./support/in-process.mjs";
import { root, runCliBatch, STACK_FRAME } from "./support/run.mjs";

const KUBE_TOKEN = "kubetoken-3b8e61f0a9";
const DOCKER_AUTH = Buffer.from("robot:dockerpw-9d2c77e1b4").toString("base64");
const SET_SECRET = "setsecret-41f7aa0c2e";
const tmp = mkdtempSync(join(tmpdir(), "planton-secret-leaks-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const write = (name, text) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};
const providerConfig = write(
  "provider-config.yaml",
  `kubeconfig: ${JSON.stringify(`apiVersion: v1\nkind: Config\nusers: [{name: u, user: {token: ${KUBE_TOKEN}}}]\n`)}\n`,
);
const dockerConfig = write("docker-config.json", JSON.stringify({ auths: { "ghcr.io": { auth: DOCKER_AUTH } } }));
const badDockerConfig = write("docker-config-bad.json", `{"auths": {"ghcr.io": {"auth": ${DOCKER_AUTH}}}}`);
const injected = [KUBE_TOKEN, DOCKER_AUTH, SET_SECRET];

/**
 * The part of `secret` that `output` shows: the whole secret, or any 10 characters
 * of it in a row (error messages that quote an excerpt leak too).
 */
function leaked(output, secret) {
  const n = Math.min(10, secret.length);
  for (let i = 0; i + n <= secret.length; i++) {
    if (output.includes(secret.slice(i, i + n))) return secret.slice(i, i + n);
  }
  return undefined;
}

/** Every fixture file whose manifest holds at least one literal sensitive value, with those values. */
function fixturesWithSecrets() {
  const files = [join(root, "examples/kubernetes-job.yaml")];
  for (const kind of readdirSync(join(root, "testdata"))) {
    const dir = join(root, "testdata", kind, "valid");
    if (existsSync(dir)) for (const f of readdirSync(dir)) files.push(join(dir, f));
  }
  const out = [];
  for (const file of files) {
    const loaded = sdk.load(readFileSync(file, "utf8"), file);
    if (!loaded.ok) continue;
    const { kind, message } = loaded.manifest;
    const secrets = sdk.sensitiveValues(kind.schema, message).map((s) => s.value);
    if (secrets.length > 0) out.push({ file, kind, message, secrets });
  }
  return out;
}

/**
 * Variants of a fixture, written to temporary files: `resolved` (valueFrom
 * references replaced by a value, so stack-input and render can run), `invalid`
 * (broken elsewhere: a bad name, a forbidden restartPolicy, an unknown field)
 * and `bareSecrets` (each literal secret written without its `value:` key).
 */
function variants(f) {
  const { message } = sdk.resolveReferences(f.kind.schema, f.message, () => "resolved-by-test");
  const json = sdk.stackInputJson(f.kind, sdk.buildStackInput(f.kind, message)).target;
  const name = basename(f.file).replace(/\.\w+$/, "");
  const invalid = structuredClone(json);
  invalid.metadata.name = "Bad_Name";
  invalid.spec.restartPolicy = "Always";
  invalid.spec.paralelism = 2;
  const bare = structuredClone(json);
  for (const [k, v] of Object.entries(bare.spec?.env?.secrets ?? {}))
    if (v.value !== undefined) bare.spec.env.secrets[k] = v.value;
  return {
    resolved: write(`${name}.resolved.json`, JSON.stringify(json, null, 2)),
    invalid: write(`${name}.invalid.json`, JSON.stringify(invalid, null, 2)),
    bareSecrets: write(`${name}.bare-secrets.json`, JSON.stringify(bare, null, 2)),
    firstSecretKey: Object.entries(json.spec?.env?.secrets ?? {}).find(([, v]) => v.value !== undefined)?.[0],
  };
}

const fixtures = fixturesWithSecrets();
const hasRender = (await import(pathToFileURL(join(root, "packages/cli/dist/main.js")).href)).findCommand("render");
const provider = ["--provider-config", providerConfig, "--docker-config", dockerConfig];

/** The invocations for one fixture: [title, argv, known-bug?]. */
function invocations(f) {
  const v = variants(f);
  const list = [
    ["validate", ["validate", "-f", f.file]],
    ["validate -o json", ["validate", "-f", f.file, "-o", "json"]],
    ["load-manifest (yaml)", ["load-manifest", "-f", f.file]],
    ["load-manifest -o json", ["load-manifest", "-f", f.file, "-o", "json"]],
    [
      "stack-input -o yaml, with provider and docker configs",
      ["stack-input", "-f", v.resolved, ...provider, "-o", "yaml"],
    ],
    [
      "stack-input -o json, with provider and docker configs",
      ["stack-input", "-f", v.resolved, ...provider, "-o", "json"],
    ],
    ["stack-input (base64 for STACK_INPUT): no secret in clear", ["stack-input", "-f", v.resolved, ...provider]],
    ["stack-input with unresolved references (error)", ["stack-input", "-f", f.file, ...provider, "-o", "yaml"]],
    ["validate of the manifest made invalid elsewhere", ["validate", "-f", v.invalid]],
    ["validate -o json of the manifest made invalid elsewhere", ["validate", "-f", v.invalid, "-o", "json"]],
    ["load-manifest of the manifest made invalid elsewhere", ["load-manifest", "-f", v.invalid]],
    ["stack-input of the manifest made invalid elsewhere", ["stack-input", "-f", v.invalid, ...provider, "-o", "yaml"]],
    [
      "--set of a secret value on an invalid manifest",
      ["validate", "-f", v.invalid, "--set", `spec.env.secrets.EXTRA.value=${SET_SECRET}`],
    ],
  ];
  if (hasRender) {
    list.push(
      ["render (yaml), with provider and docker configs", ["render", "-f", v.resolved, ...provider]],
      ["render -o json, with provider and docker configs", ["render", "-f", v.resolved, ...provider, "-o", "json"]],
      ["render of the manifest made invalid elsewhere", ["render", "-f", v.invalid, ...provider]],
    );
  }
  if (v.firstSecretKey) {
    const key = `spec.env.secrets.${v.firstSecretKey}`;
    list.push(
      ["validate of a literal secret written without its value: key", ["validate", "-f", v.bareSecrets]],
      ["--set of a secret with a misspelt field", ["validate", "-f", v.resolved, "--set", `${key}.valu=${SET_SECRET}`]],
      [
        "--set of a secret that is not valid YAML",
        ["validate", "-f", v.resolved, "--set", `${key}.value=[${SET_SECRET}`],
      ],
    );
  }
  list.push([
    "stack-input with a --docker-config that is not JSON",
    ["stack-input", "-f", v.resolved, "--docker-config", badDockerConfig, "-o", "yaml"],
  ]);
  return list;
}

describe("secret leaks in the CLI: no literal secret, kubeconfig or docker credential is printed in clear by any command, valid or not", async () => {
  test("there are fixtures with literal secrets", () => assert.ok(fixtures.length > 0));
  const cases = fixtures.flatMap((f) =>
    invocations(f).map(([title, argv, knownBug], i) => ({
      id: `${basename(f.file)}#${i}`,
      title: `${basename(f.file)}: ${title}`,
      argv,
      knownBug,
      secrets: [...f.secrets, ...injected],
    })),
  );
  const results = await runCliBatch(cases.map((c) => ({ id: c.id, argv: c.argv })));
  for (const c of cases) {
    test(c.title, { todo: c.knownBug }, () => {
      const r = results.get(c.id);
      assert.ok(!r.hung && r.crashed === undefined && r.threw === undefined, JSON.stringify(r).slice(0, 2000));
      const output = `${r.stdout}\n${r.stderr}`;
      assert.doesNotMatch(output, STACK_FRAME);
      for (const s of c.secrets) {
        const shown = leaked(output, s);
        assert.equal(
          shown,
          undefined,
          `${JSON.stringify(shown)} of ${JSON.stringify(s)} printed (exit ${r.code}):\n${output.slice(0, 3000)}`,
        );
      }
    });
  }
});

/** Installs counting mocks on every distinct @pulumi/pulumi the modules use; returns the registrations list. */
async function installMocks(moduleDirs) {
  const registered = [];
  const seen = new Set();
  for (const dir of moduleDirs) {
    const path = realpathSync(createRequire(join(dir, "package.json")).resolve("@pulumi/pulumi"));
    if (seen.has(path)) continue;
    seen.add(path);
    const pulumi = createRequire(join(dir, "package.json"))("@pulumi/pulumi");
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
      },
      "robustness",
      "secrets",
      false,
    );
  }
  return registered;
}

/** How Pulumi's RPC layer marks a secret value. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** `v` with every secret-marked value replaced by "<secret>"; `found` collects the secret values. */
function withoutSecrets(v, found) {
  if (Array.isArray(v)) return v.map((x) => withoutSecrets(x, found));
  if (v === null || typeof v !== "object") return v;
  if (v[SIG_KEY] === SECRET_SIG) {
    found.push(JSON.stringify(v.value));
    return "<secret>";
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutSecrets(x, found)]));
}

// The kind packages, from the CLI's one kind table (a descriptor's slug is its package directory).
const { kindModule } = await import(pathToFileURL(join(root, "packages/cli/dist/kind-modules.js")).href);
const kit = await import(pathToFileURL(join(root, "packages/module-kit/dist/index.js")).href);
const slugs = new Map();
for (const f of fixtures) {
  if (!slugs.has(f.kind.kind)) slugs.set(f.kind.kind, (await kindModule(f.kind.kind).descriptor()).slug);
}
const moduleDirOf = (f) => join(root, "packages", slugs.get(f.kind.kind));
const withModule = fixtures.filter((f) => existsSync(join(moduleDirOf(f), "dist/index.js")));

describe("secret leaks under Pulumi's mocks: a module registers literal secrets, kubeconfigs and docker credentials only as Pulumi secrets", async () => {
  if (withModule.length === 0) {
    test("modules", { skip: "module not built" }, () => {});
    return;
  }
  const registered = await installMocks(withModule.map(moduleDirOf));
  for (const f of withModule) {
    test(`${basename(f.file)} (${f.kind.kind}): no secret in a plain input; each literal secret is in a secret input`, async () => {
      const mod = await import(pathToFileURL(join(moduleDirOf(f), "dist/index.js")).href);
      const { message } = sdk.resolveReferences(f.kind.schema, f.message, () => "resolved-by-test");
      const fields = f.kind.stackInputSchema.fields.map((x) => x.name);
      const opts = {
        providerConfig: sdk.loadMessage(
          sdk.schemaRegistry().getMessage("org.project_planton.provider.kubernetes.KubernetesProviderConfig"),
          `kubeconfig: ${JSON.stringify(`users: [{user: {token: ${KUBE_TOKEN}}}]`)}`,
        ).message,
        ...(fields.includes("docker_config_json")
          ? { dockerConfigJson: JSON.stringify({ auths: { r: { auth: DOCKER_AUTH } } }) }
          : {}),
      };
      const input = sdk.buildStackInput(f.kind, message, opts);
      registered.length = 0;
      await kit.runKind(mod.module, { env: { STACK_INPUT: sdk.encodeStackInput(f.kind, input, "yaml") } });
      for (let last = -1; last !== registered.length; ) {
        last = registered.length;
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(registered.length > 1, "the module registered nothing");
      const secretValues = [];
      const plain = JSON.stringify(registered.map((r) => ({ ...r, inputs: withoutSecrets(r.inputs, secretValues) })));
      for (const s of [...f.secrets, KUBE_TOKEN, ...(opts.dockerConfigJson ? [DOCKER_AUTH] : [])]) {
        const shown = leaked(plain, s);
        assert.equal(
          shown,
          undefined,
          `${JSON.stringify(s)} is in a plain (non-secret) input:\n${plain.slice(0, 3000)}`,
        );
      }
      for (const s of f.secrets) {
        assert.ok(secretValues.join("\n").includes(s), `the literal secret ${JSON.stringify(s)} is in no secret input`);
      }
    });
  }
});
