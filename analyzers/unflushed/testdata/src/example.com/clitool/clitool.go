// Package clitool has helpers that end the process, known to importers
// through facts.
package clitool

import (
	"fmt"
	"os"
)

// Fail prints the error and exits with status 1.
func Fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

// Abort panics: the deferred calls of its callers run.
func Abort(err error) {
	panic(err)
}
