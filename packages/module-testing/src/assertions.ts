// Checks every module's recorded resources must pass.

import assert from "node:assert/strict";
import { isSecretValue, type RecordedResource, revealSecrets } from "@planton/module-kit/record";
import type * as pulumi from "@pulumi/pulumi";

/** Records of Kubernetes objects (not providers, components or Helm releases). */
export function kubernetesObjects(records: RecordedResource[]): RecordedResource[] {
  return records.filter(
    (r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh/"),
  );
}

interface ObjectShape {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: { template?: { metadata?: { labels?: Record<string, string> } } };
}

/** Every object and every pod template carries `labels`. */
export function assertLabels(records: RecordedResource[], labels: Record<string, string>): void {
  for (const r of kubernetesObjects(records)) {
    const obj = revealSecrets<ObjectShape>(r.inputs);
    for (const [k, v] of Object.entries(labels)) {
      assert.equal(obj.metadata?.labels?.[k], v, `${r.type} ${r.name}: label ${k}`);
      if (obj.spec?.template)
        assert.equal(obj.spec.template.metadata?.labels?.[k], v, `${r.type} ${r.name}: pod template label ${k}`);
    }
  }
}

/** When a Namespace is created, every namespaced resource (Helm releases included) depends on it. */
export function assertDependsOnNamespace(records: RecordedResource[]): void {
  const ns = records.find((r) => r.type === "kubernetes:core/v1:Namespace");
  if (!ns) return;
  const nsKey = `${ns.type}::${ns.name}`;
  const nsName = (ns.inputs as ObjectShape).metadata?.name;
  for (const r of records) {
    const obj = r.inputs as ObjectShape & { namespace?: string };
    const namespaced =
      obj.metadata?.namespace ?? (r.type.startsWith("kubernetes:helm.sh/") ? obj.namespace : undefined);
    if (namespaced === undefined) continue;
    assert.equal(namespaced, nsName, `${r.type} ${r.name} is in namespace ${namespaced}, not the created ${nsName}`);
    assert.ok(r.dependsOn.includes(nsKey), `${r.type} ${r.name} does not depend on the Namespace`);
  }
}

/** Every Kubernetes resource and Helm release uses the provider named so (undefined: the default provider). */
export function assertProvider(records: RecordedResource[], providerName: string | undefined): void {
  for (const r of records.filter((x) => x.custom && x.type.startsWith("kubernetes:"))) {
    assert.equal(r.provider, providerName, `${r.type} ${r.name} uses provider ${r.provider}`);
  }
}

function plainStrings(v: unknown, out: string[] = []): string[] {
  if (isSecretValue(v)) return out;
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) for (const x of v) plainStrings(x, out);
  else if (typeof v === "object" && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      plainStrings(x, out);
    }
  }
  return out;
}

function secretStrings(v: unknown, inSecret = false, out: string[] = []): string[] {
  if (isSecretValue(v)) return secretStrings(v.$secret, true, out);
  if (typeof v === "string" && inSecret) out.push(v);
  else if (Array.isArray(v)) for (const x of v) secretStrings(x, inSecret, out);
  else if (typeof v === "object" && v !== null) for (const x of Object.values(v)) secretStrings(x, inSecret, out);
  return out;
}

/**
 * Each sensitive value is registered, and only inside Pulumi secrets: no plain
 * (non-secret) input string or key of any resource contains it.
 */
export function assertSecretsHidden(records: RecordedResource[], secrets: readonly string[]): void {
  const plain = records.flatMap((r) => plainStrings(r.inputs).map((s) => ({ r, s })));
  const hidden = records.flatMap((r) => secretStrings(r.inputs));
  for (const secret of secrets) {
    const leak = plain.find(({ s }) => s.includes(secret));
    assert.equal(leak, undefined, `a sensitive value is in clear in ${leak?.r.type} ${leak?.r.name}`);
    assert.ok(
      hidden.some((s) => s.includes(secret)),
      "a sensitive value of the input is not in any secret input",
    );
  }
}

function modelPath(apiVersion: string, kind: string): string {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

/**
 * Validates each Kubernetes object (secrets revealed, as the API server would
 * see it) against the official OpenAPI schema shipped by kubernetes-models.
 * kubernetes-models is a devDependency: only tests call this.
 */
export async function assertValidKubernetesObjects(records: RecordedResource[]): Promise<number> {
  let checked = 0;
  for (const r of kubernetesObjects(records)) {
    const obj = revealSecrets<{ apiVersion: string; kind: string }>(r.inputs);
    const mod = (await import(modelPath(obj.apiVersion, obj.kind))) as Record<
      string,
      new (
        o: unknown,
      ) => { validate(): void }
    >;
    const Model = mod[obj.kind];
    assert.ok(Model, `kubernetes-models has no ${obj.apiVersion} ${obj.kind}`);
    assert.doesNotThrow(() => new Model(obj).validate(), `${r.type} ${r.name} is not a valid ${obj.kind}`);
    checked++;
  }
  return checked;
}

/** The value of an output under mocks. */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}
