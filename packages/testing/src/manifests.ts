// Small manifests for the SDK's tests, written out in full so that a test's
// line and column expectations can be read off the text.
import { readTestdata } from "./fixtures.js";

/** The KubernetesJob example of seed 003, verbatim. */
export const seedJob = (): string => readTestdata("kubernetes-job/valid/seed-003-data-migration.yaml");

/**
 * A minimal KubernetesJob; `specExtra` is appended to spec (indent it by two
 * spaces). Line 1 is apiVersion, spec starts on line 5 and `specExtra` on line 10.
 */
export function job(specExtra = "", metadataExtra = ""): string {
  return `apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesJob
metadata:
  name: nightly-report
${metadataExtra}spec:
  namespace:
    value: batch-jobs
  image:
    repo: ghcr.io/acme/report
${specExtra}`;
}

/** A minimal StackJobRunnerKubernetes; `specExtra` starts on line 10. */
export function runner(specExtra = ""): string {
  return `apiVersion: kubernetes.project-planton.org/v1
kind: StackJobRunnerKubernetes
metadata:
  name: stack-runner
spec:
  namespace:
    value: stack-jobs
  image:
    repo: ghcr.io/project-planton/stack-job-runner
${specExtra}`;
}

/** An AltinityOperatorKubernetes with the given spec (from line 5). */
export function altinity(specYaml = "spec: {}\n"): string {
  return `apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: altinity-operator
${specYaml}`;
}
