#!/usr/bin/env bash
# The main job on the embedded default: sets up the workspace, takes the
# KubernetesJob example (examples/kubernetes-job.yaml) through planton (validate,
# defaults, the stack input, the rendered objects), then deploys it for real with
# `planton pulumi up` through the Pulumi engine and the Kubernetes provider onto
# an embedded local cluster (kube-apiserver, controller-manager, scheduler, etcd
# and KWOK, which simulates a node so the Job's pod runs and completes), shows
# `planton outputs`, writes status.outputs into a copy of the manifest, and ends
# with `planton pulumi destroy`. The toolchain is built from Go modules into
# ~/.cache/planton/e2e on the first run (see the README for how long), then reused.
#
#   bash scripts/main.sh [MANIFEST]
set -euo pipefail
cd "$(dirname "$0")/.."
manifest="${1:-examples/kubernetes-job.yaml}"
bash scripts/setup.sh
. scripts/toolchain.sh
planton() { node packages/cli/bin/planton.js "$@"; }
step() { printf '\n==> %s\n' "$*" >&2; }

step "planton validate -f $manifest"
planton validate -f "$manifest"
step "planton load-manifest -f $manifest (defaults applied, secrets redacted)"
planton load-manifest -f "$manifest"
step "planton stack-input -f $manifest -o yaml"
planton stack-input -f "$manifest" -o yaml
step "planton render -f $manifest"
planton render -f "$manifest"
step "deploy through Pulumi onto the embedded cluster, show the outputs, destroy"
bash test/e2e/main-job.sh "$manifest"
