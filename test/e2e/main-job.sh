#!/usr/bin/env bash
# The main job, for real: deploys a manifest through the Pulumi engine and the
# Kubernetes provider onto an embedded local cluster, the way a user deploys to
# any cluster.
#
#   1. builds (or reuses) the toolchain: pulumi, its Node.js language host, the
#      Kubernetes provider plugin, kube-apiserver/controller-manager/scheduler,
#      etcd and KWOK (test/e2e/toolchain/build.sh, cached by version);
#   2. starts the cluster on loopback with KWOK simulating one node, so pods
#      run: the Job's pod completes;
#   3. planton pulumi up -f MANIFEST --yes  (waits for the Job to complete)
#   4. planton outputs; --write-status into a copy of the manifest;
#   5. planton pulumi destroy --yes, then stops the cluster.
#
#   test/e2e/main-job.sh [MANIFEST]          # default examples/kubernetes-job.yaml
#   PLANTON_E2E_KEEP=1 test/e2e/main-job.sh  # skip destroy; leave the cluster running
#
# Pulumi state lives in a private temporary file backend (removed at the end,
# unless PLANTON_E2E_KEEP=1). Needs a built workspace and Node.js >= 22 on PATH
# (scripts/setup.sh).
set -Eeuo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
manifest="${1:-examples/kubernetes-job.yaml}"
log() { printf '\n==> %s\n' "$*" >&2; }
planton() { node "$ROOT/packages/cli/bin/planton.js" "$@"; }

log "toolchain: pulumi, the Kubernetes provider, a local cluster with KWOK (built once, then cached)"
"$HERE/toolchain/build.sh"
# shellcheck source=toolchain/env.sh
source "$HERE/toolchain/env.sh"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/planton-main.XXXXXX")"
chmod 700 "$WORK"
export PLANTON_E2E_DIR="$WORK/cluster"
export PULUMI_HOME="$WORK/pulumi-home"
export PULUMI_BACKEND_URL="file://$WORK/state"
# planton keeps its Pulumi project (and the stack's Pulumi.<stack>.yaml) here, not in ~/.planton.
export PLANTON_HOME="$WORK/planton-home"
# The local backend encrypts stack secrets with a passphrase; this one is
# throwaway, like the state it protects.
PULUMI_CONFIG_PASSPHRASE="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export PULUMI_CONFIG_PASSPHRASE
mkdir -p "$PULUMI_HOME" "$WORK/state"
unset STACK_INPUT STACK_INPUT_FILE STACK_INPUT_YAML STACK_INPUT_YAML_FILE
copy="$WORK/$(basename "$manifest")"
cp "$manifest" "$copy"
stack="main-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"

finish() {
  local rc=$?
  trap - EXIT
  if [ "${PLANTON_E2E_KEEP:-0}" = 1 ]; then
    log "left running: source $PLANTON_E2E_DIR/env; state in $PULUMI_BACKEND_URL (passphrase in PULUMI_CONFIG_PASSPHRASE=$PULUMI_CONFIG_PASSPHRASE)"
    log "stop with: PLANTON_E2E_DIR=$PLANTON_E2E_DIR $HERE/cluster/down.sh"
  else
    "$HERE/cluster/down.sh" || true
    rm -rf "$WORK"
  fi
  rm -f "$ROOT"/packages/*/"Pulumi.$stack.yaml"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "start the embedded cluster (etcd, kube-apiserver, controller-manager, scheduler, KWOK)"
"$HERE/cluster/up.sh" >/dev/null
# shellcheck source=/dev/null
source "$PLANTON_E2E_DIR/env"
echo "cluster $PLANTON_E2E_APISERVER, KUBECONFIG=$KUBECONFIG" >&2

log "planton pulumi up -f $copy --stack $stack --yes --write-status"
t0=$SECONDS
planton pulumi up -f "$copy" --stack "$stack" --yes --write-status -- --non-interactive
echo "up finished in $((SECONDS - t0))s" >&2

log "the Job on the cluster"
node "$HERE/job-status.mjs" -f "$copy"

log "planton outputs -f $copy --stack $stack"
planton outputs -f "$copy" --stack "$stack"

log "status.outputs written into the copy of the manifest ($copy)"
sed -n '/^status:/,$p' "$copy"

if [ "${PLANTON_E2E_KEEP:-0}" != 1 ]; then
  log "planton pulumi destroy -f $copy --stack $stack --yes"
  planton pulumi destroy -f "$copy" --stack "$stack" --yes -- --non-interactive
fi
log "done"
