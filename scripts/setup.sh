#!/usr/bin/env bash
# Installs everything the workspace needs and builds it: Node.js 24 and pnpm (cached
# outside the checkout), the workspace's packages, buf/validate/validate.proto, the
# generated code and every package.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/toolchain.sh
echo "==> pnpm install" >&2
pnpm install --frozen-lockfile --reporter=append-only >&2
echo "==> generate" >&2
pnpm -s run generate
echo "==> build" >&2
pnpm -s run build
