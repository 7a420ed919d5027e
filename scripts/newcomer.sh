#!/usr/bin/env bash
# A newcomer's run: clone this checkout into a temporary directory and run
# every command README.md shows between the <!-- newcomer:BEGIN --> and
# <!-- newcomer:END --> markers, literally, in order.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git clone -q "$root" "$tmp/flowvet"
cd "$tmp/flowvet"
cmds=$(sed -n '/<!-- newcomer:BEGIN -->/,/<!-- newcomer:END -->/p' README.md | grep -E '^\$ ' | sed 's/^\$ //')
[ -n "$cmds" ] || { echo "README.md has no newcomer commands"; exit 1; }
while IFS= read -r cmd; do
  printf '\n$ %s\n' "$cmd"
  bash -c "$cmd" </dev/null
done <<<"$cmds"
