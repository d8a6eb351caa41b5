// Every generated file Planton knows, in one registry: kind lookup, custom
// options and protovalidate's predefined rules all resolve through it.
import { createRegistry, type DescFile, type Registry } from "@bufbuild/protobuf";
import { kindFiles } from "@planton/gen/kinds.js";
import { file_org_project_planton_shared_cloudresourcekind_cloud_resource_kind } from "@planton/gen/org/project_planton/shared/cloudresourcekind/cloud_resource_kind_pb.js";

// The kind registry's enum, and every kind's stack input file (generated: a new
// kind is found without being listed here).
const roots: DescFile[] = [file_org_project_planton_shared_cloudresourcekind_cloud_resource_kind, ...kindFiles];

let registry: Registry | undefined;

/** The registry of all Planton schemas and their imports (built once, on first use). */
export function schemaRegistry(): Registry {
  if (registry === undefined) {
    const files = new Map<string, DescFile>();
    const visit = (f: DescFile): void => {
      if (files.has(f.name)) return;
      files.set(f.name, f);
      for (const d of f.dependencies) visit(d);
    };
    for (const f of roots) visit(f);
    registry = createRegistry(...files.values());
  }
  return registry;
}
