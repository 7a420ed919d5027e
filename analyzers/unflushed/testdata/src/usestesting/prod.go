// Package usestesting is production code that asks testing.Testing()
// whether it runs under a test (cue's cmd/cue/cmd): not a test-only
// package, its dropped Close errors are reported.
package usestesting

import (
	"os"
	"runtime/pprof"
	"testing"
)

var toSlash = testing.Testing()

func memProfile(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error: .* \(low stakes: a profile\)$`
	return pprof.WriteHeapProfile(f)
}
