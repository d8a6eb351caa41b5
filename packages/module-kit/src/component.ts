// The base class of every kind's component: what each did in its constructor
// before building its own resources.
import type { DescMessage, MessageValidType } from "@bufbuild/protobuf";
import type { KubernetesProviderConfig } from "@planton/gen/org/project_planton/provider/kubernetes/provider_config_pb.js";
import type { CloudResourceMetadata } from "@planton/gen/org/project_planton/shared/metadata_pb.js";
import type { StringValueOrRef } from "@planton/gen/org/project_planton/shared/string_value_or_ref_pb.js";
import { compact } from "@planton/sdk";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { prepareInput } from "./args.js";
import type { KindDescriptor } from "./descriptor.js";
import { resourceLabels } from "./labels.js";
import { createNamespace, resolveNamespace } from "./namespace.js";
import { createProvider } from "./provider.js";

/** What the base class reads of every kind's stack input. */
interface CommonStackInput {
  target: {
    metadata: CloudResourceMetadata;
    spec: { namespace?: StringValueOrRef | string | undefined; createNamespace?: boolean | undefined };
  };
  kubernetesNamespace: string;
  providerConfig?: KubernetesProviderConfig | undefined;
}

/** The descriptor and stack input schema of the kind a component deploys. */
export interface ComponentKind<Desc extends DescMessage> {
  readonly descriptor: KindDescriptor;
  readonly stackInputSchema: Desc;
}

/**
 * A kind's component. The constructor validates the arguments before anything
 * is registered (a PlantonError, registering nothing, when they are invalid),
 * then registers the component and sets up what every kind shares: the
 * Planton labels, the namespace, the provider (only when the stack input names a
 * cluster or context; otherwise the children inherit the caller's or the
 * program's default provider) and the Namespace when `spec.createNamespace`.
 * Subclasses build their own resources with `childOptions()`.
 */
export abstract class KindComponent<Desc extends DescMessage> extends pulumi.ComponentResource {
  /** Namespace the kind's objects are in. */
  readonly namespace: pulumi.Output<string>;
  /** The validated stack input, defaults applied (string leaves given as Outputs hold placeholders). */
  protected readonly input: MessageValidType<Desc>;
  /** The labels of every object: the manifest's and Planton's. */
  protected readonly labels: Record<string, string>;
  /** The namespace's name. */
  protected readonly namespaceName: string;
  /** The provider created from the stack input's provider config, if any. */
  protected readonly provider: k8s.Provider | undefined;
  /** The Namespace created for `spec.createNamespace`, if any. */
  protected readonly namespaceResource: k8s.core.v1.Namespace | undefined;
  private readonly restorer: (value: unknown) => unknown;

  constructor(kind: ComponentKind<Desc>, name: string, args: unknown, opts: pulumi.ComponentResourceOptions = {}) {
    const prepared = prepareInput(kind.stackInputSchema, args, kind.descriptor.kind);
    super(kind.descriptor.type, name, {}, prepared.options(opts));
    this.input = prepared.input;
    this.restorer = (v) => prepared.restore(v);
    const { kubernetesNamespace, providerConfig, target } = prepared.input as unknown as CommonStackInput;
    this.labels = resourceLabels(target.metadata, kind.descriptor.kind);
    this.namespaceName = resolveNamespace(kubernetesNamespace, target.spec.namespace);
    this.provider = createProvider(`${name}-provider`, providerConfig, this, opts);
    this.namespaceResource =
      target.spec.createNamespace !== false
        ? createNamespace({
            resourceName: `${name}-namespace`,
            namespace: this.namespaceName,
            labels: this.labels,
            parent: this,
            provider: this.provider,
          })
        : undefined;
    this.namespace = this.namespaceResource ? this.namespaceResource.metadata.name : this.output(this.namespaceName);
  }

  /**
   * Options of a child: this component as parent, its provider, and dependsOn
   * `dependsOn` plus the Namespace when it is created and `namespaced` (the default).
   */
  protected childOptions(
    dependsOn: pulumi.Resource[] = [],
    { namespaced = true }: { namespaced?: boolean } = {},
  ): pulumi.CustomResourceOptions {
    const deps = [...(namespaced && this.namespaceResource ? [this.namespaceResource] : []), ...dependsOn];
    return compact({
      parent: this,
      provider: this.provider,
      dependsOn: deps.length > 0 ? deps : undefined,
    });
  }

  /** A value computed from the input, as an Input for an output of the component (unknown leaves restored). */
  protected output<T>(value: T): pulumi.Output<pulumi.Unwrap<T>> {
    return pulumi.output(this.restorer(value) as pulumi.Input<T>) as pulumi.Output<pulumi.Unwrap<T>>;
  }
}
