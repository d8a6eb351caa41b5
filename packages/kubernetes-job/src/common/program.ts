// What every module's Pulumi program does around its component: read the stack
// input, refuse a bad one before registering anything, export the outputs.
import type { Message } from "@bufbuild/protobuf";
import { decodeStackInput, isPlantonError, printable } from "@planton/sdk";
import * as pulumi from "@pulumi/pulumi";

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
 * Decodes, defaults and validates the stack input of `kind` as the SDK does.
 * Throws a PlantonError for a missing or bad input.
 */
export function decodeModuleInput<T extends Message>(kind: string, options: RunOptions = {}): T {
  return decodeStackInput<T>({
    kind,
    ...(options.env ? { env: options.env } : {}),
    ...(options.pulumiConfig !== undefined ? { pulumiConfig: options.pulumiConfig } : {}),
  }).stackInput;
}

/** The Pulumi config key `planton-cloud:stack-input`, when the stack sets it. */
export function readStackInputConfig(): string | undefined {
  return new pulumi.Config("planton-cloud").get("stack-input");
}

/**
 * Runs a module program. A PlantonError (bad stack input) is reported as its
 * one-paragraph description without a stack trace: under the Pulumi engine as a
 * RunError (the engine prints it and fails the update), outside it on stderr
 * with exit code 1. Any other error is a bug and propagates with its stack.
 */
export async function runMain<T extends object>(run: () => Promise<T> | T): Promise<T | Record<string, never>> {
  try {
    return await run();
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
