#!/usr/bin/env bash
# What flowrt's guard rails (the hard limit check and the Stats counters,
# issue 6) cost on the steady path: the pipeline and byte-pipe benchmarks of
# bench_test.go, built with them (the normal build) and without them (the
# flowrt_noguard tag, which turns them off with a constant: see
# guardrails.go), run alternately in one session so that both see the same
# load, then compared by benchstat.
#
# Usage, from the module root:
#
#	flowrt/testdata/bench-guard.sh [count]          # count: runs of each build, default 6
#
# BENCH sets the -test.bench pattern (default: both benchmarks with every
# sub-benchmark, so the comparisons with channels, errgroup and io.Pipe come
# from the same run; BENCH='^(BenchmarkPipeline3Stage|BenchmarkBytePipe)$/^flowrt'
# runs flowrt's alone, for more runs in the same time).
#
# benchstat: $BENCHSTAT, or benchstat on $PATH; without it the raw results
# are kept in $OUT (a temporary directory unless set). To get it without
# touching go.mod:
#
#	GOBIN=/tmp/bin go install golang.org/x/perf/cmd/benchstat@latest   # outside the module
set -euo pipefail
count=${1:-6}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
cd "$(dirname "$0")/.."   # flowrt/
go test -c -o "$out/with.test" .
go test -c -tags flowrt_noguard -o "$out/without.test" .
: > "$out/with.txt"
: > "$out/without.txt"
bench=${BENCH:-'^(BenchmarkPipeline3Stage|BenchmarkBytePipe)$'}
run() {
	"$out/$1.test" -test.run '^$' -test.bench "$bench" -test.benchmem \
		-test.benchtime 1000000x -test.count 1 >> "$out/$1.txt"
}
uptime
for i in $(seq "$count"); do
	# Alternate which build goes first, so neither always runs on the
	# heels of the other.
	if (( i % 2 )); then run with; run without; else run without; run with; fi
	echo "run $i of $count done" >&2
done
uptime
bs=${BENCHSTAT:-$(command -v benchstat || true)}
if [[ -n $bs ]]; then
	(cd "$out" && "$bs" without=without.txt with=with.txt)
else
	echo "benchstat not found; results in $out/with.txt and $out/without.txt"
fi
echo "raw results: $out" >&2
