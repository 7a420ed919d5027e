// Package tabwriter stands in for github.com/liggitt/tabwriter, kubectl's
// fork of text/tabwriter: flowvet matches its Writer by import path and
// type name.
package tabwriter

import "io"

const RememberWidths uint = 1 << 6

type Writer struct{ output io.Writer }

func NewWriter(output io.Writer, minwidth, tabwidth, padding int, padchar byte, flags uint) *Writer {
	return &Writer{output: output}
}

func (b *Writer) Init(output io.Writer, minwidth, tabwidth, padding int, padchar byte, flags uint) *Writer {
	b.output = output
	return b
}

func (b *Writer) Write(buf []byte) (int, error) { return len(buf), nil }
func (b *Writer) Flush() error                  { return nil }
