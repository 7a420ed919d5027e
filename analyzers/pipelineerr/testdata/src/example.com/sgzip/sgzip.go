// Package sgzip stands for a third-party compressor (rclone's
// github.com/buengese/sgzip, klauspost's zstd ...): a module path with a
// dot, so nothing here counts as the standard library.
package sgzip

import (
	"errors"
	"io"
)

// Writer keeps the io.Writer it was given and never closes it.
type Writer struct {
	w     io.Writer
	level int
}

// NewWriterLevel is sgzip.NewWriterLevel: it fails for a bad level.
func NewWriterLevel(w io.Writer, level int) (*Writer, error) {
	if level < -1 || level > 9 {
		return nil, errors.New("sgzip: invalid compression level")
	}
	return &Writer{w: w, level: level}, nil
}

func (z *Writer) Write(p []byte) (int, error) { return z.w.Write(p) }

// Close finishes the stream, not the writer underneath.
func (z *Writer) Close() error { return nil }

type multi struct{ ws []io.Writer }

func (m *multi) Write(p []byte) (int, error) {
	for _, w := range m.ws {
		if _, err := w.Write(p); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Multi writes to every writer (io.MultiWriter).
func Multi(ws ...io.Writer) io.Writer {
	for _, w := range ws {
		if w == nil {
			return nil
		}
	}
	return &multi{ws: ws}
}

// NewCloser takes the duty to close: its parameter can.
func NewCloser(w io.WriteCloser, level int) (io.WriteCloser, error) {
	if level < 0 {
		return nil, errors.New("bad level")
	}
	return w, nil
}

// NewAny takes anything.
func NewAny(w any, level int) (io.Writer, error) {
	if level < 0 {
		return nil, errors.New("bad level")
	}
	return nil, nil
}

// Asserting closes what it is given if it can.
func Asserting(w io.Writer, level int) (io.Writer, error) { // want Asserting:"assertsParams.0."
	if level < 0 {
		if c, ok := w.(io.Closer); ok {
			c.Close()
		}
		return nil, errors.New("bad level")
	}
	return nil, nil
}

// Switching closes through a type switch on a local copy.
func Switching(level int, w io.Writer) error { // want Switching:"assertsParams.1."
	dst := w
	switch c := dst.(type) {
	case io.WriteCloser:
		return c.Close()
	}
	return nil
}

// Via hands its writer to Asserting.
func Via(w io.Writer, level int) (io.Writer, error) { // want Via:"assertsParams.0."
	return Asserting(w, level)
}

// Same returns its writer: the caller may assert it.
func Same(w io.Writer) io.Writer { return w } // want Same:"assertsParams.0."

// Closing keeps its writer in a field that Close asserts to io.Closer.
type Closing struct{ dst io.Writer }

// Wrap stores w where Closing.Close can close it.
func Wrap(w io.Writer, level int) (*Closing, error) { // want Wrap:"assertsParams.0."
	if level < 0 {
		return nil, errors.New("bad level")
	}
	return &Closing{dst: w}, nil
}

func (c *Closing) Close() error {
	if wc, ok := c.dst.(io.Closer); ok {
		return wc.Close()
	}
	return nil
}

// NotCloser asserts its writer to an interface without Close (as io.Copy
// does with io.ReaderFrom): no fact.
func NotCloser(w io.Writer, level int) error {
	if _, ok := w.(io.ReaderFrom); ok || level < 0 {
		return errors.New("bad level")
	}
	return nil
}
