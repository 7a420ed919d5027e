#!/usr/bin/env bash
# Compares flowvet's findings before and after a change, byte for byte:
# `flowvet -vet=false -json` over std and over every package of the modules
# in scripts/compare-json.modules.
#
# Usage:
#   scripts/compare-json.sh setup SCRATCH    make SCRATCH a module that requires
#                                            every listed module (go get; needs the
#                                            module proxy once)
#   scripts/compare-json.sh record SCRATCH BASELINE   findings of this tree into BASELINE/
#   scripts/compare-json.sh diff SCRATCH BASELINE     findings of this tree, diffed
#                                            against BASELINE/; exit 1 on any difference
#
# Record the baseline before the change (from a clean tree at the commit you
# start from), then diff after it. Each target's output is one file,
# BASELINE/<name>.json (std.json, github.com_pkg_sftp.json, ...); stderr
# lines that are not findings (type errors of a module's test-only
# dependency, say) go to BASELINE/<name>.err and are compared too.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
list="$root/scripts/compare-json.modules"
modules() { grep -vE '^(#|$)' "$list"; }

usage() { sed -n '2,20p' "$0" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1 scratch=$2

case $cmd in
setup)
  mkdir -p "$scratch"
  cd "$scratch"
  [ -f go.mod ] || printf 'module scratch/comparejson\n\ngo 1.24\n' >go.mod
  # -t and /...: every package of the module and its tests type-check.
  modules | while read -r m; do
    GOFLAGS=-mod=mod go get -t "${m%@*}/...@${m#*@}" || { echo "compare-json: go get $m failed" >&2; exit 1; }
  done
  # A later module may have moved a dependency an earlier one's tests
  # import, leaving its go.sum lines out: a second pass adds them.
  modules | while read -r m; do
    GOFLAGS=-mod=mod go get -t "${m%@*}/...@${m#*@}" || { echo "compare-json: go get $m failed" >&2; exit 1; }
  done
  # MVS may have moved a listed module while adding a later one: say so,
  # since the findings depend on the version.
  modules | while read -r m; do
    got=$(go list -m -f '{{.Path}}@{{.Version}}' "${m%@*}")
    [ "$got" = "$m" ] || echo "compare-json: note: $m resolved to $got" >&2
  done
  exit 0 ;;
record | diff) [ $# -eq 3 ] || usage ;;
*) usage ;;
esac
baseline=$3
[ -f "$scratch/go.mod" ] || { echo "compare-json: $scratch/go.mod missing: run setup first" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/flowvet" ./cmd/flowvet)
out=$tmp/out
mkdir -p "$out"

# run NAME DIR PATTERN...: findings of PATTERN, run from DIR.
run() {
  local name=$1 dir=$2; shift 2
  local status=0
  (cd "$dir" && "$tmp/flowvet" -vet=false -json "$@") >"$out/$name.json" 2>"$out/$name.err" || status=$?
  # 0: clean, 3: findings; anything else is a failure to load or analyze.
  if [ $status -ne 0 ] && [ $status -ne 3 ]; then
    echo "compare-json: flowvet on $name exited $status (see $name.err)" >&2
  fi
  echo "$name: $(grep -c '"posn"' "$out/$name.json" || true) findings"
}

run std "$root" std
for m in $(modules); do
  path=${m%@*}
  run "$(echo "$path" | tr '/' '_')" "$scratch" "$path/..."
done

case $cmd in
record)
  rm -rf "$baseline"
  mkdir -p "$baseline"
  cp "$out"/* "$baseline"/
  echo "recorded in $baseline" ;;
diff)
  if diff -r "$baseline" "$out" >"$tmp/diff"; then
    echo "identical to $baseline"
  else
    cat "$tmp/diff"
    exit 1
  fi ;;
esac
