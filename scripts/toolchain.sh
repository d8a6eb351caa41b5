# Sourced by the scripts in this folder: puts Node.js 24 and pnpm on PATH,
# installing them from the npm registry into a cache outside the checkout on first
# use. The machine's own Node.js may be older than @pulumi/pulumi needs (>= 22).
# A Node.js >= 22 and a pnpm of the same major version already on PATH are used
# as they are. The pnpm store is never forced: an existing node_modules keeps the
# store it was installed from (read from node_modules/.modules.yaml), otherwise
# the user's pnpm configuration or pnpm's default applies, so that `pnpm install`
# by hand and these scripts share one install instead of purging each other's.
# Usage: . scripts/toolchain.sh
planton_node_version=24.21.0
planton_pnpm_version=10.34.8
planton_cache="${PLANTON_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/planton}"
planton_node_prefix="$planton_cache/node-$planton_node_version-pnpm-$planton_pnpm_version"

planton_have_node() {
  command -v node >/dev/null 2>&1 && command -v pnpm >/dev/null 2>&1 &&
    [ "$(node -p 'process.versions.node.split(".")[0] >= 22' 2>/dev/null)" = "true" ] &&
    [ "$(pnpm --version 2>/dev/null | cut -d. -f1)" = "${planton_pnpm_version%%.*}" ]
}

if ! planton_have_node; then
  if [ ! -x "$planton_node_prefix/node_modules/.bin/node" ] || [ ! -x "$planton_node_prefix/node_modules/.bin/pnpm" ]; then
    command -v npm >/dev/null 2>&1 || { echo "error: npm is needed once to install Node.js $planton_node_version and pnpm $planton_pnpm_version (apt-get install npm)" >&2; exit 2; }
    echo "==> installing Node.js $planton_node_version and pnpm $planton_pnpm_version into $planton_node_prefix" >&2
    mkdir -p "$planton_node_prefix"
    npm install --prefix "$planton_node_prefix" --no-save --no-audit --no-fund --loglevel=error \
      "node@$planton_node_version" "pnpm@$planton_pnpm_version" >&2
  fi
  export PATH="$planton_node_prefix/node_modules/.bin:$PATH"
  planton_have_node || { echo "error: Node.js >= 22 and pnpm $planton_pnpm_version are not usable after install ($planton_node_prefix)" >&2; exit 2; }
fi
planton_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${npm_config_store_dir:-}" ] && [ -f "$planton_root/node_modules/.modules.yaml" ]; then
  planton_store="$(node -e '
    const text = require("node:fs").readFileSync(process.argv[1], "utf8");
    let dir;
    try { dir = JSON.parse(text).storeDir; } catch { dir = /^storeDir: *"?([^"\n]+)"?$/m.exec(text)?.[1]; }
    if (typeof dir === "string") process.stdout.write(dir);
  ' "$planton_root/node_modules/.modules.yaml" 2>/dev/null || true)"
  if [ -n "$planton_store" ]; then export npm_config_store_dir="$planton_store"; fi
fi
