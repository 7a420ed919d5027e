// Package pools has the shape of moby's pkg/pools (vendored in
// ory/dockertest): a wrapper whose Close converts its io.Writer back to a
// closer.
package pools

import (
	"bufio"
	"io"
	"os"
)

type writeCloserWrapper struct {
	io.Writer
	closer func() error
}

func (r *writeCloserWrapper) Close() error { return r.closer() }

// NewWriteCloserWrapper returns a wrapper that flushes buf and closes w if
// it is an io.WriteCloser.
func NewWriteCloserWrapper(r io.Writer, closer func() error) io.WriteCloser {
	return &writeCloserWrapper{Writer: r, closer: closer}
}

type BufioWriterPool struct{}

func (p *BufioWriterPool) Get(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 32<<10) } // want Get:"returnsFresh\\(bufio.Writer\\)"

// NewWriteCloserWrapper: the assertion is in a func literal.
func (p *BufioWriterPool) NewWriteCloserWrapper(buf *bufio.Writer, w io.Writer) io.WriteCloser { // want NewWriteCloserWrapper:"assertsParams.1:Close."
	return NewWriteCloserWrapper(w, func() error {
		buf.Flush()
		if writeCloser, ok := w.(io.WriteCloser); ok {
			writeCloser.Close()
		}
		return nil
	})
}

// Wrap hands its parameter on to a function with the fact: it has the fact.
func Wrap(p *BufioWriterPool, w io.Writer) io.WriteCloser { // want Wrap:"assertsParams.1:Close."
	out := w
	return p.NewWriteCloserWrapper(p.Get(out), out)
}

// FlushIfYouCan converts its parameter to a flusher (type switch).
func FlushIfYouCan(w io.Writer) error { // want FlushIfYouCan:"assertsParams.0:Flush."
	switch f := w.(type) {
	case interface{ Flush() error }:
		return f.Flush()
	}
	return nil
}

// IsTerminal asserts to a concrete type: no assertsParams (it uses the
// file's descriptor only: handlesParams).
func IsTerminal(w io.Writer) bool { // want IsTerminal:"handlesParams.0."
	f, ok := w.(*os.File)
	return ok && f.Fd() < 3
}

// Keep stores its writer in its result, as json.NewEncoder does: no fact.
type Keep struct{ W io.Writer }

func NewKeep(w io.Writer) *Keep { return &Keep{W: w} }
