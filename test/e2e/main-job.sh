#!/usr/bin/env bash
# Runs the KubernetesJob example on an embedded local cluster, without Pulumi:
# builds (or reuses) kube-apiserver, kube-controller-manager and etcd, starts
# them on loopback, creates the objects `planton render` prints for the
# manifest (test/e2e/apply.mjs), reads them back, deletes them and stops the
# cluster. There is no kubelet: the Job's pod is created and stays Pending.
#
#   test/e2e/main-job.sh [MANIFEST]        # default examples/kubernetes-job.yaml
#   PLANTON_E2E_KEEP=1 test/e2e/main-job.sh  # leave the objects and the cluster running
#
# Needs a built workspace and Node.js >= 22 on PATH (scripts/setup.sh).
set -Eeuo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
manifest="${1:-examples/kubernetes-job.yaml}"
log() { printf '[main-job] %s\n' "$*" >&2; }

"$HERE/toolchain/build.sh" kubernetes etcd
# shellcheck source=toolchain/env.sh
source "$HERE/toolchain/env.sh" 2>/dev/null
export PLANTON_E2E_DIR="${PLANTON_E2E_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/planton-main-job.XXXXXX")}"

stop() {
  local rc=$?
  trap - EXIT
  if [ "${PLANTON_E2E_KEEP:-0}" = 1 ]; then
    log "cluster left running: source $PLANTON_E2E_DIR/env; stop it with PLANTON_E2E_DIR=$PLANTON_E2E_DIR $HERE/cluster/down.sh"
  else
    "$HERE/cluster/down.sh" || true
  fi
  exit "$rc"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$HERE/cluster/up.sh" >/dev/null
# shellcheck source=/dev/null
source "$PLANTON_E2E_DIR/env"
log "cluster $PLANTON_E2E_APISERVER (KUBECONFIG=$KUBECONFIG)"
node "$HERE/apply.mjs" -f "$manifest"
if [ "${PLANTON_E2E_KEEP:-0}" != 1 ]; then
  node "$HERE/apply.mjs" -f "$manifest" --delete
fi
