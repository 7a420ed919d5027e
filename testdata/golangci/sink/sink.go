// Package sink has helpers that the fixture's root package calls. flowvet
// learns what they do from facts, which golangci-lint carries across the
// package boundary like go vet does.
package sink

import (
	"log"
	"os"

	"github.com/flowvet/flowvet/flowrt"
)

// Emit writes line and returns Write's backpressure signal.
func Emit(w *flowrt.Writer[string], line string) bool {
	return w.Write(line)
}

// Finish closes f, logging a failure.
func Finish(f *os.File) {
	if err := f.Close(); err != nil {
		log.Print(err)
	}
}
