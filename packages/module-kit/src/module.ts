// The contract of a kind package: its descriptor, its stack input schema, the
// component built from a decoded stack input, and the stack outputs it exports.
// The module tests check it against the SDK's kind registry; the CLI and
// runKindProgram consume it without knowing the kind.
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type * as pulumi from "@pulumi/pulumi";
import type { KindDescriptor } from "./descriptor.js";

/** Stack outputs by the field names of the kind's StackOutputs message (snake_case, as upstream exports them). */
export type StackOutputs = Record<string, pulumi.Output<unknown>>;

export interface KindModule<
  Desc extends DescMessage = DescMessage,
  C extends pulumi.ComponentResource = pulumi.ComponentResource,
  O extends StackOutputs = StackOutputs,
> {
  readonly descriptor: KindDescriptor;
  /** The kind's StackInput message, e.g. KubernetesJobStackInputSchema. */
  readonly stackInputSchema: Desc;
  // Methods (not function properties), so a kind's module is a KindModule of any kind.
  /** Builds the component (throws a PlantonError, registering nothing, for an invalid input). */
  component(name: string, stackInput: MessageShape<Desc>, opts?: pulumi.ComponentResourceOptions): C;
  /** The component's outputs under the names of the StackOutputs message. */
  stackOutputs(component: C): O;
}

/** A kind module, typed; see KindModule. */
export function defineModule<Desc extends DescMessage, C extends pulumi.ComponentResource, O extends StackOutputs>(
  module: KindModule<Desc, C, O>,
): KindModule<Desc, C, O> {
  return module;
}

/** The component for a decoded stack input, named after its metadata.name (or the kind's default name). */
export function componentFor<Desc extends DescMessage, C extends pulumi.ComponentResource>(
  module: KindModule<Desc, C, StackOutputs>,
  stackInput: MessageShape<Desc>,
  opts?: pulumi.ComponentResourceOptions,
): C {
  const name = (stackInput as { target?: { metadata?: { name?: string } } }).target?.metadata?.name;
  return module.component(name || module.descriptor.defaultName, stackInput, opts);
}
