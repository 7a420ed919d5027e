#!/usr/bin/env bash
# Measures what flowvet's analyzers cost under go vet, in one run:
#   noop      go vet -vettool=<noopvet> PKGS       a no-op analyzer: the floor
#   flowvet   go vet -vettool=<flowvet> -vet=false PKGS   flowvet's analyzers only
#   go vet    go vet PKGS                          the default vet suite
# and, with BENCH_ALL=1, flowvet's default (its analyzers plus the vet suite).
#
# Usage: scripts/bench-vet.sh [packages]      (default: std)
#
# Build cache: every measured command gets its own copy of one GOCACHE that a
# warm-up `go vet` with a differently built no-op tool has filled. So every
# run finds all packages (and test variants) compiled and no vet result of its
# own tool cached: what is measured is the vet tool's work on every package,
# the same for each. Times are wall-clock seconds; peak RSS is the largest
# single process (GNU time's %M: the go command or one vet tool process).
# Without GNU time (apt-get install time) peak RSS is not reported.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=(std)
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export GOFLAGS=

echo "go: $(go version)   cores: $(nproc)   packages: ${pkgs[*]} ($(go list "${pkgs[@]}" | wc -l) packages)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

(cd "$root" &&
  go build -o "$tmp/noopvet" ./scripts/noopvet &&
  go build -ldflags=-X=main.variant=warmup -o "$tmp/warmvet" ./scripts/noopvet &&
  go build -o "$tmp/flowvet" ./cmd/flowvet)

have_time=
if [ -x /usr/bin/time ] && /usr/bin/time -f '%e' true 2>/dev/null; then have_time=1; fi

# measure NAME CMD...: runs CMD with its own copy of the warm cache, prints a
# result line, and records seconds in $tmp/NAME.s.
measure() {
  local name=$1; shift
  local cache="$tmp/cache-$name"
  cp -a "$tmp/cache-warm" "$cache"
  local status=0 secs rss="n/a"
  if [ -n "$have_time" ]; then
    GOCACHE="$cache" /usr/bin/time -f '%e %M' -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>&1 || status=$?
    # GNU time appends "Command exited with non-zero status N" first on failure.
    secs=$(tail -n1 "$tmp/$name.time" | cut -d' ' -f1)
    kib=$(tail -n1 "$tmp/$name.time" | cut -d' ' -f2)
    rss="$((kib / 1024)) MiB"
  else
    local t0 t1
    t0=$(date +%s.%N)
    GOCACHE="$cache" "$@" >"$tmp/$name.out" 2>&1 || status=$?
    t1=$(date +%s.%N)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  fi
  echo "$secs" >"$tmp/$name.s"
  local findings
  findings=$(grep -cE '^[^#].*\.go:[0-9]+:[0-9]+: ' "$tmp/$name.out" || true)
  printf '%-34s %8.1f s   %10s   exit %d, %d findings\n' "$name" "$secs" "$rss" "$status" "$findings"
  rm -rf "$cache"
}

echo
echo "warm-up: compiling ${pkgs[*]} and its tests into a fresh GOCACHE (not measured)..."
GOCACHE="$tmp/cache-warm" go vet -vettool="$tmp/warmvet" "${pkgs[@]}" >/dev/null 2>&1 || true
echo "warm cache: $(du -sh "$tmp/cache-warm" | cut -f1)"
echo
printf '%-34s %10s   %10s\n' "command (go vet ... ${pkgs[*]})" "wall" "peak RSS"
measure "noop (-vettool=noopvet)" go vet -vettool="$tmp/noopvet" "${pkgs[@]}"
measure "flowvet -vet=false" go vet -vettool="$tmp/flowvet" -vet=false "${pkgs[@]}"
measure "go vet (default suite)" go vet "${pkgs[@]}"
if [ -n "${BENCH_ALL:-}" ]; then
  measure "flowvet (with the vet suite)" go vet -vettool="$tmp/flowvet" "${pkgs[@]}"
fi

echo
noop=$(cat "$tmp/noop (-vettool=noopvet).s")
ratio() { awk -v a="$(cat "$tmp/$1.s")" -v b="$noop" 'BEGIN { printf "%.2f", a / b }'; }
echo "flowvet -vet=false / noop:   $(ratio "flowvet -vet=false")x   (budget 1.5x)"
echo "go vet default / noop:       $(ratio "go vet (default suite)")x"
if [ -n "${BENCH_ALL:-}" ]; then
  echo "flowvet with vet / noop:     $(ratio "flowvet (with the vet suite)")x"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
