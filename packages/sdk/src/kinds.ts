// The kind registry: what each `kind:` of a manifest means, derived from the
// CloudResourceKind enum, its kind_meta options and the generated schemas.
import { type DescEnumValue, type DescMessage, getOption, hasOption } from "@bufbuild/protobuf";
import {
  ApiVersion,
  CloudResourceKindSchema,
  CloudResourceProvider,
  kind_meta,
} from "@planton/gen/org/project_planton/shared/cloudresourcekind/cloud_resource_kind_pb.js";
import { schemaRegistry } from "./schemas.js";
import { didYouMean } from "./suggest.js";

export interface KindInfo {
  /** The manifest's `kind`, e.g. "KubernetesJob". */
  kind: string;
  /** The CloudResourceKind number, e.g. 846. */
  number: number;
  /** "kubernetes". */
  provider: string;
  /** "v1". */
  version: string;
  /** The manifest's `apiVersion`, e.g. "kubernetes.project-planton.org/v1". */
  apiVersion: string;
  /** Prefix of generated ids, e.g. "k8sjob". */
  idPrefix: string;
  /** The manifest message, e.g. KubernetesJob. */
  schema: DescMessage;
  /** The spec message, e.g. KubernetesJobSpec. */
  specSchema: DescMessage;
  /** The stack input message, e.g. KubernetesJobStackInput. */
  stackInputSchema: DescMessage;
  /** The stack outputs message, e.g. KubernetesJobStackOutputs. */
  stackOutputsSchema: DescMessage;
}

let supported: KindInfo[] | undefined;

function describe(value: DescEnumValue): KindInfo | undefined {
  if (!hasOption(value, kind_meta)) return undefined;
  const meta = getOption(value, kind_meta);
  const provider = CloudResourceProvider[meta.provider];
  const version = ApiVersion[meta.version];
  const pkg = `org.project_planton.provider.${provider}.${value.name.toLowerCase()}.${version}`;
  const registry = schemaRegistry();
  const schema = registry.getMessage(`${pkg}.${value.name}`);
  const specSchema = registry.getMessage(`${pkg}.${value.name}Spec`);
  const stackInputSchema = registry.getMessage(`${pkg}.${value.name}StackInput`);
  const stackOutputsSchema = registry.getMessage(`${pkg}.${value.name}StackOutputs`);
  if (!schema || !specSchema || !stackInputSchema || !stackOutputsSchema) return undefined;
  return {
    kind: value.name,
    number: value.number,
    provider,
    version,
    apiVersion: `${provider}.project-planton.org/${version}`,
    idPrefix: meta.idPrefix,
    schema,
    specSchema,
    stackInputSchema,
    stackOutputsSchema,
  };
}

/** The kinds this release can load and deploy, by CloudResourceKind number. */
export function listKinds(): readonly KindInfo[] {
  supported ??= CloudResourceKindSchema.values
    .map(describe)
    .filter((k): k is KindInfo => k !== undefined)
    .sort((a, b) => a.kind.localeCompare(b.kind));
  return supported;
}

/** Every kind name of the registry, including kinds this release has no module for. */
export function knownKindNames(): string[] {
  return CloudResourceKindSchema.values.filter((v) => v.number !== 0).map((v) => v.name);
}

export function findKind(kind: string): KindInfo | undefined {
  return listKinds().find((k) => k.kind === kind);
}

/** Why `kind` is not loadable, in one sentence, with a suggestion when it looks like a typo. */
export function unknownKindMessage(kind: string): string {
  const names = listKinds().map((k) => k.kind);
  if (knownKindNames().includes(kind)) {
    return `kind "${kind}" is registered but has no schema in this release; supported kinds: ${names.join(", ")}`;
  }
  return `unknown kind "${kind}"${didYouMean(kind, names)}; supported kinds: ${names.join(", ")}`;
}

/** The kind whose manifest, stack input or stack outputs message is `schema`. */
export function kindOfSchema(schema: DescMessage): KindInfo | undefined {
  return listKinds().find(
    (k) =>
      k.schema.typeName === schema.typeName ||
      k.stackInputSchema.typeName === schema.typeName ||
      k.stackOutputsSchema.typeName === schema.typeName,
  );
}
