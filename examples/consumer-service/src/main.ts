// A service outside the SDK: builds a KubernetesJob with the generated types,
// validates it with protovalidate, and serialises it to JSON and binary.
import { createRegistry, fromBinary, toBinary, toJson } from "@bufbuild/protobuf";
import { createValidator } from "@bufbuild/protovalidate";
import { KubernetesJobSchema } from "@planton/gen/org/project_planton/provider/kubernetes/kubernetesjob/v1/api_pb.js";
import { file_org_project_planton_shared_validation_kubernetes } from "@planton/gen/org/project_planton/shared/validation/kubernetes_pb.js";
import { jobManifest } from "./job-request.js";

// The registry makes the schema's predefined Kubernetes rules (dns_label, quantity, ...) known to the validator.
const validator = createValidator({ registry: createRegistry(file_org_project_planton_shared_validation_kubernetes) });

const good = jobManifest({
  name: "nightly-report",
  namespace: "reports",
  image: "ghcr.io/acme/report",
  tag: "1.4.2",
  command: ["report", "--since=24h"],
  secretRef: { name: "db-credentials", key: "password" },
});
const result = validator.validate(KubernetesJobSchema, good);
if (result.kind !== "valid") throw new Error(`expected a valid manifest, got ${result.kind}: ${String(result.error)}`);

const json = toJson(KubernetesJobSchema, good);
const binary = toBinary(KubernetesJobSchema, good);
const back = fromBinary(KubernetesJobSchema, binary);
console.log(JSON.stringify(json));
console.log(
  `binary: ${binary.length} bytes, round trip: ${back.metadata?.name === "nightly-report" ? "ok" : "broken"}`,
);

const bad = jobManifest({ name: "Nightly_Report", namespace: "reports", image: "", tag: "1.4.2", command: [] });
const badResult = validator.validate(KubernetesJobSchema, bad);
if (badResult.kind !== "invalid") throw new Error("expected the bad manifest to be invalid");
for (const v of badResult.violations) console.log(`invalid: ${v.toString()}`);
