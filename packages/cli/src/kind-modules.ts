// The one table of the kinds the CLI deploys: a row per kind, each loading its
// package lazily (`--help` loads none). `./kind` is the light descriptor (names,
// type token, init template; no Pulumi), the package root the module (the
// component; loads Pulumi). Adding a kind adds a row here, the package to
// package.json's dependencies and to tsconfig.json's references; everything else (init, kinds, schema, render,
// pulumi, outputs, the bundle's externals, the e2e helpers) reads this table.
// A test checks that it covers every kind of the SDK's registry.
import type { KindModule } from "@planton/module-kit";
import type { KindDescriptor } from "@planton/module-kit/kind";
import { PlantonError } from "@planton/sdk/error";

export interface KindModuleRow {
  /** The manifest's `kind`. */
  readonly kind: string;
  /** The kind package's descriptor, without loading Pulumi. */
  readonly descriptor: () => Promise<KindDescriptor>;
  /** The kind package's module (loads Pulumi). */
  readonly module: () => Promise<KindModule>;
}

export const KIND_MODULES: readonly KindModuleRow[] = [
  {
    kind: "KubernetesJob",
    descriptor: async () => (await import("@planton/kubernetes-job/kind")).kind,
    module: async () => (await import("@planton/kubernetes-job")).module,
  },
  {
    kind: "StackJobRunnerKubernetes",
    descriptor: async () => (await import("@planton/stack-job-runner-kubernetes/kind")).kind,
    module: async () => (await import("@planton/stack-job-runner-kubernetes")).module,
  },
  {
    kind: "AltinityOperatorKubernetes",
    descriptor: async () => (await import("@planton/altinity-operator-kubernetes/kind")).kind,
    module: async () => (await import("@planton/altinity-operator-kubernetes")).module,
  },
  {
    kind: "KubernetesCronJob",
    descriptor: async () => (await import("@planton/kubernetes-cron-job/kind")).kind,
    module: async () => (await import("@planton/kubernetes-cron-job")).module,
  },
];

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
