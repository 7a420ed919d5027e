#!/usr/bin/env bash
# The whole test suite: what README.md's test command runs and CI runs.
# Each step prints a header; the script stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' | grep -v '/testdata/') 2>/dev/null || true)
if [ -n "$unformatted" ]; then echo "not gofmt-formatted: $unformatted"; exit 1; fi

step "go vet ./..."
go vet ./...

step "go test -race ./..."
go test -race -count=1 ./...

for e2e in scripts/e2e-*.sh; do
  [ -e "$e2e" ] || continue
  step "$e2e"
  bash "$e2e"
done

step "all tests passed"
