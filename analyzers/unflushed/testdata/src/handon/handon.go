// Package handon passes writers through io.Writer parameters to functions
// that convert them back to closers (assertsParams): handed on, silent.
// Functions that only write, keep or inspect the writer leave the duty here.
package handon

import (
	"bufio"
	"compress/gzip"
	"errors"
	"io"

	"example.com/pools"
)

var bufioWriter32KPool = &pools.BufioWriterPool{}

// ory/dockertest docker/pkg/archive/archive.go:242 (CompressStream, the
// vendored moby code): the gzip writer goes to a wrapper whose Close
// closes it, and the wrapper is returned. Silent.
func CompressStream(dest io.Writer, gz bool) (io.WriteCloser, error) {
	p := bufioWriter32KPool
	buf := p.Get(dest)
	if gz {
		gzWriter := gzip.NewWriter(dest)
		writeBufWrapper := p.NewWriteCloserWrapper(buf, gzWriter)
		return writeBufWrapper, nil
	}
	return nil, errors.New("unsupported")
}

// Through a function that hands its parameter to one with the fact. Silent.
func compressWrapped(dest io.Writer) io.WriteCloser {
	zw := gzip.NewWriter(dest)
	return pools.Wrap(bufioWriter32KPool, zw)
}

// A package-local helper that closes what it can. Silent.
func closeIfCloser(w io.Writer) error { // want closeIfCloser:"assertsParams.0:Close."
	if c, ok := w.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

func compressLocal(dest io.Writer, data []byte) error {
	zw := gzip.NewWriter(dest)
	if _, err := zw.Write(data); err != nil {
		return err
	}
	return closeIfCloser(zw)
}

// A bufio.Writer to a helper that may Flush it. Silent.
func flushedByHelper(dest io.Writer, data []byte) error {
	bw := bufio.NewWriter(dest)
	if _, err := bw.Write(data); err != nil {
		return err
	}
	return pools.FlushIfYouCan(bw)
}

// ---- reported ----

// A bufio.Writer to a helper that can only Close: Flush is still ours.
func closerHelperForBufio(dest io.Writer, data []byte) error {
	bw := bufio.NewWriter(dest) // want `bufio.Writer bw is not flushed before the return at line 70`
	if _, err := bw.Write(data); err != nil {
		return err
	}
	return closeIfCloser(bw)
}

// An assertion to a concrete type converts nothing back.
func terminalCheck(dest io.Writer, data []byte) error {
	zw := gzip.NewWriter(dest) // want `gzip.Writer zw is not closed before the return at line 77`
	if pools.IsTerminal(zw) {
		return nil
	}
	if _, err := zw.Write(data); err != nil {
		return err
	}
	return nil
}

// Kept in a result like json.NewEncoder: still ours.
func kept(dest io.Writer, data []byte) (*pools.Keep, error) {
	zw := gzip.NewWriter(dest) // want `gzip.Writer zw is not closed before the return at line 91`
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	return pools.NewKeep(zw), nil
}
