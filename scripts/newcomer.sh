#!/usr/bin/env bash
# A newcomer's run, from README.md alone: clone this checkout into a temporary
# directory and run, literally and in order, every `$ command` README.md shows
# between the <!-- newcomer:BEGIN --> and <!-- newcomer:END --> markers. The
# lines README shows under a command are what it must print: each one must
# appear in the command's output, in that order ("..." stands for lines
# skipped). A command must exit 0.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git clone -q "$root" "$tmp/flowvet"
cd "$tmp/flowvet"

block=$(sed -n '/<!-- newcomer:BEGIN -->/,/<!-- newcomer:END -->/p' README.md | grep -v -e '^<!--' -e '^```')
grep -q '^\$ ' <<<"$block" || { echo "newcomer: README.md shows no commands between the markers"; exit 1; }

# check_output EXPECTED OUTPUT: every expected line, in order, in the output.
check_output() {
  local rest=$2 line
  while IFS= read -r line; do
    [ -z "$line" ] || [ "$line" = "..." ] && continue
    if ! grep -qxF -- "$line" <<<"$rest"; then
      printf 'newcomer: README says the command prints\n  %s\nbut it did not (or not in that order)\n' "$line"
      return 1
    fi
    rest=$(awk -v l="$line" 'found{print} $0==l && !found{found=1}' <<<"$rest")
  done <<<"$1"
}

run() {
  local cmd=$1 expected=$2 out code=0
  printf '\n$ %s\n' "$cmd"
  out=$(bash -c "$cmd" </dev/null 2>&1 | tee /dev/stderr; exit "${PIPESTATUS[0]}") || code=$?
  [ "$code" -eq 0 ] || { echo "newcomer: '$cmd' exited $code"; exit 1; }
  check_output "$expected" "$out"
}

cmd="" expected=""
while IFS= read -r line; do
  if [[ $line == '$ '* ]]; then
    [ -z "$cmd" ] || run "$cmd" "$expected"
    cmd=${line#\$ } expected=""
  else
    expected+="$line"$'\n'
  fi
done <<<"$block"
run "$cmd" "$expected"
echo
echo "newcomer: every README command ran and printed what README says"
