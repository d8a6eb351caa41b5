# shellcheck shell=bash
# Where the e2e toolchain lives. Sourced by build.sh and env.sh; defines
# variables only (no side effects). Needs versions.env sourced first.

PLANTON_E2E_CACHE="${PLANTON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/planton}/e2e"

PLANTON_E2E_PULUMI_DIR="$PLANTON_E2E_CACHE/pulumi-$PULUMI_VERSION"
PLANTON_E2E_PULUMI_NODEJS_DIR="$PLANTON_E2E_CACHE/pulumi-language-nodejs-$PULUMI_LANGUAGE_NODEJS_VERSION"
PLANTON_E2E_PULUMI_KUBERNETES_DIR="$PLANTON_E2E_CACHE/pulumi-resource-kubernetes-$PULUMI_KUBERNETES_VERSION"
PLANTON_E2E_KUBERNETES_DIR="$PLANTON_E2E_CACHE/kubernetes-$KUBERNETES_VERSION"
PLANTON_E2E_ETCD_DIR="$PLANTON_E2E_CACHE/etcd-$ETCD_VERSION"
