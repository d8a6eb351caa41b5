import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { create, equals, type Message } from "@bufbuild/protobuf";
import { KubernetesProviderConfigSchema } from "@planton/gen/org/project_planton/provider/kubernetes/provider_config_pb.js";
import { fixtures, job, seedJob } from "@planton/testing";
import fc from "fast-check";
import { applyDefaults } from "./defaults.js";
import { isPlantonError, PlantonError } from "./error.js";
import { findKind, type KindInfo } from "./kinds.js";
import { load } from "./load.js";
import {
  buildStackInput,
  type DecodedStackInput,
  decodeStackInput,
  decodeStackInputBytes,
  encodeStackInput,
  serializeStackInput,
  stackInputJson,
} from "./stack-input.js";
import { resolveReferences } from "./value-from.js";

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString("base64");
const jobKind = findKind("KubernetesJob") as KindInfo;
const dir = mkdtempSync(join(tmpdir(), "planton-stack-input-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function manifest(text: string): { kind: KindInfo; message: Message } {
  const r = load(text, "job.yaml");
  assert.ok(r.ok, r.problems.map((p) => p.message).join("; "));
  return { kind: r.manifest.kind, message: r.manifest.message };
}

function seedInput(): Message {
  const { message } = manifest(seedJob());
  return buildStackInput(jobKind, message, {
    kubernetesNamespace: "migrations",
    dockerConfigJson: '{"auths":{"ghcr.io":{"auth":"dXNlcjpwYXNz"}}}',
    providerConfig: create(KubernetesProviderConfigSchema, {
      kubeconfigPath: "/home/ci/.kube/config",
      context: "kind-planton",
    }),
  });
}

/** The PlantonError decodeStackInput throws for `env`. */
function failure(env: Record<string, string>, kind?: string): PlantonError {
  try {
    decodeStackInput(kind === undefined ? { env } : { env, kind });
  } catch (e) {
    assert.ok(isPlantonError(e), `not a PlantonError: ${String(e)}`);
    assert.equal(e.code, "ERR_PLANTON_STACK_INPUT");
    assert.doesNotMatch(e.message, /\n/, "one paragraph");
    return e;
  }
  assert.fail("decodeStackInput accepted the input");
}

const target = (d: DecodedStackInput) =>
  (d.stackInput as unknown as { target: { metadata: { name: string }; spec: Record<string, unknown> } }).target;

describe("stack input encode and decode", () => {
  for (const format of ["yaml", "json", "binary"] as const) {
    test(`round trip in ${format}: decode(encode(input)) is the input with defaults applied`, () => {
      const input = seedInput();
      const decoded = decodeStackInput({
        env: { STACK_INPUT: encodeStackInput(jobKind, input, format) },
        kind: "KubernetesJob",
      });
      assert.equal(decoded.format, format);
      assert.equal(decoded.origin, "STACK_INPUT");
      assert.equal(decoded.kind.kind, "KubernetesJob");
      assert.ok(equals(jobKind.stackInputSchema, decoded.stackInput, applyDefaults(jobKind.stackInputSchema, input)));
      assert.equal(target(decoded).spec.parallelism, 1, "defaults applied");
    });
  }

  test("encodeStackInput is one line of base64", () => {
    assert.match(encodeStackInput(jobKind, seedInput()), /^[A-Za-z0-9+/]+=*$/);
  });

  test("serializeStackInput writes the stack input fields in camelCase", () => {
    const yaml = Buffer.from(serializeStackInput(jobKind, seedInput(), "yaml")).toString();
    assert.match(yaml, /^target:\n {2}apiVersion: kubernetes.project-planton.org\/v1\n/);
    assert.match(yaml, /\nkubernetesNamespace: migrations\n/);
    assert.match(yaml, /\nproviderConfig:\n {2}kubeconfigPath: \/home\/ci\/.kube\/config\n/);
    assert.deepEqual(Object.keys(stackInputJson(jobKind, seedInput()) as object), [
      "target",
      "providerConfig",
      "kubernetesNamespace",
      "dockerConfigJson",
    ]);
  });

  test("a bare manifest (STACK_INPUT=$(cat manifest.yaml | base64)) is wrapped as the target", () => {
    const decoded = decodeStackInput({ env: { STACK_INPUT: b64(seedJob()) } });
    assert.equal(decoded.kind.kind, "KubernetesJob");
    assert.equal(target(decoded).metadata.name, "data-migration");
    assert.equal(target(decoded).spec.backoffLimit, 3);
    assert.equal(target(decoded).spec.restartPolicy, "Never");
  });

  test("base64 with line breaks (base64 without -w0) decodes", () => {
    const wrapped = b64(seedJob()).replace(/.{76}/g, "$&\n");
    assert.equal(target(decodeStackInput({ env: { STACK_INPUT: wrapped } })).metadata.name, "data-migration");
  });

  test("STACK_INPUT_FILE names a file with any encoding, STACK_INPUT_YAML holds YAML text", () => {
    const bin = join(dir, "stack-input.pb");
    writeFileSync(bin, serializeStackInput(jobKind, seedInput(), "binary"));
    const fromFile = decodeStackInput({ env: { STACK_INPUT_FILE: bin } });
    assert.deepEqual([fromFile.origin, fromFile.format], [`STACK_INPUT_FILE (${bin})`, "binary"]);
    const fromYaml = decodeStackInput({ env: { STACK_INPUT_YAML: seedJob() } });
    assert.deepEqual([fromYaml.origin, fromYaml.format], ["STACK_INPUT_YAML", "yaml"]);
  });

  test("STACK_INPUT_YAML_FILE names a YAML file", () => {
    const file = join(dir, "stack-input.yaml");
    writeFileSync(file, serializeStackInput(jobKind, seedInput(), "yaml"));
    const d = decodeStackInput({ env: { STACK_INPUT_YAML_FILE: file } });
    assert.equal(d.origin, `STACK_INPUT_YAML_FILE (${file})`);
    assert.equal((d.stackInput as unknown as { kubernetesNamespace: string }).kubernetesNamespace, "migrations");
  });

  test("the Pulumi config value is used when no variable is set", () => {
    const d = decodeStackInput({ env: {}, pulumiConfig: seedJob() });
    assert.equal(d.origin, "Pulumi config planton-cloud:stack-input");
  });

  test("STACK_INPUT wins over STACK_INPUT_FILE, which wins over STACK_INPUT_YAML", () => {
    const env = { STACK_INPUT: b64(seedJob()), STACK_INPUT_FILE: "/nonexistent", STACK_INPUT_YAML: "nonsense" };
    assert.equal(decodeStackInput({ env }).origin, "STACK_INPUT");
    const { STACK_INPUT: _, ...rest } = env;
    assert.match(failure(rest).message, /^STACK_INPUT_FILE \(\/nonexistent\) cannot be read: no such file\.$/);
  });

  test("no stack input at all names every place it looks", () => {
    const e = failure({ STACK_INPUT: "  " });
    assert.equal(
      e.message,
      "No stack input: none of STACK_INPUT, STACK_INPUT_FILE, STACK_INPUT_YAML, STACK_INPUT_YAML_FILE or the Pulumi config key planton-cloud:stack-input is set.",
    );
    assert.match(e.hint ?? "", /STACK_INPUT=\$\(base64 -w0 stack-input.yaml\)/);
  });

  test("not base64: names the variable and the first bad character", () => {
    assert.equal(
      failure({ STACK_INPUT: "kind: KubernetesJob" }).message,
      'STACK_INPUT is not base64: unexpected character ":" at position 5.',
    );
  });

  test("truncated base64: a length no base64 text has", () => {
    const e = failure({ STACK_INPUT: encodeStackInput(jobKind, seedInput()).slice(0, 41) });
    assert.equal(e.message, "STACK_INPUT is not base64: its length (41) cannot be base64; was it truncated?");
  });

  test("truncated binary protobuf is neither YAML, JSON nor a stack input", () => {
    const e = failure(
      { STACK_INPUT: b64(serializeStackInput(jobKind, seedInput(), "binary").slice(0, 30)) },
      "KubernetesJob",
    );
    assert.equal(
      e.message,
      "STACK_INPUT is neither YAML, JSON nor a binary protobuf KubernetesJobStackInput (30 bytes).",
    );
  });

  test("invalid content: names the variable, the first problem with its position, and how many more", () => {
    const e = failure({ STACK_INPUT: b64(job("  restartPolicy: Always\n  backoffLimit: -1\n")) });
    assert.equal(
      e.message,
      "STACK_INPUT is invalid at line 11, column 17: spec.backoffLimit: must not be negative (an unsigned 32-bit integer), got -1",
    );
    const rules = failure({ STACK_INPUT: b64(job("  restartPolicy: Always\n  completionMode: x\n")) });
    assert.equal(
      rules.message,
      "STACK_INPUT is invalid at line 10, column 18: spec.restartPolicy: must be in list [OnFailure, Never] (and 1 more problem)",
    );
    assert.equal(rules.problems.length, 2);
  });

  test("an invalid field of a full stack input is reported with its target. path", () => {
    const yaml = Buffer.from(serializeStackInput(jobKind, seedInput(), "yaml"))
      .toString()
      .replace("kubernetesNamespace: migrations", "kubernetesNamespace: Migrations");
    assert.match(
      failure({ STACK_INPUT_YAML: yaml }).message,
      /^STACK_INPUT_YAML is invalid at line \d+, column 22: kubernetesNamespace: must be a lowercase RFC 1123 label/,
    );
    const unknown = Buffer.from(serializeStackInput(jobKind, seedInput(), "yaml"))
      .toString()
      .replace("    tag: v1.2.0", "    tag: v1.2.0\n    bogus: 1");
    assert.match(
      failure({ STACK_INPUT_YAML: unknown }).message,
      /^STACK_INPUT_YAML is invalid at line 13, column 5: target\.spec\.bogus: unknown field "bogus"/,
    );
  });

  test("a stack input of another kind is refused by name, in YAML, binary and as a bare manifest", () => {
    const input = seedInput();
    for (const format of ["yaml", "binary"] as const) {
      const e = failure({ STACK_INPUT: encodeStackInput(jobKind, input, format) }, "AltinityOperatorKubernetes");
      assert.equal(
        e.message,
        "STACK_INPUT holds a KubernetesJob but this module deploys AltinityOperatorKubernetes.",
        format,
      );
    }
    const bare = failure({ STACK_INPUT: b64(seedJob()) }, "StackJobRunnerKubernetes");
    assert.equal(
      bare.message,
      "STACK_INPUT is invalid at line 2, column 7: kind: expected a StackJobRunnerKubernetes manifest, got KubernetesJob",
    );
  });

  test("a stack input must say its kind, and a known one", () => {
    assert.match(
      failure({ STACK_INPUT_YAML: "providerConfig: {}\n" }).message,
      /^STACK_INPUT_YAML does not say its kind: expected target\.kind/,
    );
    assert.match(
      failure({ STACK_INPUT_YAML: "target:\n  kind: KubernetesJb\n" }).message,
      /has target\.kind "KubernetesJb": unknown kind "KubernetesJb"; did you mean "KubernetesJob"\?/,
    );
  });

  test("text that is not a mapping is not a stack input", () => {
    assert.equal(
      failure({ STACK_INPUT: b64("hello world") }).message,
      "STACK_INPUT is not a stack input: expected a mapping with target (or a manifest with apiVersion and kind).",
    );
  });

  test("an unknown module kind is ERR_PLANTON_UNKNOWN_KIND", () => {
    assert.throws(
      () => decodeStackInput({ env: { STACK_INPUT: b64(seedJob()) }, kind: "KubernetesJobs" }),
      (e: unknown) => isPlantonError(e) && e.code === "ERR_PLANTON_UNKNOWN_KIND",
    );
  });

  test("decodeStackInput refuses unresolved valueFrom references", () => {
    const text = seedJob().replace(
      "    value: batch-jobs",
      "    valueFrom:\n      kind: KubernetesNamespace\n      name: batch",
    );
    const e = failure({ STACK_INPUT: b64(text) });
    assert.equal(
      e.message,
      "STACK_INPUT is invalid at line 7, column 5: spec.namespace: unresolved reference: spec.namespace = valueFrom KubernetesNamespace/batch, field status.outputs.namespace; resolve it before deploying (planton resolves references with --refs DIR)",
    );
    assert.equal(e.problems[0]?.rule, "reference.unresolved");
  });

  test("buildStackInput refuses a field the kind's stack input does not have", () => {
    const runner = findKind("StackJobRunnerKubernetes") as KindInfo;
    const { message } = manifest(
      fixtures().find((f) => f.file.endsWith("stack-job-runner-kubernetes/valid/minimal.yaml"))?.text ?? "",
    );
    assert.throws(
      () => buildStackInput(runner, message, { dockerConfigJson: "{}" }),
      /StackJobRunnerKubernetes stack inputs have no docker_config_json field/,
    );
  });

  test("property: every valid fixture, references resolved, round-trips through every format", () => {
    const valid = fixtures().filter((f) => f.group === "valid");
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.constantFrom("yaml", "json", "binary" as const), (f, format) => {
        const { kind, message } = manifest(f.text);
        const input = buildStackInput(kind, resolveReferences(kind.schema, message, () => "resolved").message);
        const d = decodeStackInputBytes(serializeStackInput(kind, input, format), "test", kind.kind);
        assert.ok(equals(kind.stackInputSchema, d.stackInput, applyDefaults(kind.stackInputSchema, input)), f.file);
      }),
      { numRuns: 60 },
    );
  });

  test("property: random bytes in STACK_INPUT never throw anything but a PlantonError, and a result is always validated input", () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ maxLength: 300 }).map((s) => Buffer.from(s)),
      // Valid stack inputs with random bytes flipped.
      fc
        .tuple(
          fc.constantFrom("yaml", "json", "binary" as const),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        )
        .map(([format, flips]) => {
          const out = Buffer.from(serializeStackInput(jobKind, seedInput(), format));
          for (const [at, v] of flips) out[at % out.length] = v;
          return out;
        }),
    );
    fc.assert(
      fc.property(bytes, fc.constantFrom(undefined, "KubernetesJob"), (data, kind) => {
        try {
          const d = decodeStackInput(
            kind === undefined ? { env: { STACK_INPUT: b64(data) } } : { env: { STACK_INPUT: b64(data) }, kind },
          );
          assert.ok(d.stackInput && d.kind);
        } catch (e) {
          if (!(e instanceof PlantonError)) throw e;
          assert.ok(e.message.length > 0 && !e.message.includes("\n"));
        }
      }),
      { numRuns: 200 },
    );
  });

  test("property: random strings as STACK_INPUT (not base64) fail with ERR_PLANTON_STACK_INPUT or decode", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (s) => {
        try {
          decodeStackInput({ env: { STACK_INPUT: s } });
        } catch (e) {
          assert.ok(isPlantonError(e), `threw ${String(e)}`);
          assert.equal(e.code, "ERR_PLANTON_STACK_INPUT");
        }
      }),
      { numRuns: 200 },
    );
  });
});
