// What a kind package says about itself without loading Pulumi: the `./kind`
// export of each kind package, read by the CLI for `init`, `kinds`, `schema` and
// help, and by the tests. The heavy part (the component) is its KindModule.

export interface KindDescriptor {
  /** The manifest's `kind`, e.g. "KubernetesJob"; a kind of the SDK's registry (checked by the module tests). */
  readonly kind: string;
  /** The npm package of the kind's module, e.g. "@planton/kubernetes-job". */
  readonly packageName: string;
  /**
   * The kind's directory name, e.g. "kubernetes-job": packages/<slug> holds the
   * module, testdata/<slug> its fixtures, and the generated JSON Schema is
   * `@planton/gen/jsonschema/<slug>.schema.json`.
   */
  readonly slug: string;
  /** Pulumi type token of the component, e.g. "planton:kubernetes:KubernetesJob". */
  readonly type: string;
  /** The component's name when a stack input's target has no metadata.name. */
  readonly defaultName: string;
  /** A commented starter manifest that validates, for `planton init`. */
  readonly initTemplate: string;
  /** The file name the help examples use for a manifest of this kind, e.g. "job.yaml". */
  readonly exampleFile: string;
}

/** The descriptor, as given; typed and checked (the type token must be planton:<provider>:<kind>). */
export function defineKind<const D extends KindDescriptor>(descriptor: D): D {
  if (!/^planton:[a-z0-9]+:[A-Za-z0-9]+$/.test(descriptor.type) || !descriptor.type.endsWith(`:${descriptor.kind}`)) {
    throw new Error(`${descriptor.kind}: type token ${descriptor.type} is not planton:<provider>:${descriptor.kind}`);
  }
  if (descriptor.packageName !== `@planton/${descriptor.slug}`) {
    throw new Error(`${descriptor.kind}: package ${descriptor.packageName} is not @planton/${descriptor.slug}`);
  }
  return descriptor;
}
