// Package pgolib is cmd/internal/pgo's shape: WriteTo wraps its io.Writer
// in a bufio.Writer and flushes it.
package pgolib

import (
	"bufio"
	"fmt"
	"io"
)

type Profile struct{ Lines []string }

// WriteTo: bufio.NewWriter(w) is w itself when w is a *bufio.Writer of at
// least 4096 bytes, so the Flush below flushes the caller's writer.
func (d *Profile) WriteTo(w io.Writer) (int64, error) { // want WriteTo:"flushesParams\\(0:4096\\)"
	bw := bufio.NewWriter(w)
	var n int64
	for _, l := range d.Lines {
		m, err := fmt.Fprintln(bw, l)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	if err := bw.Flush(); err != nil {
		return n, err
	}
	return n, nil
}

// WriteBig wraps its second parameter in a 64 KiB writer.
func WriteBig(s string, w io.Writer) error { // want WriteBig:"flushesParams\\(1:65536\\)"
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(s)
	return bw.Flush()
}

// WriteNoFlush wraps but never flushes: no fact (and its own report).
func WriteNoFlush(w io.Writer, s string) error {
	bw := bufio.NewWriter(w) // want `bw is not flushed`
	_, err := bw.WriteString(s)
	return err
}

// writeLocal is unexported: its fact is used in this package only.
func writeLocal(w io.Writer, s string) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(s)
	return bw.Flush()
}

func useLocal(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if err := writeLocal(bw, "x"); err != nil { // the callee flushes bw itself
		return err
	}
	return nil
}
