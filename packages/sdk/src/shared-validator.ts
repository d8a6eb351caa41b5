// protovalidate itself, interpreting the buf.validate rules at run time: the
// oracle the generated validators (gen/validators) are tested against, and kept
// for users who validate their own messages that have no generated validator.
import { createValidator, type Validator } from "@bufbuild/protovalidate";
import { schemaRegistry } from "./schemas.js";

let validator: Validator | undefined;

/** The one protovalidate validator, created on first use. */
export function sharedValidator(): Validator {
  validator ??= createValidator({ registry: schemaRegistry() });
  return validator;
}
