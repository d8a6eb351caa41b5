// Shared pieces of the hostile-input generators (test/robustness/hostile-*.test.mjs):
// manifests with a value put at a chosen place, the leak check, and the child
// scripts that run decodeStackInput and the modules under Pulumi's mocks.
import assert from "node:assert/strict";
import { join } from "node:path";
import { root, runNode, STACK_FRAME } from "./run.mjs";

/** A valid KubernetesJob manifest; `spec` lines are appended under spec (two-space indented). */
export function jobManifest({ metadata = [], spec = [] } = {}) {
  return [
    "apiVersion: kubernetes.project-planton.org/v1",
    "kind: KubernetesJob",
    "metadata:",
    "  name: nightly-report",
    ...metadata.map((l) => `  ${l}`),
    "spec:",
    "  namespace:",
    "    value: batch-jobs",
    "  image:",
    "    repo: ghcr.io/acme/report",
    "    tag: v1.2.0",
    ...spec.map((l) => `  ${l}`),
    "",
  ].join("\n");
}

/** A valid StackJobRunnerKubernetes manifest with `spec` lines appended. */
export function runnerManifest({ spec = [] } = {}) {
  return [
    "apiVersion: kubernetes.project-planton.org/v1",
    "kind: StackJobRunnerKubernetes",
    "metadata:",
    "  name: runner",
    "spec:",
    "  namespace:",
    "    value: runners",
    "  image:",
    "    repo: ghcr.io/project-planton/stack-job-runner",
    ...spec.map((l) => `  ${l}`),
    "",
  ].join("\n");
}

/**
 * The characters a plain YAML scalar may not start with, or that change what it
 * means there: indicators (`* ! & % @ \` | > ' " # - ? : , [ ] { }`), and a few
 * that are harmless alone, for contrast.
 */
export const YAML_FIRST_CHARACTERS = [
  "*",
  "!",
  "&",
  "%",
  "@",
  "`",
  "|",
  ">",
  "'",
  '"',
  "#",
  "-",
  "?",
  ":",
  ",",
  "[",
  "]",
  "{",
  "}",
  "=",
  "~",
  "\\",
  "$",
  "0",
];

/** A distinctive secret starting with `first` (the body never occurs in Planton's own text). */
export function secretStartingWith(first, i = 0) {
  return `${first}Zq${i}x7Kp4Wm9Lr2Vb`;
}

/**
 * The part of `secret` that `output` shows: any 10 characters of it in a row (an
 * excerpt leaks as much as the whole), or undefined.
 */
export function leaked(output, secret) {
  const n = Math.min(10, secret.length);
  for (let i = 0; i + n <= secret.length; i++) {
    if (output.includes(secret.slice(i, i + n))) return secret.slice(i, i + n);
  }
  return undefined;
}

export function assertNoLeak(output, secrets, context = "") {
  for (const s of secrets) {
    const shown = leaked(output, s);
    assert.equal(
      shown,
      undefined,
      `${JSON.stringify(shown)} of the secret ${JSON.stringify(s)} printed ${context}:\n${output.slice(0, 3000)}`,
    );
  }
}

export function assertNoStackTrace(...texts) {
  for (const t of texts) assert.doesNotMatch(t ?? "", STACK_FRAME, `stack trace:\n${t}`);
}

/** Runs support/`script` with `inputs` as JSON on stdin; resolves with its outcomes by name. */
export async function runSupport(script, inputs, timeoutMs = 120_000) {
  const r = await runNode([join(root, "test/robustness/support", script)], {
    input: JSON.stringify(inputs),
    timeoutMs,
  });
  assert.equal(r.hung, false, `${script} hung`);
  assert.equal(r.code, 0, r.stderr);
  return new Map(JSON.parse(r.stdout).map((o) => [o.name, o]));
}

export const b64 = (text) => Buffer.from(text).toString("base64");
