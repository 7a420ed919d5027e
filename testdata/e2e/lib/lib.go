// Package lib has functions whose behaviour other packages learn through
// analysis facts.
package lib

import (
	"os"

	"github.com/flowvet/flowvet/flowrt"
)

// Emit returns Write's backpressure signal: its callers must check it.
func Emit(w *flowrt.Writer[int], v int) bool {
	return w.Write(v)
}

// Finish closes f.
func Finish(f *os.File) error {
	return f.Close()
}
