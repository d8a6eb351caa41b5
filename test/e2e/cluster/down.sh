#!/usr/bin/env bash
# Stops the control plane started by up.sh in PLANTON_E2E_DIR and removes
# that dir. `down.sh --keep` stops the processes but keeps the dir (logs).
# Safe to run twice; refuses to delete a dir that up.sh did not create.
set -euo pipefail

keep=0
[ "${1:-}" != --keep ] || keep=1
D="${PLANTON_E2E_DIR:?PLANTON_E2E_DIR is not set}"
[ -d "$D" ] || exit 0
[ -e "$D/.planton-e2e-cluster" ] || {
  echo "[e2e-cluster] ERROR: $D was not made by up.sh; not touching it" >&2
  exit 1
}

# running PID: alive and not a zombie (up.sh's own children when it fails).
running() {
  kill -0 "$1" 2>/dev/null || return 1
  local st
  st="$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null || true)"
  [ "$st" != Z ]
}

# Stop in reverse order of start: controllers first, etcd last.
pids=()
for name in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
  f="$D/pids/$name.pid"
  [ -f "$f" ] || continue
  pid="$(cat "$f")"
  if running "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid")
  fi
done
deadline=$((SECONDS + 15))
for pid in "${pids[@]}"; do
  while running "$pid"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
done
rm -rf "$D/pids"

if [ "$keep" = 0 ]; then
  rm -rf "$D"
fi
