// What every kind's Pulumi program does around its component: read the stack
// input, refuse a bad one before registering anything, export the outputs.
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { compact, decodeStackInput, isPlantonError, printable } from "@planton/sdk";
import * as pulumi from "@pulumi/pulumi";
import { componentFor, type KindModule, type StackOutputs } from "./module.js";

/** How a module program finds its stack input and builds its component. */
export interface RunOptions {
  /** The environment to read STACK_INPUT, STACK_INPUT_FILE, ... from; process.env by default. */
  env?: Record<string, string | undefined>;
  /** The value of the Pulumi config key `planton-cloud:stack-input`, when set. */
  pulumiConfig?: string | undefined;
  /** Options for the component, e.g. a provider or transformations. */
  opts?: pulumi.ComponentResourceOptions;
}

/**
 * Decodes the stack input (STACK_INPUT, STACK_INPUT_FILE, ... or the Pulumi
 * config) as the SDK does, builds the component and returns its stack outputs.
 * Rejects with a PlantonError, having registered nothing, when the input is
 * missing or bad.
 */
export async function runKind<Desc extends DescMessage, C extends pulumi.ComponentResource, O extends StackOutputs>(
  module: KindModule<Desc, C, O>,
  options: RunOptions = {},
): Promise<O> {
  const { stackInput } = decodeStackInput<MessageShape<Desc>>(
    compact({ kind: module.descriptor.kind, env: options.env, pulumiConfig: options.pulumiConfig }),
  );
  return module.stackOutputs(componentFor(module, stackInput, options.opts));
}

/** The Pulumi config key `planton-cloud:stack-input`, when the stack sets it. */
function readStackInputConfig(): string | undefined {
  return new pulumi.Config("planton-cloud").get("stack-input");
}

/**
 * The entry point of a kind's Pulumi program (`export default await
 * runKindProgram(module)` in its main.ts). A PlantonError (bad stack input) is
 * reported as its one-paragraph description without a stack trace: under the
 * Pulumi engine as a RunError (the engine prints it and fails the update),
 * outside it on stderr with exit code 1. Any other error is a bug and
 * propagates with its stack.
 */
export async function runKindProgram<
  Desc extends DescMessage,
  C extends pulumi.ComponentResource,
  O extends StackOutputs,
>(module: KindModule<Desc, C, O>, options: RunOptions = {}): Promise<O | Record<string, never>> {
  try {
    return await runKind(module, { pulumiConfig: readStackInputConfig(), ...options });
  } catch (e) {
    if (!isPlantonError(e)) throw e;
    // Control characters echoed from the input (a file name, a kind) are escaped.
    const description = e.describe().split("\n").map(printable).join("\n");
    if (pulumi.runtime.getEngine() !== undefined) throw new pulumi.RunError(description);
    process.stderr.write(`error: ${description}\n`);
    process.exitCode = 1;
    return {};
  }
}
