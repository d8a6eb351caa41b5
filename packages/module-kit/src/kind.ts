// The light entry (`@planton/module-kit/kind`): the descriptor type and its
// constructor, for the `./kind` export of each kind package. Loads no Pulumi.
export { defineKind, type KindDescriptor } from "./descriptor.js";
