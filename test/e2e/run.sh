#!/usr/bin/env bash
# CI entry of the end-to-end tests: the real Pulumi engine and a real
# kube-apiserver against the built workspace.
#
#   test/e2e/run.sh [node --test flags, e.g. --test-name-pattern=Indexed]
#
# 1. Builds (or reuses from the cache) pulumi, pulumi-language-nodejs, the
#    Kubernetes provider plugin, kube-apiserver + controller-manager + scheduler,
#    etcd and KWOK (test/e2e/toolchain/build.sh; cached: seconds, cold: see the
#    README).
# 2. Starts a throwaway cluster (test/e2e/cluster/up.sh: the control plane and
#    KWOK simulating one node); a trap always stops it (down.sh), also on
#    failure or Ctrl-C.
# 3. Runs node --test test/e2e/*.test.mjs with a throwaway PULUMI_HOME and file
#    backend, prints what the API server accepted and rejected, and exits
#    non-zero on any failure. Nothing is skipped silently.
#
# Needs a built workspace (scripts/test.sh or `pnpm build`: packages/*/dist),
# Node.js >= 22 on PATH, go (for a cold build), openssl and curl.
# Env: PLANTON_E2E_KEEP=1 keeps the cluster's logs and the scratch dir on exit;
# PLANTON_CACHE, PLANTON_BUILD_JOBS as for build.sh.
set -Eeuo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
t_start=$SECONDS
log() { printf '[e2e] %s\n' "$*" >&2; }
die() { printf '[e2e] ERROR: %s\n' "$*" >&2; exit 1; }

# ------------------------------------------------------------ preconditions
command -v node >/dev/null 2>&1 || die "node is not on PATH (Node.js >= 22; scripts/setup.sh installs it in ~/.cache/planton)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 22 ] || die "node $(node --version) is too old: @pulumi/pulumi needs >= 22"
for f in packages/cli/dist/main.js packages/sdk/dist/index.js \
  packages/kubernetes-job/dist/main.js packages/stack-job-runner-kubernetes/dist/main.js \
  packages/altinity-operator-kubernetes/dist/main.js; do
  [ -f "$f" ] || die "$f is missing: build the workspace first (pnpm build, or scripts/test.sh)"
done

# ------------------------------------------------------------ toolchain
log "toolchain: building or reusing pulumi, its Node.js host, the Kubernetes provider, kubernetes, etcd, kwok"
t0=$SECONDS
"$HERE/toolchain/build.sh"
t_toolchain=$((SECONDS - t0))
log "toolchain ready in ${t_toolchain}s"
# shellcheck source=toolchain/env.sh
source "$HERE/toolchain/env.sh"
for b in pulumi pulumi-language-nodejs pulumi-resource-kubernetes kube-apiserver kube-controller-manager \
  kube-scheduler etcd kwok; do
  command -v "$b" >/dev/null 2>&1 || die "$b is not on PATH after build.sh"
done

# ------------------------------------------------------------ scratch + cluster
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/planton-e2e-run.XXXXXX")"
export PLANTON_E2E_DIR="$SCRATCH/cluster"
export PULUMI_HOME="$SCRATCH/pulumi-home"
export PULUMI_BACKEND_URL="file://$SCRATCH/pulumi-state"
export PULUMI_CONFIG_PASSPHRASE=e2e
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PLANTON_E2E_RESULTS="$SCRATCH/results.jsonl"
mkdir -p "$PULUMI_HOME" "$SCRATCH/pulumi-state"
: >"$PLANTON_E2E_RESULTS"
unset STACK_INPUT STACK_INPUT_FILE STACK_INPUT_YAML STACK_INPUT_YAML_FILE

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "${PLANTON_E2E_KEEP:-0}" = 1 ] || [ "$rc" -ne 0 ]; then
    "$HERE/cluster/down.sh" --keep >/dev/null 2>&1 || true
    log "kept $SCRATCH (cluster logs: $PLANTON_E2E_DIR/logs)"
  else
    "$HERE/cluster/down.sh" >/dev/null 2>&1 || log "warning: down.sh failed"
    rm -rf "$SCRATCH"
  fi
  # Stack config files of the engine tests' throwaway stacks (Pulumi.e2e-<run>-<n>.yaml).
  rm -f packages/*/Pulumi.e2e-*.yaml
  log "total ${SECONDS}s (toolchain ${t_toolchain:-?}s, cluster ${t_cluster:-?}s, tests ${t_tests:-?}s); exit $rc"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "cluster: starting etcd, kube-apiserver, controller-manager, scheduler and KWOK"
t0=$SECONDS
"$HERE/cluster/up.sh" >/dev/null
# shellcheck source=/dev/null
source "$PLANTON_E2E_DIR/env"
t_cluster=$((SECONDS - t0))
log "cluster ready in ${t_cluster}s: $PLANTON_E2E_APISERVER (KUBECONFIG=$KUBECONFIG)"

# ------------------------------------------------------------ tests
shopt -s nullglob
tests=("$HERE"/*.test.mjs)
[ ${#tests[@]} -gt 0 ] || die "no test files in $HERE"
log "tests: ${tests[*]#"$ROOT"/}"
t0=$SECONDS
set +e
nice -n "${PLANTON_E2E_NICE:-5}" node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$SCRATCH/tests.tap" \
  "$@" "${tests[@]}"
rc=$?
set -e
t_tests=$((SECONDS - t0))
# Tests that passed, not counting a test file reported as a whole (which is
# what node does when a filter selects nothing in it).
passed="$(grep -cE '^[[:space:]]*ok [0-9]+ - ' "$SCRATCH/tests.tap" || true)"
files_only="$(grep -cE '^[[:space:]]*ok [0-9]+ - .*\.test\.mjs$' "$SCRATCH/tests.tap" || true)"
if [ "$rc" -eq 0 ] && [ "$((passed - files_only))" -le 0 ]; then
  log "ERROR: no test passed (a filter that matches nothing?)"
  rc=1
fi

# ------------------------------------------------------------ summary
node - "$PLANTON_E2E_RESULTS" <<'EOF'
const lines = require("node:fs").readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
const rows = lines.map((l) => JSON.parse(l));
const by = (v) => rows.filter((r) => r.verdict === v);
console.log(`\nAPI server verdicts: ${by("accepted").length} accepted, ${by("rejected").length} rejected, ${by("skipped").length} skipped`);
for (const r of by("rejected")) console.log(`  rejected  ${r.object}  (${r.manifest})\n            ${String(r.message).slice(0, 300)}`);
for (const r of by("skipped")) console.log(`  skipped   ${r.object}  (${r.manifest}): ${r.message}`);
EOF
[ "$rc" -eq 0 ] || die "e2e tests failed (exit $rc)"
log "e2e passed"
