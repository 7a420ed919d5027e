package iocopy

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
)

// PS-blankmem (hunt5): `_, _ = io.Copy(out, &buf)` copies memory, one Write
// like fmt.Fprint, and discards its error in writing. cue's dry run:
// fmt.Fprintln(stdout, "---", name); _, _ = io.Copy(stdout, fi.contents).
// gh's clone: _, _ = io.Copy(opts.IO.ErrOut, stderr). Silent.
func dryRun(stdout io.Writer, name string, contents *bytes.Buffer) error {
	fmt.Fprintln(stdout, "---", name)
	_, _ = io.Copy(stdout, contents)
	return nil
}

func showStderr(errOut io.Writer, msg string) error {
	_, _ = io.Copy(errOut, strings.NewReader(msg))
	return nil
}

// Twins: the same copy as a statement (no written discard), and a blank
// copy from a file (the read can fail: the output is short).
func dryRunStatement(stdout io.Writer, contents *bytes.Buffer) error {
	io.Copy(stdout, contents) // want `the result of io.Copy is discarded \(statement\)`
	return nil
}

func catFile(stdout io.Writer, f *os.File) error {
	_, _ = io.Copy(stdout, f) // want `the result of io.Copy is discarded \(blank\)`
	return nil
}
