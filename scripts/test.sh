#!/usr/bin/env bash
# Sets up the workspace and runs every check CI runs: generate (and fail on drift),
# build, lint, unit and fixture tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. scripts/toolchain.sh
echo "==> generated code is up to date" >&2
if [ -n "$(git status --porcelain -- gen proto 2>/dev/null)" ] && [ "${CI:-}" = "true" ]; then
  git status --porcelain -- gen proto >&2
  git --no-pager diff --stat -- gen >&2
  echo "error: gen/ differs from what \`pnpm generate\` writes: run it and commit gen/" >&2
  exit 1
fi
echo "==> lint" >&2
pnpm -s run lint
echo "==> buf breaking" >&2
bash scripts/buf-breaking.sh
echo "==> test" >&2
pnpm -s run test
