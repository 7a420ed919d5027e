#!/usr/bin/env bash
# Runs flowvet on the bundled demo package, as a newcomer would with
#   go run ./cmd/flowvet ./demo/...
# (which works as well, but `go run` reports the tool's exit code 3 as
# "exit status 3" and exits 1 itself). Prints the findings and the exit code,
# and fails unless flowvet reported findings (exit 3), so a README or CI step
# can run it under `set -e`.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/flowvet" ./cmd/flowvet
code=0
"$tmp/flowvet" ./demo/... 2>&1 || code=$?
echo "flowvet exit code: $code (0 clean, 3 findings, 1 error)"
[ "$code" -eq 3 ] || { echo "demo: expected findings (exit 3)"; exit 1; }
