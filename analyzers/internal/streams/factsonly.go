package streams

import "sync/atomic"

var factsOnly atomic.Bool

// SetFactsOnly says whether the analyzers run only for their facts.
func SetFactsOnly(on bool) { factsOnly.Store(on) }

// FactsOnly reports whether the analyzers run only for their facts: go vet
// runs the tool on a dependency it reports nothing on (a VetxOnly unit:
// most of the units of `go vet std` are packages rebuilt for another
// package's test) to pass the facts on, and drops the diagnostics. An
// analyzer then exports its facts exactly as in a full run and skips the
// checks that only report.
func FactsOnly() bool { return factsOnly.Load() }
