// Runs components under Pulumi's mocks and records every resource they
// register: for golden tests, and for tools that show the Kubernetes objects a
// manifest produces without a cluster (the CLI's `render`).
import * as pulumi from "@pulumi/pulumi";

/** How Pulumi's RPC layer marks a secret value: `{[specialSigKey]: specialSecretSig, value}`. */
const { specialSigKey: SIG_KEY, specialSecretSig: SECRET_SIG } = pulumi.runtime;

/** A recorded input value that was a Pulumi secret. */
export interface SecretValue {
  $secret: unknown;
}

export function isSecretValue(v: unknown): v is SecretValue {
  return typeof v === "object" && v !== null && "$secret" in v && Object.keys(v).length === 1;
}

export interface RecordedResource {
  /** Pulumi type token, e.g. "kubernetes:batch/v1:Job" or "planton:kubernetes:KubernetesJob". */
  type: string;
  /** Pulumi resource name. */
  name: string;
  /** Whether it is a custom resource (false for components). */
  custom: boolean;
  /** The inputs as registered; secret values are wrapped as `{$secret: value}`. */
  inputs: Record<string, unknown>;
  /** Name of the provider resource it uses, if any. */
  provider?: string;
  /** `type::name` of every resource in its dependsOn. */
  dependsOn: string[];
  /** Resource options that change how Pulumi handles it, when set. */
  options?: { customTimeouts?: pulumi.CustomTimeouts; deleteBeforeReplace?: boolean };
}

/** Replaces Pulumi's secret markers by `{$secret: value}`, recursively. */
function fromRpc(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromRpc);
  if (typeof v !== "object" || v === null) return v;
  const o = v as Record<string, unknown>;
  if (o[SIG_KEY] === SECRET_SIG) return { $secret: fromRpc(o.value) };
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, fromRpc(x)]));
}

/** `value` with every `{$secret: x}` replaced by `x`: the plain Kubernetes object. */
export function revealSecrets<T = unknown>(value: unknown): T {
  if (isSecretValue(value)) return revealSecrets(value.$secret);
  if (Array.isArray(value)) return value.map((x) => revealSecrets(x)) as T;
  if (typeof value !== "object" || value === null) return value as T;
  return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, revealSecrets(x)])) as T;
}

/** `value` with every `{$secret: x}` replaced by `replacement` (for printing and snapshots). */
export function redactSecrets<T = unknown>(value: unknown, replacement = "<secret>"): T {
  if (isSecretValue(value)) return replacement as T;
  if (Array.isArray(value)) return value.map((x) => redactSecrets(x, replacement)) as T;
  if (typeof value !== "object" || value === null) return value as T;
  return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, redactSecrets(x, replacement)])) as T;
}

function key(type: string, name: string): string {
  return `${type}::${name}`;
}

function providerName(ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  // `<urn>::<id>`; the urn ends with `::<name>`.
  const parts = ref.split("::");
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}

function resourcesOf(dependsOn: unknown): pulumi.Resource[] {
  if (dependsOn === undefined) return [];
  const list = Array.isArray(dependsOn) ? dependsOn : [dependsOn];
  return list.filter((r): r is pulumi.Resource => pulumi.Resource.isInstance(r));
}

/** The records of the recorder started last: the mocks add to them. */
let current: RecordedResource[] | undefined;

function recordOf(args: pulumi.runtime.MockResourceArgs): RecordedResource {
  const record: RecordedResource = {
    type: args.type,
    name: args.name,
    custom: args.custom ?? true,
    inputs: fromRpc(args.inputs) as Record<string, unknown>,
    dependsOn: [],
  };
  const provider = providerName(args.provider);
  if (provider !== undefined) record.provider = provider;
  return record;
}

/**
 * Resolves when `output` resolves, with the error when it fails (a registration
 * whose inputs failed to resolve). Output's promise() is not in Pulumi's typed
 * API; apply() alone never calls back for a failed output.
 */
function outcome(output: pulumi.Output<unknown>): Promise<unknown> {
  return (output as unknown as { promise(): Promise<unknown> }).promise().then(
    () => undefined,
    (e: unknown) => e,
  );
}
let installed: string | undefined;

/**
 * Installs the mocks once per process (and again only when the options change):
 * one mock monitor keeps knowing the resources of earlier recordings, whose
 * components may still report their outputs after a new recording started.
 */
async function installMocks(opts: RecorderOptions): Promise<void> {
  const project = opts.project ?? "planton";
  const stack = opts.stack ?? "render";
  const preview = opts.preview ?? false;
  const key = JSON.stringify([project, stack, preview]);
  if (installed === key) return;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        current?.push(recordOf(args));
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    project,
    stack,
    preview,
  );
  installed = key;
}

export interface RecorderOptions {
  project?: string;
  stack?: string;
  /** Run as a preview (pulumi preview) rather than an update. Default false. */
  preview?: boolean;
}

/**
 * Records the resources registered under Pulumi mocks that register every
 * resource as created, with its inputs as its state. Pass `options` to the component
 * under test (it carries a transformation that sees every child's options),
 * then `settle()`. Mocks are process-wide: the last recorder started records.
 */
export class ResourceRecorder {
  private readonly records: RecordedResource[] = [];
  private readonly seen: pulumi.ResourceTransformationArgs[] = [];
  private readonly errors = new Map<string, unknown>();

  /** Component options to build the component under test with. */
  readonly options: pulumi.ComponentResourceOptions;

  private constructor() {
    this.options = {
      transformations: [
        (args) => {
          this.seen.push(args);
          return undefined;
        },
      ],
    };
  }

  static async start(opts: RecorderOptions = {}): Promise<ResourceRecorder> {
    const recorder = new ResourceRecorder();
    await installMocks(opts);
    current = recorder.records;
    return recorder;
  }

  /** How many resources have been registered so far. */
  get registrations(): number {
    return this.records.length;
  }

  /** The registrations that failed (their inputs did not resolve), by `type::name`, once settled. */
  get failures(): ReadonlyMap<string, unknown> {
    return this.errors;
  }

  /** The resource object of a child, by type and name, once built. */
  resource<T extends pulumi.Resource = pulumi.Resource>(type: string, name: string): T | undefined {
    return this.seen.find((s) => s.type === type && s.name === name)?.resource as T | undefined;
  }

  /**
   * Waits until every resource built so far is registered; returns the records
   * sorted by type and name (stable for golden files), or in the order they were
   * registered with `order: "registration"` (creation order, for `planton render`).
   */
  async settle(order: "type" | "registration" = "type"): Promise<RecordedResource[]> {
    let count = -1;
    // Registering one resource may construct others; wait until nothing new appears.
    while (count !== this.seen.length) {
      count = this.seen.length;
      const outcomes = await Promise.all(this.seen.map((s) => outcome(s.resource.urn)));
      outcomes.forEach((e, i) => {
        const s = this.seen[i];
        if (e !== undefined && s) this.errors.set(key(s.type, s.name), e);
      });
    }
    const byResource = new Map<pulumi.Resource, string>(this.seen.map((s) => [s.resource, key(s.type, s.name)]));
    for (const record of this.records) {
      const seen = this.seen.find((s) => s.type === record.type && s.name === record.name);
      if (!seen) continue;
      record.dependsOn = resourcesOf(seen.opts.dependsOn).map((r) => byResource.get(r) ?? "<unknown>");
      const opts = seen.opts as pulumi.CustomResourceOptions;
      const options: NonNullable<RecordedResource["options"]> = {};
      if (opts.customTimeouts !== undefined) options.customTimeouts = opts.customTimeouts;
      if (opts.deleteBeforeReplace !== undefined) options.deleteBeforeReplace = opts.deleteBeforeReplace;
      if (Object.keys(options).length > 0) record.options = options;
    }
    if (order === "registration") return [...this.records];
    return [...this.records].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  }
}

/** Builds a component under mocks and returns what it registered. */
export async function recordResources(
  build: (opts: pulumi.ComponentResourceOptions) => unknown,
  opts: RecorderOptions & { order?: "type" | "registration" } = {},
): Promise<RecordedResource[]> {
  const recorder = await ResourceRecorder.start(opts);
  build(recorder.options);
  return recorder.settle(opts.order);
}
