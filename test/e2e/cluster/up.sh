#!/usr/bin/env bash
# Starts a throwaway cluster on 127.0.0.1: etcd + kube-apiserver +
# kube-controller-manager + kube-scheduler, and KWOK with one simulated node
# ("kwok-node-0"): no kubelet runs, KWOK plays the pods' lifecycle instead
# (kwok-stages.yaml: pods become Running and Ready, Job pods Succeed).
#
#   export PLANTON_E2E_DIR=$(mktemp -d)      # optional; a new temp dir otherwise
#   test/e2e/cluster/up.sh                   # prints the state dir, KUBECONFIG
#   export KUBECONFIG=$PLANTON_E2E_DIR/kubeconfig
#   ...
#   test/e2e/cluster/down.sh                 # stops everything, removes the dir
#
# Everything lives in PLANTON_E2E_DIR: certs/, data (etcd), logs/, pids/,
# kubeconfig (admin, O=system:masters) and env (shell lines to source).
# Binaries come from the toolchain cache (test/e2e/toolchain/build.sh).
# Env: PLANTON_E2E_READY_TIMEOUT (seconds, default 90).
set -Eeuo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../toolchain/env.sh
source "$HERE/../toolchain/env.sh" 2>/dev/null

log() { printf '[e2e-cluster] %s\n' "$*" >&2; }
die() { printf '[e2e-cluster] ERROR: %s\n' "$*" >&2; exit 1; }

for b in etcd kube-apiserver kube-controller-manager kube-scheduler kwok openssl curl; do
  command -v "$b" >/dev/null 2>&1 || die "$b not found (run test/e2e/toolchain/build.sh; apt-get install openssl curl)"
done

if [ -z "${PLANTON_E2E_DIR:-}" ]; then
  PLANTON_E2E_DIR="$(mktemp -d "${TMPDIR:-/tmp}/planton-e2e.XXXXXX")"
fi
mkdir -p "$PLANTON_E2E_DIR"
D="$(cd "$PLANTON_E2E_DIR" && pwd)"
[ ! -e "$D/pids" ] || die "$D already holds a cluster (run down.sh first)"
touch "$D/.planton-e2e-cluster" # down.sh only removes dirs carrying this marker
mkdir -p "$D/certs" "$D/logs" "$D/pids" "$D/etcd" "$D/apiserver" "$D/controller-manager"
ready_timeout="${PLANTON_E2E_READY_TIMEOUT:-90}"
trap 'printf "[e2e-cluster] ERROR: up.sh failed at line %s (logs: %s/logs)\n" "$LINENO" "$D" >&2' ERR

# ------------------------------------------------------------------ ports
# Free TCP ports: random, not listening now (/proc/net/tcp{,6}), distinct.
used_ports() {
  local f _sl addr _rem st _rest
  for f in /proc/net/tcp /proc/net/tcp6; do
    [ -r "$f" ] || continue
    while read -r _sl addr _rem st _rest; do
      [ "$st" = 0A ] && echo $((16#${addr##*:}))
    done < <(tail -n +2 "$f")
  done
  return 0
}
picked=" "
free_port() {
  local used p
  used=" $(used_ports | tr '\n' ' ') "
  while :; do
    p=$((20000 + RANDOM % 40000))
    case "$used$picked" in *" $p "*) continue ;; esac
    picked+="$p "
    echo "$p"
    return
  done
}
ETCD_PORT="$(free_port)"
ETCD_PEER_PORT="$(free_port)"
API_PORT="$(free_port)"
KCM_PORT="$(free_port)"
SCHED_PORT="$(free_port)"

# ------------------------------------------------------------------ certs
C="$D/certs"
ossl() { openssl "$@" 2>>"$D/logs/openssl.log"; }
ec_key() { ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }
# sign NAME SUBJ EXT: key + cert for NAME signed by the CA, with extensions EXT.
sign() {
  ec_key "$C/$1.key"
  ossl req -new -key "$C/$1.key" -subj "$2" -out "$C/$1.csr"
  printf '%b\n' "$3" >"$C/$1.ext"
  ossl x509 -req -in "$C/$1.csr" -CA "$C/ca.crt" -CAkey "$C/ca.key" -CAcreateserial \
    -days 3650 -sha256 -extfile "$C/$1.ext" -out "$C/$1.crt"
  rm -f "$C/$1.csr"
}
ec_key "$C/ca.key"
ossl req -x509 -new -key "$C/ca.key" -subj "/CN=planton-e2e-ca" -days 3650 -sha256 \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
  -out "$C/ca.crt"
sign apiserver "/CN=kube-apiserver" \
  "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
client_ext="basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth"
sign admin "/O=system:masters/CN=planton-e2e-admin" "$client_ext"
sign controller-manager "/CN=system:kube-controller-manager" "$client_ext"
# Service account token signing key pair.
ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$C/sa.key"
ossl pkey -in "$C/sa.key" -pubout -out "$C/sa.pub"

# kubeconfig FILE USER: a kubeconfig with the certs embedded.
kubeconfig() {
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: planton-e2e
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority-data: $(base64 -w0 <"$C/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $(base64 -w0 <"$C/$2.crt")
    client-key-data: $(base64 -w0 <"$C/$2.key")
contexts:
- name: planton-e2e
  context:
    cluster: planton-e2e
    user: $2
current-context: planton-e2e
EOF
  chmod 600 "$1"
}
kubeconfig "$D/kubeconfig" admin
kubeconfig "$D/controller-manager.kubeconfig" controller-manager

# -------------------------------------------------------------- processes
# start NAME CMD...: runs CMD in its own session, logs to logs/NAME.log; the
# command line is kept in cmd/NAME so ctl.sh can stop and start it again.
mkdir -p "$D/cmd"
start() {
  local name="$1"
  shift
  printf '%q ' "$@" >"$D/cmd/$name"
  setsid "$@" >"$D/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$D/pids/$name.pid"
}
alive() { kill -0 "$(cat "$D/pids/$1.pid")" 2>/dev/null; }
fail() {
  local f
  for f in "$D"/logs/*.log; do
    [ -s "$f" ] && [ "${f##*/}" != openssl.log ] || continue
    printf '\n==> %s (last lines) <==\n' "$f" >&2
    tail -n 15 "$f" >&2
  done
  "$HERE/down.sh" --keep >/dev/null 2>&1 || true
  die "$* (logs kept in $D; remove with: PLANTON_E2E_DIR=$D $HERE/down.sh)"
}
# wait_for NAME DESCRIPTION CMD...: polls CMD until it succeeds.
wait_for() {
  local name="$1" what="$2" deadline=$((SECONDS + ready_timeout))
  shift 2
  until "$@" >/dev/null 2>&1; do
    alive "$name" || fail "$name exited"
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out after ${ready_timeout}s waiting for $what"
    sleep 0.2
  done
}
# api PATH [CURL ARGS...]: a request to the API server as the admin user.
api() {
  local path="$1"
  shift
  curl -fsS --max-time 5 --cacert "$C/ca.crt" --cert "$C/admin.crt" --key "$C/admin.key" \
    "$@" "https://127.0.0.1:$API_PORT$path"
}

t0=$SECONDS
start etcd etcd \
  --name planton-e2e \
  --data-dir "$D/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "planton-e2e=http://127.0.0.1:$ETCD_PEER_PORT" \
  --unsafe-no-fsync \
  --log-level warn
wait_for etcd "etcd /health" curl -fsS --max-time 2 "http://127.0.0.1:$ETCD_PORT/health"

start kube-apiserver kube-apiserver \
  --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
  --bind-address 127.0.0.1 \
  --advertise-address 127.0.0.1 \
  --secure-port "$API_PORT" \
  --cert-dir "$D/apiserver" \
  --tls-cert-file "$C/apiserver.crt" \
  --tls-private-key-file "$C/apiserver.key" \
  --client-ca-file "$C/ca.crt" \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$C/sa.pub" \
  --service-account-signing-key-file "$C/sa.key" \
  --service-cluster-ip-range 10.0.0.0/24 \
  --authorization-mode RBAC \
  --allow-privileged=true \
  --endpoint-reconciler-type none \
  --profiling=false
wait_for kube-apiserver "kube-apiserver /readyz" api /readyz

start kube-controller-manager kube-controller-manager \
  --kubeconfig "$D/controller-manager.kubeconfig" \
  --authentication-kubeconfig "$D/controller-manager.kubeconfig" \
  --authorization-kubeconfig "$D/controller-manager.kubeconfig" \
  --bind-address 127.0.0.1 \
  --secure-port "$KCM_PORT" \
  --cert-dir "$D/controller-manager" \
  --leader-elect=false \
  --service-account-private-key-file "$C/sa.key" \
  --root-ca-file "$C/ca.crt" \
  --use-service-account-credentials=true \
  --cluster-signing-cert-file "$C/ca.crt" \
  --cluster-signing-key-file "$C/ca.key" \
  --controllers '*,-node-ipam-controller,-node-lifecycle-controller,-cloud-node-lifecycle-controller,-service-lb-controller,-node-route-controller,-persistentvolume-attach-detach-controller,-taint-eviction-controller'
wait_for kube-controller-manager "kube-controller-manager /healthz" \
  curl -fsSk --max-time 2 "https://127.0.0.1:$KCM_PORT/healthz"
# The service account controller has run once "default" exists: from then on
# pods (e.g. from Jobs) can be created.
wait_for kube-controller-manager "serviceaccount default/default" \
  api /api/v1/namespaces/default/serviceaccounts/default

start kube-scheduler kube-scheduler \
  --kubeconfig "$D/kubeconfig" \
  --authentication-kubeconfig "$D/kubeconfig" \
  --authorization-kubeconfig "$D/kubeconfig" \
  --bind-address 127.0.0.1 \
  --secure-port "$SCHED_PORT" \
  --leader-elect=false
wait_for kube-scheduler "kube-scheduler /healthz" \
  curl -fsSk --max-time 2 "https://127.0.0.1:$SCHED_PORT/healthz"

# KWOK: one simulated node; the stages say how nodes and pods progress.
start kwok kwok \
  --kubeconfig "$D/kubeconfig" \
  --config "$HERE/kwok-stages.yaml" \
  --manage-all-nodes=false \
  --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --node-ip 10.0.1.1 \
  --cidr 10.0.2.0/24 \
  --node-lease-duration-seconds 0 \
  --server-address ""
node_json='{"apiVersion":"v1","kind":"Node","metadata":{"name":"kwok-node-0","annotations":{"kwok.x-k8s.io/node":"fake","node.alpha.kubernetes.io/ttl":"0"},"labels":{"kubernetes.io/hostname":"kwok-node-0","kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","type":"kwok"}}}'
api /api/v1/nodes -H 'Content-Type: application/json' -X POST --data "$node_json" >/dev/null ||
  fail "could not create the KWOK node"
node_ready() {
  api /api/v1/nodes/kwok-node-0 | tr -d ' \n' | grep -q '"type":"Ready","status":"True"'
}
wait_for kwok "the KWOK node to be Ready" node_ready
# The API server taints a new node not-ready; the node lifecycle controller that
# would lift the taint is off (it would also evict pods from a node without a
# kubelet heartbeat), so lift it here once KWOK reports the node Ready.
api /api/v1/nodes/kwok-node-0 -H 'Content-Type: application/merge-patch+json' -X PATCH \
  --data '{"spec":{"taints":null}}' >/dev/null || fail "could not untaint the KWOK node"

cat >"$D/env" <<EOF
export PLANTON_E2E_DIR=$D
export KUBECONFIG=$D/kubeconfig
export PLANTON_E2E_APISERVER=https://127.0.0.1:$API_PORT
export PLANTON_E2E_ETCD=http://127.0.0.1:$ETCD_PORT
EOF
log "ready in $((SECONDS - t0))s: apiserver https://127.0.0.1:$API_PORT, etcd 127.0.0.1:$ETCD_PORT"
cat "$D/env"
