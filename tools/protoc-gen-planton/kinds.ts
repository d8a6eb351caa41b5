// The kinds of the schema: in a package `org.project_planton.provider.<provider>.
// <kind, lowercase>.<version>`, the message whose name is the kind
// (…kubernetesjob.v1.KubernetesJob) is the manifest users write.
import type { DescFile, DescMessage } from "@bufbuild/protobuf";

export interface KindInfo {
  /** The manifest message, e.g. KubernetesJob. */
  message: DescMessage;
  provider: string;
  version: string;
  /** kubernetes-job.schema.json */
  fileName: string;
}

const KIND_PACKAGE = /^org\.project_planton\.provider\.([a-z0-9_]+)\.([a-z0-9]+)\.(v[0-9]+[a-z0-9]*)$/;

export function findKinds(files: Iterable<DescFile>): KindInfo[] {
  const kinds: KindInfo[] = [];
  for (const file of files) {
    const m = KIND_PACKAGE.exec(file.proto.package);
    if (!m) continue;
    const [, provider, kindLower, version] = m as unknown as [string, string, string, string];
    for (const message of file.messages) {
      if (message.name.toLowerCase() !== kindLower) continue;
      kinds.push({ message, provider, version, fileName: `${kebabCase(message.name)}.schema.json` });
    }
  }
  return kinds.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
}

/** KubernetesJob → kubernetes-job; StackJobRunnerKubernetes → stack-job-runner-kubernetes. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}
