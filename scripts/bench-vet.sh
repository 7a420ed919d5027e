#!/usr/bin/env bash
# Measures what flowvet's analyzers cost under go vet, in one run:
#   noop      go vet -vettool=<noopvet> PKGS       a no-op analyzer: the floor
#   flowvet   go vet -vettool=<flowvet> -vet=false PKGS   flowvet's analyzers only
#   go vet    go vet PKGS                          the default vet suite
# and, with BENCH_ALL=1, flowvet's default (its analyzers plus the vet suite).
#
# Usage: scripts/bench-vet.sh [packages]      (default: std)
#        ROUNDS=4 scripts/bench-vet.sh [packages]
# ROUNDS=N (N > 1) runs the no-op tool and flowvet alternately N times each
# (the first alternating), then the default go vet once, and reports the
# medians: on a shared machine the floor itself moves by 20% within half an
# hour, and only alternating runs see the same load.
#
# Build cache: every measured command gets its own copy of one GOCACHE that a
# warm-up `go vet` with a differently built no-op tool has filled. So every
# run finds all packages (and test variants) compiled and no vet result of its
# own tool cached: what is measured is the vet tool's work on every package,
# the same for each. Wall is wall-clock seconds; CPU is user+system seconds
# of the whole process tree (the better measure on a shared machine, where
# wall time depends on what else runs); peak RSS is the largest single
# process (GNU time's %M: the go command or one vet tool process). Without
# GNU time (apt-get install time) only wall time is reported.
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

# median FILE: the median of the numbers in FILE, one per line.
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure NAME CMD...: runs CMD with its own copy of the warm cache, prints a
# result line, and records seconds in $tmp/NAME.s.
measure() {
  local name=$1; shift
  local cache="$tmp/cache-$name"
  cp -a "$tmp/cache-warm" "$cache"
  local status=0 secs cpu="n/a" rss="n/a"
  if [ -n "$have_time" ]; then
    GOCACHE="$cache" /usr/bin/time -f '%e %U %S %M' -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>&1 || status=$?
    # GNU time writes "Command exited with non-zero status N" first on failure.
    local e u s kib
    read -r e u s kib < <(tail -n1 "$tmp/$name.time")
    secs=$e
    cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.1f", u + s }')
    echo "$cpu" >>"$tmp/$name.cpus"
    median "$tmp/$name.cpus" >"$tmp/$name.cpu"
    rss="$((kib / 1024)) MiB"
  else
    local t0 t1
    t0=$(date +%s.%N)
    GOCACHE="$cache" "$@" >"$tmp/$name.out" 2>&1 || status=$?
    t1=$(date +%s.%N)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  fi
  echo "$secs" >>"$tmp/$name.ss"
  median "$tmp/$name.ss" >"$tmp/$name.s"
  local findings
  findings=$(grep -cE '^[^#].*\.go:[0-9]+:[0-9]+: ' "$tmp/$name.out" || true)
  printf '%-30s %8.1f s %8s s %10s   exit %d, %d findings\n' "$name" "$secs" "$cpu" "$rss" "$status" "$findings"
  rm -rf "$cache"
}
# Each command's output stays in $tmp/NAME.out until the end.

echo
echo "warm-up: compiling ${pkgs[*]} and its tests into a fresh GOCACHE (not measured)..."
GOCACHE="$tmp/cache-warm" go vet -vettool="$tmp/warmvet" "${pkgs[@]}" >/dev/null 2>&1 || true
echo "warm cache: $(du -sh "$tmp/cache-warm" | cut -f1)"
echo
printf '%-30s %10s %10s %10s\n' "go vet ... ${pkgs[*]}" "wall" "CPU" "peak RSS"
rounds=${ROUNDS:-1}
for ((i = 1; i <= rounds; i++)); do
  if ((i % 2)); then
    measure "noop (-vettool=noopvet)" go vet -vettool="$tmp/noopvet" "${pkgs[@]}"
    measure "flowvet -vet=false" go vet -vettool="$tmp/flowvet" -vet=false "${pkgs[@]}"
  else
    measure "flowvet -vet=false" go vet -vettool="$tmp/flowvet" -vet=false "${pkgs[@]}"
    measure "noop (-vettool=noopvet)" go vet -vettool="$tmp/noopvet" "${pkgs[@]}"
  fi
done
measure "go vet (default suite)" go vet "${pkgs[@]}"
if [ -n "${BENCH_ALL:-}" ]; then
  # go vet turns unsafeptr off for GOROOT packages, but only for its own
  # tool: do the same for flowvet to compare like with like.
  goroot_flags=()
  [ "${pkgs[*]}" != std ] || goroot_flags=(-unsafeptr=false)
  measure "flowvet (with the vet suite)" go vet -vettool="$tmp/flowvet" "${goroot_flags[@]}" "${pkgs[@]}"
fi

echo
noop="noop (-vettool=noopvet)"
# ratio NAME EXT: NAME's measure over the no-op tool's.
ratio() {
  [ -f "$tmp/$1.$2" ] || { echo "n/a"; return; }
  awk -v a="$(cat "$tmp/$1.$2")" -v b="$(cat "$tmp/$noop.$2")" 'BEGIN { printf "%.2fx", a / b }'
}
if ((rounds > 1)); then
  echo
  for name in "noop (-vettool=noopvet)" "flowvet -vet=false"; do
    printf '%-30s wall %s   CPU %s\n' "$name" "$(paste -sd' ' "$tmp/$name.ss")" "$(paste -sd' ' "$tmp/$name.cpus" 2>/dev/null || echo n/a)"
  done
  echo "(ratios below: medians of the $rounds rounds)"
fi
printf '%-30s %10s %10s\n' "ratio to the no-op tool" "wall" "CPU"
printf '%-30s %10s %10s   (budget 1.5x)\n' "flowvet -vet=false" "$(ratio "flowvet -vet=false" s)" "$(ratio "flowvet -vet=false" cpu)"
printf '%-30s %10s %10s\n' "go vet (default suite)" "$(ratio "go vet (default suite)" s)" "$(ratio "go vet (default suite)" cpu)"
if [ -n "${BENCH_ALL:-}" ]; then
  printf '%-30s %10s %10s\n' "flowvet (with the vet suite)" "$(ratio "flowvet (with the vet suite)" s)" "$(ratio "flowvet (with the vet suite)" cpu)"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "flowvet's findings (go vet -vettool=flowvet -vet=false ${pkgs[*]}):"
grep -E '^[^#].*\.go:[0-9]+:[0-9]+: ' "$tmp/flowvet -vet=false.out" | sed 's/^/  /' | head -50 || echo "  none"
