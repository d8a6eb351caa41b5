#!/usr/bin/env bash
# Sets up the workspace and runs every check CI runs: generate (and fail on drift),
# build, lint, buf breaking, unit, fixture and robustness tests, then the e2e tests
# against the real Pulumi engine and a local kube-apiserver (test/e2e/run.sh;
# the first run builds that toolchain from Go modules, ~15 minutes; PLANTON_E2E=0
# skips it, loudly).
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
echo "==> packages: packed (scripts/pack.mjs) and installed with npm outside the workspace, each role used" >&2
node --test test/pack/outside.test.mjs
if [ "${PLANTON_E2E:-1}" = "0" ]; then
  echo "==> e2e SKIPPED (PLANTON_E2E=0): the real Pulumi engine and API server tests did not run" >&2
  exit 0
fi
echo "==> e2e: the real Pulumi engine and a real kube-apiserver" >&2
for tool in openssl curl; do
  command -v "$tool" >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq "$tool" >&2; }
done
bash test/e2e/run.sh
