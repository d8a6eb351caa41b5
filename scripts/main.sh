#!/usr/bin/env bash
# The main job on the embedded default: sets up the workspace, then takes the
# KubernetesJob example (examples/kubernetes-job.yaml) through planton — validate,
# the stack input, the rendered Kubernetes objects — and creates those objects on
# an embedded local Kubernetes control plane (kube-apiserver, controller-manager
# and etcd built from Go modules and cached in ~/.cache/planton; the first run
# builds them, about 10 minutes on 2 cores), reads them back and removes them.
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
step "create the objects on the embedded local cluster, read them back, delete them"
bash test/e2e/main-job.sh "$manifest"
