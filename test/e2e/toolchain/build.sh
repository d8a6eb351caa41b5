#!/usr/bin/env bash
# Builds the e2e toolchain from Go modules (Go module proxy only) into
#   ${PLANTON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/planton}/e2e/<name>-<version>/bin/
# Binaries already there are reused ("cached").
#
# Usage: test/e2e/toolchain/build.sh [component...]
#   components: pulumi pulumi-language-nodejs pulumi-resource-kubernetes
#               kubernetes etcd kwok   (default: all)
# Env: PLANTON_CACHE, PLANTON_BUILD_JOBS (go -p, default 2),
#      PLANTON_BUILD_NICE (default 10), PLANTON_BUILD_FORCE=1 (rebuild).
# Every component is attempted; the exit status is non-zero if any failed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
# shellcheck source=paths.sh
source "$HERE/paths.sh"

GO="${GO:-go}"
command -v "$GO" >/dev/null 2>&1 || { [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go; }
command -v "$GO" >/dev/null 2>&1 || { echo "build.sh: go not found" >&2; exit 1; }

NICE=(nice -n "${PLANTON_BUILD_NICE:-10}")
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-p=${PLANTON_BUILD_JOBS:-2}"
export CGO_ENABLED=0
BUILD_ROOT="$PLANTON_E2E_CACHE/.build"

log() { printf '[e2e-toolchain] %s\n' "$*" >&2; }
die() { printf '[e2e-toolchain] ERROR: %s\n' "$*" >&2; exit 1; }
gocmd() { "${NICE[@]}" "$GO" "$@"; }

# json_field FILE FIELD: value of a "FIELD": "string" in go's JSON output.
json_field() { sed -n "s/.*\"$2\": *\"\([^\"]*\)\".*/\1/p" "$1" | head -n1; }

# mod_info MOD VER OUT: writes `go list -m -json MOD@VER` (info + .mod only).
mod_info() { gocmd list -m -json "$1@$2" >"$3"; }

# parse_gomod FILE: prints "Q <mod> <ver>" per require and
# "R <old> [<oldver>] => <new> [<newver>]" per replace; also "G <go version>"
# and "D <godebug>" lines.
parse_gomod() {
  sed -e 's://.*$::' "$1" | awk '
    /^[ \t]*$/ { next }
    /^go[ \t]/ { print "G", $2; next }
    /^godebug[ \t]*\(/ { blk = "D"; next }
    /^godebug[ \t]/ { sub(/^godebug[ \t]+/, ""); print "D", $0; next }
    /^require[ \t]*\(/ { blk = "Q"; next }
    /^replace[ \t]*\(/ { blk = "R"; next }
    /^(exclude|retract|tool|ignore)[ \t]*\(/ { blk = "X"; next }
    /^\)/ { blk = ""; next }
    /^require[ \t]/ { print "Q", $2, $3; next }
    /^replace[ \t]/ { sub(/^replace[ \t]+/, ""); print "R", $0; next }
    blk == "Q" { print "Q", $1, $2; next }
    blk == "R" { print "R", $0; next }
    blk == "D" { gsub(/^[ \t]+/, ""); print "D", $0; next }
  '
}

# replace_lines UPSTREAM_GOMOD LOCAL_VER: the replace directives a build
# module needs. Replaces with a local target (../sdk, ./staging/...) become
# "<mod> => <mod> LOCAL_VER" for modules the upstream requires; others are
# dropped. Replaces with a remote target are copied.
replace_lines() {
  local gomod="$1" localver="$2" reqs
  reqs="$(parse_gomod "$gomod" | awk '$1 == "Q" { print $2 }')"
  parse_gomod "$gomod" | awk '$1 == "R"' | while read -r _ line; do
    local old new
    old="$(awk '{ print $1 }' <<<"$line")"
    new="$(sed 's/.*=>[ \t]*//' <<<"$line")"
    case "$new" in
      ./* | ../* | /*)
        if grep -qxF "$old" <<<"$reqs"; then
          printf '\t%s => %s %s\n' "$old" "$old" "$localver"
        fi
        ;;
      *) printf '\t%s\n' "$line" ;;
    esac
  done
}

# gen_build_module DIR NAME MAIN_MOD MAIN_VER LOCAL_VER PKG...
# Writes a throwaway module in DIR that requires MAIN_MOD@MAIN_VER with the
# upstream's replaces rewritten (see replace_lines), imports PKG... from a
# tools.go and runs `go mod tidy`.
gen_build_module() {
  local dir="$1" name="$2" mod="$3" ver="$4" localver="$5"
  shift 5
  rm -rf "$dir"
  mkdir -p "$dir"
  mod_info "$mod" "$ver" "$dir/upstream.json"
  local upstream_gomod gover
  upstream_gomod="$(json_field "$dir/upstream.json" GoMod)"
  [ -f "$upstream_gomod" ] || die "no go.mod for $mod@$ver"
  cp "$upstream_gomod" "$dir/upstream.go.mod"
  gover="$(parse_gomod "$upstream_gomod" | awk '$1 == "G" { print $2 }')"
  {
    printf 'module planton.invalid/e2e-build/%s\n\ngo %s\n\n' "$name" "${gover:-1.24}"
    parse_gomod "$upstream_gomod" | awk '$1 == "D" { $1 = "godebug"; print }'
    printf '\nrequire %s %s\n\nreplace (\n' "$mod" "$ver"
    replace_lines "$upstream_gomod" "$localver"
    printf ')\n'
  } >"$dir/go.mod"
  {
    printf '//go:build tools\n\npackage tools\n\nimport (\n'
    local p
    for p in "$@"; do printf '\t_ "%s"\n' "$p"; done
    printf ')\n'
  } >"$dir/tools.go"
  (cd "$dir" && gocmd mod tidy)
}

# have_bins DIR NAME...: all DIR/bin/NAME exist and are executable.
have_bins() {
  local d="$1" b
  shift
  for b in "$@"; do [ -x "$d/bin/$b" ] || return 1; done
}

# install_bins STAGE DEST: move the staged bin dir into place.
install_bins() {
  local stage="$1" dest="$2"
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  mv "$stage" "$dest"
}

# ---------------------------------------------------------------- components

build_pulumi() {
  local ver="v$PULUMI_VERSION" dir="$BUILD_ROOT/pulumi-$PULUMI_VERSION"
  local pkg=github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  gen_build_module "$dir" pulumi github.com/pulumi/pulumi/pkg/v3 "$ver" "$ver" "$pkg"
  mkdir -p "$dir/out/bin"
  (cd "$dir" && gocmd build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$ver" \
    -o "$dir/out/bin/pulumi" "$pkg")
  install_bins "$dir/out" "$PLANTON_E2E_PULUMI_DIR"
}

build_pulumi_language_nodejs() {
  local ver="v$PULUMI_LANGUAGE_NODEJS_VERSION"
  local dir="$BUILD_ROOT/pulumi-language-nodejs-$PULUMI_LANGUAGE_NODEJS_VERSION"
  local mod pkg modver
  if [ -n "${PULUMI_LANGUAGE_NODEJS_PSEUDO:-}" ]; then
    # Own module (pulumi >= 3.69): untagged, so use the pseudo-version of the
    # release commit, and the tagged pkg/sdk of that release for its replaces.
    mod=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
    pkg="$mod"
    modver="$PULUMI_LANGUAGE_NODEJS_PSEUDO"
  else
    # Legacy: a package inside github.com/pulumi/pulumi/sdk/v3 (<= 3.68).
    mod=github.com/pulumi/pulumi/sdk/v3
    pkg=github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
    modver="$ver"
  fi
  gen_build_module "$dir" pulumi-language-nodejs "$mod" "$modver" "$ver" "$pkg"
  mkdir -p "$dir/out/bin"
  (cd "$dir" && gocmd build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$ver" \
    -o "$dir/out/bin/pulumi-language-nodejs" "$pkg")
  install_bins "$dir/out" "$PLANTON_E2E_PULUMI_NODEJS_DIR"
}

build_pulumi_resource_kubernetes() {
  local ver="$PULUMI_KUBERNETES_VERSION" dir="$BUILD_ROOT/pulumi-resource-kubernetes-$PULUMI_KUBERNETES_VERSION"
  local mod=github.com/pulumi/pulumi-kubernetes/provider/v4
  local modver="${PULUMI_KUBERNETES_MODULE_VERSION:-v$ver}"
  rm -rf "$dir"
  mkdir -p "$dir"
  gocmd mod download -json "$mod@$modver" >"$dir/download.json" || {
    cat "$dir/download.json" >&2
    die "cannot download $mod@$modver"
  }
  local src
  src="$(json_field "$dir/download.json" Dir)"
  [ -d "$src" ] || die "no module dir for $mod@$modver"
  # The module cache is read-only and cmd/pulumi-resource-kubernetes embeds
  # files that `go generate` writes from the committed schema.json
  # (schema-embed.json and friends): work on a writable copy.
  cp -r "$src" "$dir/src"
  chmod -R u+w "$dir/src"
  (
    cd "$dir/src"
    # Local replaces (../sdk) are not in the module zip: point each at the
    # version the go.mod itself requires (a served tag).
    local old req
    parse_gomod go.mod | awk '$1 == "R" && $4 ~ /^\.\.?\// { print $2 }' | while read -r old; do
      req="$(parse_gomod go.mod | awk -v m="$old" '$1 == "Q" && $2 == m { print $3 }')"
      [ -n "$req" ] || die "go.mod replaces $old with a local path but does not require it"
      log "  replace $old => $old $req"
      gocmd mod edit -dropreplace "$old" -replace "$old=$old@$req"
    done
    GOFLAGS="$GOFLAGS -mod=mod" VERSION="$ver" gocmd generate ./cmd/pulumi-resource-kubernetes
    mkdir -p "$dir/out/bin"
    GOFLAGS="$GOFLAGS -mod=mod" gocmd build -trimpath \
      -ldflags "-s -w -X $mod/pkg/version.Version=$ver" \
      -o "$dir/out/bin/pulumi-resource-kubernetes" ./cmd/pulumi-resource-kubernetes
  )
  install_bins "$dir/out" "$PLANTON_E2E_PULUMI_KUBERNETES_DIR"
}

build_kwok() {
  local ver="v$KWOK_VERSION" dir="$BUILD_ROOT/kwok-$KWOK_VERSION"
  gen_build_module "$dir" kwok sigs.k8s.io/kwok "$ver" "$ver" sigs.k8s.io/kwok/cmd/kwok
  mkdir -p "$dir/out/bin"
  (cd "$dir" && gocmd build -trimpath \
    -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$ver" \
    -o "$dir/out/bin/kwok" sigs.k8s.io/kwok/cmd/kwok)
  install_bins "$dir/out" "$PLANTON_E2E_KWOK_DIR"
}

build_kubernetes() {
  local ver="v$KUBERNETES_VERSION" dir="$BUILD_ROOT/kubernetes-$KUBERNETES_VERSION"
  local major minor patch
  IFS=. read -r major minor patch <<<"$KUBERNETES_VERSION"
  # k8s.io/kubernetes requires its staging modules (k8s.io/api, ...) at
  # v0.0.0 and replaces them with ./staging/src/...: use the published
  # v0.<minor>.<patch> of each instead.
  gen_build_module "$dir" kubernetes k8s.io/kubernetes "$ver" "v0.$minor.$patch" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler
  local commit date ldflags="-s -w" p
  commit="$(sed -n 's/.*"Hash": *"\([0-9a-f]*\)".*/\1/p' "$dir/upstream.json" | head -n1)"
  date="$(json_field "$dir/upstream.json" Time)"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $p.gitVersion=$ver -X $p.gitMajor=$major -X $p.gitMinor=$minor"
    ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=${date:-1970-01-01T00:00:00Z}"
    [ -z "$commit" ] || ldflags+=" -X $p.gitCommit=$commit"
  done
  mkdir -p "$dir/out/bin"
  for p in kube-apiserver kube-controller-manager kube-scheduler; do
    log "  go build $p"
    (cd "$dir" && gocmd build -trimpath -ldflags "$ldflags" -o "$dir/out/bin/$p" "k8s.io/kubernetes/cmd/$p")
  done
  install_bins "$dir/out" "$PLANTON_E2E_KUBERNETES_DIR"
}

build_etcd() {
  local ver="v$ETCD_VERSION" dir="$BUILD_ROOT/etcd-$ETCD_VERSION"
  # server/v3 is etcd's main package; it replaces api, client, pkg with ../x.
  gen_build_module "$dir" etcd go.etcd.io/etcd/server/v3 "$ver" "$ver" go.etcd.io/etcd/server/v3
  local commit
  commit="$(sed -n 's/.*"Hash": *"\([0-9a-f]*\)".*/\1/p' "$dir/upstream.json" | head -n1)"
  local ldflags="-s -w"
  [ -z "$commit" ] || ldflags+=" -X go.etcd.io/etcd/api/v3/version.GitSHA=${commit:0:7}"
  mkdir -p "$dir/out/bin"
  (cd "$dir" && gocmd build -trimpath -ldflags "$ldflags" -o "$dir/out/bin/etcd" go.etcd.io/etcd/server/v3)
  install_bins "$dir/out" "$PLANTON_E2E_ETCD_DIR"
}

# ------------------------------------------------------------------- driver

ALL=(pulumi pulumi-language-nodejs pulumi-resource-kubernetes kubernetes etcd kwok)
declare -A DIRS=(
  [pulumi]="$PLANTON_E2E_PULUMI_DIR"
  [pulumi-language-nodejs]="$PLANTON_E2E_PULUMI_NODEJS_DIR"
  [pulumi-resource-kubernetes]="$PLANTON_E2E_PULUMI_KUBERNETES_DIR"
  [kubernetes]="$PLANTON_E2E_KUBERNETES_DIR"
  [etcd]="$PLANTON_E2E_ETCD_DIR"
  [kwok]="$PLANTON_E2E_KWOK_DIR"
)
declare -A BINS=(
  [pulumi]="pulumi"
  [pulumi-language-nodejs]="pulumi-language-nodejs"
  [pulumi-resource-kubernetes]="pulumi-resource-kubernetes"
  [kubernetes]="kube-apiserver kube-controller-manager kube-scheduler"
  [etcd]="etcd"
  [kwok]="kwok"
)
declare -A VERS=(
  [pulumi]="$PULUMI_VERSION"
  [pulumi-language-nodejs]="$PULUMI_LANGUAGE_NODEJS_VERSION"
  [pulumi-resource-kubernetes]="$PULUMI_KUBERNETES_VERSION"
  [kubernetes]="$KUBERNETES_VERSION"
  [etcd]="$ETCD_VERSION"
  [kwok]="$KWOK_VERSION"
)

want=("$@")
[ ${#want[@]} -gt 0 ] || want=("${ALL[@]}")
for c in "${want[@]}"; do
  [ -n "${DIRS[$c]:-}" ] || die "unknown component '$c' (known: ${ALL[*]})"
done

mkdir -p "$PLANTON_E2E_CACHE"
failed=()
for c in "${want[@]}"; do
  # shellcheck disable=SC2086
  if [ "${PLANTON_BUILD_FORCE:-0}" != 1 ] && have_bins "${DIRS[$c]}" ${BINS[$c]}; then
    log "$c ${VERS[$c]}: cached"
    continue
  fi
  log "$c ${VERS[$c]}: building ..."
  start=$SECONDS
  logfile="$BUILD_ROOT/$c-${VERS[$c]}.log"
  mkdir -p "$BUILD_ROOT"
  # Run in a subshell so one failure does not stop the others; `set -e` is
  # kept inside because the subshell is not part of an if/||.
  set +e
  ( set -e; "build_${c//-/_}" ) 2>&1 | tee "$logfile" >&2
  rc=${PIPESTATUS[0]}
  set -e
  if [ "$rc" -eq 0 ]; then
    log "$c ${VERS[$c]}: built in $((SECONDS - start))s"
  else
    log "$c ${VERS[$c]}: FAILED after $((SECONDS - start))s (log: $logfile)"
    failed+=("$c")
  fi
done

echo "e2e toolchain (cache: $PLANTON_E2E_CACHE):"
for c in "${want[@]}"; do
  for b in ${BINS[$c]}; do
    if [ -x "${DIRS[$c]}/bin/$b" ]; then
      printf '  %-28s %s\n' "$b" "${DIRS[$c]}/bin/$b"
    else
      printf '  %-28s MISSING\n' "$b"
    fi
  done
done
if [ ${#failed[@]} -gt 0 ]; then
  log "FAILED: ${failed[*]}"
  exit 1
fi
