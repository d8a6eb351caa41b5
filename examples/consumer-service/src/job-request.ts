// Builds a KubernetesJob manifest in code from the generated types alone: the
// kind of thing a service does when it asks for a batch run on behalf of a user.
import { create } from "@bufbuild/protobuf";
import {
  type KubernetesJob,
  KubernetesJobSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/kubernetesjob/v1/api_pb.js";

export interface JobRequest {
  name: string;
  namespace: string;
  image: string;
  tag: string;
  command: string[];
  secretRef?: { name: string; key: string };
}

export function jobManifest(req: JobRequest): KubernetesJob {
  return create(KubernetesJobSchema, {
    apiVersion: "kubernetes.project-planton.org/v1",
    kind: "KubernetesJob",
    metadata: { name: req.name, labels: { team: "data" } },
    spec: {
      namespace: { literalOrRef: { case: "value", value: req.namespace } },
      image: { repo: req.image, tag: req.tag },
      command: req.command,
      backoffLimit: 3,
      restartPolicy: "OnFailure",
      env: {
        variables: { LOG_LEVEL: { literalOrRef: { case: "value", value: "info" } } },
        secrets: req.secretRef
          ? { DATABASE_PASSWORD: { sensitiveValue: { case: "secretRef", value: req.secretRef } } }
          : {},
      },
    },
  });
}
