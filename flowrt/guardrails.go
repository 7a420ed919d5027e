//go:build !flowrt_noguard

package flowrt

// guardRails switches the hard limit check (see Limit) and the Stats
// counters on. It is false only in a build with the flowrt_noguard tag,
// which exists to measure what they cost on the steady path (the
// benchmarks in docs/performance.md, by flowrt/testdata/bench-guard.sh):
// the constant removes the code, so the normal build pays nothing for the
// switch. Never ship that build: it has no overflow protection.
const guardRails = true
