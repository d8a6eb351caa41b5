# shellcheck shell=bash
# Source this file to use the e2e toolchain built by build.sh:
#   source test/e2e/toolchain/env.sh
# Puts the cached bin dirs first on PATH and makes the pulumi CLI work
# offline (no update check, no plugin downloads). The language host and the
# kubernetes provider are found on PATH ("ambient" plugins).
# Does not build anything; run build.sh first (env.sh warns on missing bins).

_planton_e2e_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$_planton_e2e_here/versions.env"
# shellcheck source=paths.sh
source "$_planton_e2e_here/paths.sh"
unset _planton_e2e_here

export PLANTON_E2E_CACHE PLANTON_E2E_PULUMI_DIR PLANTON_E2E_PULUMI_NODEJS_DIR \
  PLANTON_E2E_PULUMI_KUBERNETES_DIR PLANTON_E2E_KUBERNETES_DIR PLANTON_E2E_ETCD_DIR PLANTON_E2E_KWOK_DIR

for _planton_e2e_d in "$PLANTON_E2E_KWOK_DIR" "$PLANTON_E2E_ETCD_DIR" "$PLANTON_E2E_KUBERNETES_DIR" \
  "$PLANTON_E2E_PULUMI_KUBERNETES_DIR" "$PLANTON_E2E_PULUMI_NODEJS_DIR" "$PLANTON_E2E_PULUMI_DIR"; do
  if [ -d "$_planton_e2e_d/bin" ]; then
    case ":$PATH:" in
      *":$_planton_e2e_d/bin:"*) ;;
      *) PATH="$_planton_e2e_d/bin:$PATH" ;;
    esac
  else
    echo "env.sh: warning: $_planton_e2e_d/bin missing (run test/e2e/toolchain/build.sh)" >&2
  fi
done
unset _planton_e2e_d
export PATH

export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# A PULUMI_HOME of our own, so plugins or credentials in ~/.pulumi play no part.
export PULUMI_HOME="${PULUMI_HOME:-$PLANTON_E2E_CACHE/pulumi-home}"
mkdir -p "$PULUMI_HOME"
