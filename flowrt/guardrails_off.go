//go:build flowrt_noguard

package flowrt

// guardRails is false in this build: no limit check, no Stats counters
// (see guardrails.go). For benchmarks only.
const guardRails = false
