// The one table of the kinds the CLI deploys: a row per kind, each loading its
// package lazily (`--help` loads none). `./kind` is the light descriptor (names,
// type token, init template; no Pulumi), the package root the module (the
// component; loads Pulumi). Adding a kind adds a row here, the package to
// package.json's (optional) peer dependencies and to tsconfig.json's references; everything else (init, kinds, schema, render,
// pulumi, outputs, the bundle's externals, the e2e helpers) reads this table.
// A test checks that it covers every kind of the SDK's registry.
import type { KindModule } from "@planton/module-kit";
import type { KindDescriptor } from "@planton/module-kit/kind";
import { PlantonError } from "@planton/sdk/error";

export interface KindModuleRow {
  /** The manifest's `kind`. */
  readonly kind: string;
  /** The npm package of the kind (an optional peer of the CLI: a validate-only install has none). */
  readonly packageName: string;
  /** The kind package's descriptor, without loading Pulumi. */
  readonly descriptor: () => Promise<KindDescriptor>;
  /** The kind package's module (loads Pulumi). */
  readonly module: () => Promise<KindModule>;
}

export const KIND_MODULES: readonly KindModuleRow[] = [
  row(
    "KubernetesJob",
    "@planton/kubernetes-job",
    async () => (await import("@planton/kubernetes-job/kind")).kind,
    async () => (await import("@planton/kubernetes-job")).module,
  ),
  row(
    "StackJobRunnerKubernetes",
    "@planton/stack-job-runner-kubernetes",
    async () => (await import("@planton/stack-job-runner-kubernetes/kind")).kind,
    async () => (await import("@planton/stack-job-runner-kubernetes")).module,
  ),
  row(
    "AltinityOperatorKubernetes",
    "@planton/altinity-operator-kubernetes",
    async () => (await import("@planton/altinity-operator-kubernetes/kind")).kind,
    async () => (await import("@planton/altinity-operator-kubernetes")).module,
  ),
  row(
    "KubernetesCronJob",
    "@planton/kubernetes-cron-job",
    async () => (await import("@planton/kubernetes-cron-job/kind")).kind,
    async () => (await import("@planton/kubernetes-cron-job")).module,
  ),
];

/**
 * A row whose loaders turn "the package is not installed" into a PlantonError
 * naming the package to install (the CLI installs without the kinds' packages,
 * which bring Pulumi, for users who only validate).
 */
function row(
  kind: string,
  packageName: string,
  descriptor: () => Promise<KindDescriptor>,
  module: () => Promise<KindModule>,
): KindModuleRow {
  return {
    kind,
    packageName,
    descriptor: () => installed(kind, packageName, descriptor),
    module: () => installed(kind, packageName, module),
  };
}

async function installed<T>(kind: string, packageName: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err?.code !== "ERR_MODULE_NOT_FOUND" || !String(err.message).includes(`'${packageName}`)) throw e;
    throw new PlantonError(
      "ERR_PLANTON_USAGE",
      `${kind} needs its module package ${packageName}, which is not installed`,
      {
        hint: `install it next to @planton/cli: npm install ${packageName} (it brings @pulumi/pulumi and @pulumi/kubernetes)`,
        cause: e,
      },
    );
  }
}

/** The kinds of the table, in its order. */
export function kindModuleNames(): string[] {
  return KIND_MODULES.map((r) => r.kind);
}

/** The row of `kind`; a PlantonError when this CLI has no module for it. */
export function kindModule(kind: string): KindModuleRow {
  const row = KIND_MODULES.find((r) => r.kind === kind);
  if (!row)
    throw new PlantonError("ERR_PLANTON_UNKNOWN_KIND", `this planton has no module for kind ${kind}`, {
      hint: `modules: ${kindModuleNames().join(", ")}`,
    });
  return row;
}

/** Every row's descriptor, loaded (light: no Pulumi). */
export function kindDescriptors(): Promise<KindDescriptor[]> {
  return Promise.all(KIND_MODULES.map((r) => r.descriptor()));
}
