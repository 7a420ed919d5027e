#!/usr/bin/env bash
# End-to-end test of the flowvet binary (cmd/flowvet/e2e_test.go): builds it,
# runs it on the fixture module testdata/e2e through
#   go vet -vettool=<flowvet> [-json] [-vet=false] ./...
# and standalone (text, -json, -vet=false, -fix -diff), and checks
#   - the exact set of findings against testdata/e2e/expected.txt
#     (file:line:col: analyzer: first 60 characters of the message),
#   - the exit codes (0 clean, 3 findings, 1 error; go vet's own under go vet),
#   - a module that does not type-check (testdata/e2e/broken): exit 1, the
#     compiler's message, no crash,
#   - the bundled demo (./demo/...): one finding per analyzer.
#
# After a deliberate change to an analyzer's findings or messages:
#   UPDATE=1 scripts/e2e-vet.sh
# rewrites expected.txt; read `git diff testdata/e2e/expected.txt`: every line
# must be a real bug.
set -euo pipefail
cd "$(dirname "$0")/.."
FLOWVET_E2E=1 go test -count=1 -run '^TestE2E$' ${VERBOSE:+-v} ./cmd/flowvet
