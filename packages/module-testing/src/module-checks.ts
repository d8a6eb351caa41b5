// The checks every module package runs, as named async functions for the
// package's own test file (`for (const c of moduleChecks(...)) it(c.name, c.fn)`).

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { clone, type Message } from "@bufbuild/protobuf";
import {
  componentFor,
  type KindModule,
  providerArgs,
  resourceLabels,
  runKind,
  type StackOutputs,
} from "@planton/module-kit";
import { ResourceRecorder } from "@planton/module-kit/record";
import { decodeStackInput, findKind, isPlantonError, load, PlantonError, sensitiveValues } from "@planton/sdk";
import * as pulumi from "@pulumi/pulumi";
import {
  assertDependsOnNamespace,
  assertLabels,
  assertProvider,
  assertSecretsHidden,
  assertValidKubernetesObjects,
  kubernetesObjects,
} from "./assertions.js";
import { assertNoTestCodeInDist } from "./dist.js";
import { runEntry } from "./entry.js";
import { assertGolden } from "./golden.js";
import { moduleTestInputs } from "./inputs.js";

export interface ModuleTestOptions {
  /** The kind package's module (its `module` export). */
  module: KindModule;
  /** The package directory (holding hack/, dist/ and test/golden/). */
  packageDir: string;
}

export interface ModuleCheck {
  name: string;
  fn: () => Promise<void>;
}

interface Target {
  metadata?: { name: string; labels: Record<string, string> } & Parameters<typeof resourceLabels>[0];
}

interface ProviderConfigHolder {
  providerConfig?: Parameters<typeof providerArgs>[0];
}

/** Stack inputs a module must refuse, each with what it is. */
export const BAD_STACK_INPUTS: { what: string; env: Record<string, string> }[] = [
  { what: "not base64", env: { STACK_INPUT: "not base64 !!" } },
  { what: "not a stack input", env: { STACK_INPUT: Buffer.from("- just\n- a list\n").toString("base64") } },
  {
    what: "an invalid manifest",
    env: { STACK_INPUT: Buffer.from("target:\n  metadata:\n    name: Not_A_Label\n  spec: {}\n").toString("base64") },
  },
];

function sdkMessage(kind: string, env: Record<string, string>): string {
  try {
    decodeStackInput({ kind, env });
  } catch (e) {
    if (isPlantonError(e)) return e.message;
    throw e;
  }
  throw new Error("expected the SDK to refuse the input");
}

export function moduleChecks(o: ModuleTestOptions): ModuleCheck[] {
  // The ambient provider reads KUBECONFIG into its inputs; golden records must not depend on it.
  delete process.env.KUBECONFIG;
  delete process.env.KUBE_CTX;
  const module = o.module;
  const { descriptor } = module;
  const kind = findKind(descriptor.kind);
  if (!kind) throw new Error(`${descriptor.kind} is not a kind of the SDK's registry`);
  const inputs = moduleTestInputs(descriptor.kind, descriptor.slug, o.packageDir);
  const build = (s: Message, opts: pulumi.ComponentResourceOptions) => componentFor(module, s, opts);
  const run = (options: { env: Record<string, string> }) => runKind(module, options);
  const checks: ModuleCheck[] = [];

  checks.push({
    name: "the module contract: the descriptor names a kind of the registry, its schemas, its package and its outputs",
    fn: async () => {
      assert.equal(module.stackInputSchema.typeName, kind.stackInputSchema.typeName, "stack input schema");
      const pkg = JSON.parse(readFileSync(join(o.packageDir, "package.json"), "utf8")) as { name: string };
      assert.equal(pkg.name, descriptor.packageName, "package.json name");
      assert.equal(basename(o.packageDir), descriptor.slug, "package directory");
      assert.equal(descriptor.type, `planton:${kind.provider}:${kind.kind}`, "type token");
      const schema = createRequire(join(o.packageDir, "package.json")).resolve(
        `@planton/gen/jsonschema/${descriptor.slug}.schema.json`,
      );
      assert.ok(existsSync(schema), `no generated JSON Schema ${descriptor.slug}.schema.json`);
      const template = load(descriptor.initTemplate, "init template", { kind: kind.kind });
      assert.ok(
        template.ok,
        `the init template does not validate: ${JSON.stringify(!template.ok && template.problems)}`,
      );
      const recorder = await ResourceRecorder.start();
      const outputs: StackOutputs = module.stackOutputs(build(inputs[0]?.load() as Message, recorder.options));
      await recorder.settle();
      assert.deepEqual(
        Object.keys(outputs).sort(),
        kind.stackOutputsSchema.fields.map((f) => f.name).sort(),
        "stack outputs are the fields of the StackOutputs message",
      );
    },
  });

  checks.push({
    name: "dist/ holds no test code: no production file imports node:assert, node:test or a testing package",
    fn: async () => {
      assertNoTestCodeInDist(o.packageDir);
    },
  });

  checks.push({
    name: "test inputs: the hack stack input and the testdata fixtures",
    fn: async () => {
      assert.ok(inputs.length > 0, "no test inputs");
      assert.equal(inputs[0]?.id, "hack--stack-input");
    },
  });

  for (const input of inputs) {
    checks.push({
      name: `${input.file}: golden records, Kubernetes schemas, labels, namespace dependencies, provider, secrets`,
      fn: async () => {
        const stackInput = input.load();
        const target = (stackInput as unknown as { target: Target }).target;
        const recorder = await ResourceRecorder.start();
        const component = build(stackInput, recorder.options);
        const records = await recorder.settle();
        const resourceName = target.metadata?.name ?? "";

        assertGolden(join(o.packageDir, "test", "golden", `${input.id}.json`), records);
        assert.equal(records.filter((r) => r.type === descriptor.type).length, 1, "one component");
        assert.ok(
          kubernetesObjects(records).length + records.filter((r) => r.type.startsWith("kubernetes:helm.sh/")).length >
            0,
          "no Kubernetes resources",
        );
        await assertValidKubernetesObjects(records);
        assertLabels(records, resourceLabels(target.metadata, descriptor.kind));
        assertDependsOnNamespace(records);
        // A provider of its own only when the stack input names a cluster or context; else the default provider.
        const config = (stackInput as ProviderConfigHolder).providerConfig;
        const named = Object.keys(providerArgs(config, {})).length > 0;
        assertProvider(records, named ? `${resourceName}-provider` : undefined);
        const secrets = sensitiveValues(kind.stackInputSchema, stackInput).map((s) => s.value);
        assertSecretsHidden(records, secrets);
        for (const r of records.filter((x) => x.type === "kubernetes:core/v1:Secret")) {
          const secret = recorder.resource<pulumi.CustomResource & { stringData: pulumi.Output<unknown> }>(
            r.type,
            r.name,
          );
          assert.ok(
            secret && (await pulumi.isSecret(secret.stringData)),
            `${r.name}: stringData is not a Pulumi secret`,
          );
        }
        assert.ok(component instanceof pulumi.ComponentResource);
      },
    });
  }

  checks.push({
    name: "a bad stack input: run() rejects with a PlantonError and registers nothing",
    fn: async () => {
      for (const bad of [...BAD_STACK_INPUTS, { what: "no stack input", env: {} }]) {
        const recorder = await ResourceRecorder.start();
        await assert.rejects(run({ env: bad.env }), (e: unknown) => e instanceof PlantonError, bad.what);
        await recorder.settle();
        assert.equal(recorder.registrations, 0, `${bad.what}: resources were registered`);
      }
    },
  });

  checks.push({
    name: "a bad STACK_INPUT: the entry point exits non-zero with the SDK's message and no stack trace",
    fn: async () => {
      // One process is enough here (each loads Pulumi, 1-2 s); run() covers every bad input.
      for (const bad of BAD_STACK_INPUTS.filter((b) => b.what === "an invalid manifest")) {
        const result = await runEntry(join(o.packageDir, "dist", "main.js"), bad.env);
        assert.notEqual(result.status, 0, `${bad.what}: exit status`);
        assert.ok(
          result.stderr.includes(sdkMessage(descriptor.kind, bad.env)),
          `${bad.what}: stderr was ${result.stderr}`,
        );
        assert.doesNotMatch(result.stderr, /^\s+at /m, `${bad.what}: stack trace on stderr`);
        assert.equal(result.stdout, "");
      }
    },
  });

  checks.push({
    name: "invalid component arguments: a PlantonError with the field path, before anything is registered",
    fn: async () => {
      const input = clone(kind.stackInputSchema, inputs[0]?.load() as Message);
      const target = (input as unknown as { target: Target }).target;
      if (target.metadata) target.metadata.name = "Not_A_Label";
      const recorder = await ResourceRecorder.start();
      assert.throws(
        () => build(input, recorder.options),
        (e: unknown) =>
          e instanceof PlantonError &&
          e.code === "ERR_PLANTON_INVALID_MANIFEST" &&
          e.problems.some((p) => p.path === "target.metadata.name"),
      );
      await recorder.settle();
      assert.equal(recorder.registrations, 0);
    },
  });

  return checks;
}
