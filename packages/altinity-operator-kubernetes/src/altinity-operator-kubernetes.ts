// The AltinityOperatorKubernetes component: the Altinity ClickHouse operator as
// a Helm release, with its CRDs, in a namespace it may create.
import type { MessageInitShape } from "@bufbuild/protobuf";
import {
  type AltinityOperatorKubernetesStackInput,
  AltinityOperatorKubernetesStackInputSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/altinityoperatorkubernetes/v1/stack_input_pb.js";
import { common } from "@planton/kubernetes-job";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { chartSource } from "./chart.js";

export const ALTINITY_OPERATOR_KUBERNETES_KIND = "AltinityOperatorKubernetes";

/** Pulumi type token of the component. */
export const ALTINITY_OPERATOR_KUBERNETES_TYPE = "planton:kubernetes:AltinityOperatorKubernetes";

/** Helm refuses release names longer than this; the schema enforces it (metadata.name.helm_release). */
export const MAX_RELEASE_NAME_LENGTH = 53;

/** Seconds Helm waits for the release's resources; an atomic release is rolled back after it. */
export const RELEASE_TIMEOUT_SECONDS = 300;

/**
 * Arguments of the component: an AltinityOperatorKubernetesStackInput, as an
 * init shape (`{target, providerConfig?, kubernetesNamespace?}`) or a decoded
 * message. Defaults are applied and everything is validated before any
 * resource is created.
 */
export type AltinityOperatorKubernetesArgs = MessageInitShape<typeof AltinityOperatorKubernetesStackInputSchema>;

/** The stack outputs, named as in stack_outputs.proto. */
export interface AltinityOperatorKubernetesOutputs {
  namespace: pulumi.Output<string>;
  release_name: pulumi.Output<string>;
}

/**
 * The Altinity ClickHouse operator deployed from an AltinityOperatorKubernetes
 * manifest.
 *
 * Creates, as its children: a Provider, the Namespace (when
 * `spec.createNamespace`, default true) and a Helm release (named after
 * metadata.name) of the operator chart: atomic, cleaned up on failure, 300 s
 * timeout, with the chart's CRDs and the operator's resources from the spec.
 * Throws a PlantonError, creating nothing, when the arguments are invalid.
 */
export class AltinityOperatorKubernetes extends pulumi.ComponentResource {
  /** Namespace of the operator. */
  declare readonly namespace: pulumi.Output<string>;
  /** Name of the Helm release. */
  declare readonly releaseName: pulumi.Output<string>;

  constructor(name: string, args: AltinityOperatorKubernetesArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const input = common.prepareStackInput(
      AltinityOperatorKubernetesStackInputSchema,
      args,
      ALTINITY_OPERATOR_KUBERNETES_KIND,
    );
    const releaseName = input.target.metadata.name;
    super(ALTINITY_OPERATOR_KUBERNETES_TYPE, name, {}, opts);

    const { metadata, spec } = input.target;
    const labels = common.resourceLabels(metadata, ALTINITY_OPERATOR_KUBERNETES_KIND);
    const ns = common.resolveNamespace(input.kubernetesNamespace, spec.namespace);
    const provider = common.createProvider(`${name}-provider`, input.providerConfig, this, opts);
    const namespace =
      spec.createNamespace !== false
        ? common.createNamespace({ resourceName: `${name}-namespace`, namespace: ns, labels, parent: this, provider })
        : undefined;

    const release = new k8s.helm.v3.Release(
      `${name}-release`,
      {
        name: releaseName,
        namespace: ns,
        ...chartSource(spec.chart),
        atomic: true,
        cleanupOnFail: true,
        timeout: RELEASE_TIMEOUT_SECONDS,
        // The module owns the namespace (or it exists already).
        createNamespace: false,
        // The chart's crds/ directory holds the ClickHouse CRDs; Helm installs it first.
        skipCrds: false,
        values: { operator: { resources: common.containerResources(spec.container?.resources) } },
      },
      { parent: this, ...(provider ? { provider } : {}), ...(namespace ? { dependsOn: [namespace] } : {}) },
    );

    this.namespace = namespace ? namespace.metadata.name : pulumi.output(ns);
    this.releaseName = release.name;
    this.registerOutputs({ namespace: this.namespace, releaseName: this.releaseName });
  }
}

/** The component for a decoded stack input, named after its metadata.name. */
export function fromStackInput(
  stackInput: AltinityOperatorKubernetesStackInput,
  opts?: pulumi.ComponentResourceOptions,
): AltinityOperatorKubernetes {
  return new AltinityOperatorKubernetes(stackInput.target?.metadata?.name || "altinity-operator", stackInput, opts);
}

/** The component's outputs under the names of AltinityOperatorKubernetesStackOutputs. */
export function stackOutputs(operator: AltinityOperatorKubernetes): AltinityOperatorKubernetesOutputs {
  return { namespace: operator.namespace, release_name: operator.releaseName };
}
