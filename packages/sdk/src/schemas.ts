// Every generated file Planton knows, in one registry: kind lookup, custom
// options and protovalidate's predefined rules all resolve through it.
import { createRegistry, type DescFile, type Registry } from "@bufbuild/protobuf";
import { file_org_project_planton_provider_kubernetes_altinityoperatorkubernetes_v1_stack_input } from "@planton/gen/org/project_planton/provider/kubernetes/altinityoperatorkubernetes/v1/stack_input_pb.js";
import { file_org_project_planton_provider_kubernetes_kubernetescronjob_v1_stack_input } from "@planton/gen/org/project_planton/provider/kubernetes/kubernetescronjob/v1/stack_input_pb.js";
import { file_org_project_planton_provider_kubernetes_kubernetesjob_v1_stack_input } from "@planton/gen/org/project_planton/provider/kubernetes/kubernetesjob/v1/stack_input_pb.js";
import { file_org_project_planton_provider_kubernetes_stackjobrunnerkubernetes_v1_stack_input } from "@planton/gen/org/project_planton/provider/kubernetes/stackjobrunnerkubernetes/v1/stack_input_pb.js";
import { file_org_project_planton_shared_cloudresourcekind_cloud_resource_kind } from "@planton/gen/org/project_planton/shared/cloudresourcekind/cloud_resource_kind_pb.js";

const roots: DescFile[] = [
  file_org_project_planton_shared_cloudresourcekind_cloud_resource_kind,
  file_org_project_planton_provider_kubernetes_kubernetesjob_v1_stack_input,
  file_org_project_planton_provider_kubernetes_kubernetescronjob_v1_stack_input,
  file_org_project_planton_provider_kubernetes_stackjobrunnerkubernetes_v1_stack_input,
  file_org_project_planton_provider_kubernetes_altinityoperatorkubernetes_v1_stack_input,
];

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
