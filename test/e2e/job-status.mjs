#!/usr/bin/env node
// Prints what the cluster says about a deployed KubernetesJob manifest: the
// Job's conditions and counts and its pods' phases, read from the API server
// with $KUBECONFIG. Exits 1 unless the Job has completed.
//
//   node test/e2e/job-status.mjs -f MANIFEST
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { KubeClient } from "./kube-client.mjs";

const i = process.argv.indexOf("-f");
const file = i > 0 ? process.argv[i + 1] : undefined;
if (!file) {
  console.error("usage: job-status.mjs -f MANIFEST");
  process.exit(2);
}
const manifest = parseYaml(readFileSync(file, "utf8"));
const name = manifest.metadata.name;
const ns = manifest.spec.namespace?.value ?? manifest.spec.namespace;
const kube = KubeClient.fromKubeconfig();
try {
  const job = await kube.call("GET", `/apis/batch/v1/namespaces/${ns}/jobs/${name}`);
  const pods = await kube.call("GET", `/api/v1/namespaces/${ns}/pods`, {
    query: { labelSelector: `batch.kubernetes.io/job-name=${name}` },
  });
  const s = job.status ?? {};
  console.log(`Job ${ns}/${name}: succeeded=${s.succeeded ?? 0} failed=${s.failed ?? 0} active=${s.active ?? 0}`);
  for (const c of s.conditions ?? [])
    console.log(`  condition ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ""}`);
  for (const p of pods.items ?? [])
    console.log(`  pod ${p.metadata.name}: ${p.status?.phase} on ${p.spec?.nodeName ?? "-"}`);
  const complete = (s.conditions ?? []).some((c) => c.type === "Complete" && c.status === "True");
  process.exitCode = complete ? 0 : 1;
} finally {
  kube.close();
}
