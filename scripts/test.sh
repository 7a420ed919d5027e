#!/usr/bin/env bash
# The whole test suite: what README.md's test command runs and CI runs.
# Each step prints a header and its time; a step that runs longer than 30 s
# says so every 30 s. The script stops at the first failure.
#
# -race only where goroutines are: flowrt (streams, pipelines) and cmd (the
# command's drivers). The analyzers' analysistest fixtures are analyzed, not
# run, and gain nothing from it.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)
step() { printf '\n== %s\n' "$*"; }

# run NAME CMD...: runs CMD, printing a line every 30 s while it runs and
# its time when it ends.
run() {
  local name=$1 t0 rc=0 ticker
  shift
  t0=$(date +%s)
  (
    while sleep 30; do
      printf '   ... %s: still running (%ds)\n' "$name" "$(($(date +%s) - t0))"
    done
  ) &
  ticker=$!
  "$@" || rc=$?
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  printf '   %s: %ds\n' "$name" "$(($(date +%s) - t0))"
  return "$rc"
}

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' | grep -v '/testdata/') 2>/dev/null || true)
if [ -n "$unformatted" ]; then echo "not gofmt-formatted: $unformatted"; exit 1; fi

step "go vet ./..."
run "go vet" go vet ./...

race_pkgs=$(go list ./flowrt/... ./cmd/...)
other_pkgs=$(go list ./... | grep -vxF -f <(printf '%s\n' $race_pkgs))

step "go test -race (flowrt, cmd)"
run "go test -race" go test -race -count=1 $race_pkgs

step "go test (analyzers, plugin, the rest)"
run "go test" go test -count=1 $other_pkgs

for e2e in scripts/e2e-*.sh; do
  [ -e "$e2e" ] || continue
  step "$e2e"
  run "$e2e" bash "$e2e"
done

printf '\ntotal: %ds\n' "$(($(date +%s) - start))"
step "all tests passed"
