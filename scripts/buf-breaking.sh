#!/usr/bin/env bash
# Fails when proto/ makes a wire- or JSON-breaking change. Compares the working tree
# against BUF_BREAKING_AGAINST (any git revision) when set; otherwise against HEAD
# when proto/ has uncommitted edits, else against HEAD~1 (the last change landed).
# Deliberate breaks are recorded in scripts/buf-breaking-baseline: when the
# comparison would cross the newest recorded break (the break is in HEAD's history
# but not in the revision compared against), the baseline moves to the break's
# commit, and the script says so.
# Nothing to compare only while that revision has no proto/ (the first schema commit).
set -euo pipefail
cd "$(dirname "$0")/.."
against="${BUF_BREAKING_AGAINST:-}"
if [ -z "$against" ]; then
  if [ -n "$(git status --porcelain -- proto)" ]; then against=HEAD; else against=HEAD~1; fi
  recorded=$(grep -v '^#' scripts/buf-breaking-baseline 2>/dev/null | awk 'NF { c = $1 } END { print c }')
  if [ -n "$recorded" ]; then
    if ! git cat-file -e "$recorded^{commit}" 2>/dev/null || ! git merge-base --is-ancestor "$recorded" HEAD; then
      echo "buf breaking: the recorded break $recorded (scripts/buf-breaking-baseline) is not in HEAD's history; comparing against $against" >&2
    elif ! git merge-base --is-ancestor "$recorded" "$against" 2>/dev/null; then
      echo "buf breaking: $against predates the deliberate break $recorded recorded in scripts/buf-breaking-baseline; comparing against $recorded" >&2
      against="$recorded"
    fi
  fi
fi
if ! git cat-file -e "$against:proto" 2>/dev/null; then
  echo "buf breaking: $against has no proto/ yet; nothing to compare" >&2
  exit 0
fi
# Compare against the tree of $against, with today's .proto-deps (validate.proto is
# materialised, not committed).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git archive "$against" proto buf.yaml | tar -x -C "$tmp"
cp -r .proto-deps "$tmp/.proto-deps"
node_modules/.bin/buf breaking --against "$tmp"
