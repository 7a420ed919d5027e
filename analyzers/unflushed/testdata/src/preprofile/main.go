// Package preprofile is cmd/preprofile's shape: the output writer is
// flushed by the callee, through bufio's identity for a large enough
// *bufio.Writer.
package preprofile

import (
	"bufio"
	"io"

	"pgolib"
)

// ---- silent ----

func preprocess(d *pgolib.Profile, out io.Writer) error {
	w := bufio.NewWriter(out)
	if _, err := d.WriteTo(w); err != nil {
		return err
	}
	return nil
}

func largeEnough(out io.Writer) error {
	w := bufio.NewWriterSize(out, 1<<20)
	return pgolib.WriteBig("x", w)
}

// ---- reported ----

// A 4096-byte writer is wrapped anew by the callee's 64 KiB one: the
// callee flushes its own wrapper into w, not w.
func tooSmall(out io.Writer) error {
	w := bufio.NewWriter(out) // want `bufio.Writer w is not flushed before the return at line 34`
	return pgolib.WriteBig("x", w)
}

func calleeDoesNotFlush(out io.Writer) error {
	w := bufio.NewWriter(out) // want `bufio.Writer w is not flushed before the return at line 39`
	return pgolib.WriteNoFlush(w, "x")
}

// Written again after the call: the callee's Flush does not cover it.
func writtenAfter(d *pgolib.Profile, out io.Writer) error {
	w := bufio.NewWriter(out) // want `bufio.Writer w is not flushed before the return at line 49`
	if _, err := d.WriteTo(w); err != nil {
		return err
	}
	w.WriteString("trailer")
	return nil
}
