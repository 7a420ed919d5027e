// Package gzhelp has functions that return a fresh writer: their callers
// own it (returnsFresh facts).
package gzhelp

import (
	"bufio"
	"compress/gzip"
	"io"
)

func NewCompressor(w io.Writer) *gzip.Writer { // want NewCompressor:"returnsFresh\\(compress/gzip.Writer\\)"
	return gzip.NewWriter(w)
}

func NewLevel(w io.Writer, level int) (*gzip.Writer, error) { // want NewLevel:"returnsFresh\\(compress/gzip.Writer\\)"
	zw, err := gzip.NewWriterLevel(w, level)
	if err != nil {
		return nil, err
	}
	return zw, nil
}

var shared = bufio.NewWriter(io.Discard)

// Shared returns a writer it did not make: no fact.
func Shared() *bufio.Writer { return shared }
