// The AltinityOperatorKubernetes component: the Altinity ClickHouse operator as
// a Helm release, with its CRDs, in a namespace it may create. Wiring only: the
// release is built in chart.ts.
import {
  type AltinityOperatorKubernetesStackInput,
  AltinityOperatorKubernetesStackInputSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/altinityoperatorkubernetes/v1/stack_input_pb.js";
import { type ComponentArgs, KindComponent } from "@planton/module-kit";
import type * as pulumi from "@pulumi/pulumi";
import { createRelease } from "./chart.js";
import { kind } from "./kind.js";

/** The kind the component deploys: its descriptor and stack input schema. */
export const ALTINITY_OPERATOR_KUBERNETES = {
  descriptor: kind,
  stackInputSchema: AltinityOperatorKubernetesStackInputSchema,
} as const;

/**
 * Arguments of the component: an AltinityOperatorKubernetesStackInput
 * (`{target, providerConfig?, kubernetesNamespace?}`) where every string may be
 * a `pulumi.Input<string>`; or a decoded message. Defaults are applied and the
 * known values validated before any resource is created.
 */
export type AltinityOperatorKubernetesArgs = ComponentArgs<AltinityOperatorKubernetesStackInput>;

/**
 * The Altinity ClickHouse operator deployed from an AltinityOperatorKubernetes
 * manifest.
 *
 * Creates, as its children: a Provider (only when `providerConfig` names a
 * cluster or context), the Namespace (when `spec.createNamespace`, default
 * true) and a Helm release (named after metadata.name) of the operator chart.
 * Throws a PlantonError, creating nothing, when the arguments are invalid.
 */
export class AltinityOperatorKubernetes extends KindComponent<typeof AltinityOperatorKubernetesStackInputSchema> {
  /** Name of the Helm release. */
  readonly releaseName: pulumi.Output<string>;

  constructor(name: string, args: AltinityOperatorKubernetesArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(ALTINITY_OPERATOR_KUBERNETES, name, args, opts);
    const { metadata, spec } = this.input.target;
    const release = createRelease(
      `${name}-release`,
      { name: metadata.name, namespace: this.namespaceName, chart: spec.chart, resources: spec.container?.resources },
      this.childOptions(),
    );
    this.releaseName = release.name;
    this.registerOutputs({ namespace: this.namespace, releaseName: this.releaseName });
  }
}
