#!/usr/bin/env bash
# Stops or starts one process of the cluster that up.sh started in
# PLANTON_E2E_DIR, with the same command line (for fault tests: the API server
# going away in the middle of a deploy).
#
#   test/e2e/cluster/ctl.sh stop kube-apiserver
#   test/e2e/cluster/ctl.sh start kube-apiserver   # waits until /readyz answers
set -euo pipefail
D="${PLANTON_E2E_DIR:?PLANTON_E2E_DIR is not set}"
op="${1:?usage: ctl.sh stop|start NAME}"
name="${2:?usage: ctl.sh stop|start NAME}"
[ -f "$D/cmd/$name" ] || { echo "ctl.sh: $D has no process named $name" >&2; exit 2; }
pidfile="$D/pids/$name.pid"
case "$op" in
  stop)
    pid="$(cat "$pidfile")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    ;;
  start)
    # shellcheck disable=SC2046 # cmd/NAME holds a %q-quoted command line
    eval "setsid $(cat "$D/cmd/$name") >>\"$D/logs/$name.log\" 2>&1 </dev/null &"
    echo $! >"$pidfile"
    if [ "$name" = kube-apiserver ]; then
      # shellcheck source=/dev/null
      source "$D/env"
      C="$D/certs"
      for _ in $(seq 1 600); do
        curl -fsS --max-time 2 --cacert "$C/ca.crt" --cert "$C/admin.crt" --key "$C/admin.key" \
          "$PLANTON_E2E_APISERVER/readyz" >/dev/null 2>&1 && exit 0
        sleep 0.2
      done
      echo "ctl.sh: kube-apiserver did not become ready" >&2
      exit 1
    fi
    ;;
  *)
    echo "usage: ctl.sh stop|start NAME" >&2
    exit 2
    ;;
esac
