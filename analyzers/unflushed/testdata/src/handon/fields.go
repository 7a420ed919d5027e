package handon

import (
	"bufio"
	"compress/gzip"
	"io"
	"os"
)

// syft cmd/syft/internal/options/writer.go:198 (newSBOMMultiWriter): a
// file stored in a struct field of interface type whose Close asserts the
// field back to io.Closer is handed on, in a keyed or positional literal
// or by assignment to the field. Silent.
type streamWriter struct {
	name string
	out  io.Writer
}

func (w *streamWriter) Close() error {
	if c, ok := w.out.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

func openAll(paths []string) ([]*streamWriter, error) {
	var ws []*streamWriter
	for _, p := range paths {
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
		if err != nil {
			return nil, err
		}
		if _, err := f.WriteString("# header\n"); err != nil {
			return nil, err
		}
		ws = append(ws, &streamWriter{name: p, out: f})
	}
	return ws, nil
}

// The same with a gzip writer over each file: without the rule, reported
// "not closed before it is created again".
func openAllGzip(paths []string) ([]*streamWriter, error) {
	var ws []*streamWriter
	for _, p := range paths {
		f, err := os.Create(p)
		if err != nil {
			return nil, err
		}
		zw := gzip.NewWriter(f)
		if _, err := zw.Write([]byte("# header\n")); err != nil {
			return nil, err
		}
		ws = append(ws, &streamWriter{name: p, out: zw})
	}
	return ws, nil
}

func openPositional(path string, data []byte) (*streamWriter, error) {
	zw := gzip.NewWriter(os.Stdout)
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	sw := streamWriter{path, zw}
	register(&sw)
	return nil, nil
}

func openAssigned(path string, sw *streamWriter) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.WriteString("# header\n"); err != nil {
		return err
	}
	sw.out = f
	return nil
}

// A type switch with a case that can flush: a buffered writer stored
// there is flushed by the package. Silent.
type flushingSink struct{ w io.Writer }

func (s *flushingSink) Finish() error {
	switch w := s.w.(type) {
	case interface{ Flush() error }:
		return w.Flush()
	}
	return nil
}

func sink(w io.Writer, line string) *flushingSink {
	bw := bufio.NewWriter(w)
	bw.WriteString(line)
	return keep(&flushingSink{w: bw})
}

func register(*streamWriter)                       {}
func keep(s *flushingSink) *flushingSink           { return s }
func use(*plainSink)                               {}
func useTerm(*termSink)                            {}
func (s *termSink) isTerm() bool                   { _, ok := s.out.(*os.File); return ok }
func (s *plainSink) emit(line string) (int, error) { return io.WriteString(s.out, line) }

// Still reported: a field the package never converts back (plainSink), a
// field asserted only to a concrete type (termSink: w.(*os.File) finds a
// terminal, it closes nothing), and a buffered writer stored in a field
// asserted only to io.Closer (Close is not its duty: Flush is).
type plainSink struct{ out io.Writer }

type termSink struct{ out io.Writer }

func plain(path string, line string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	use(&plainSink{out: f})
	return nil
}

func term(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close() // want `f is written to, but every Close drops its error`
	useTerm(&termSink{out: f})
	return nil
}

func bufferedIntoCloser(p string) *streamWriter {
	bw := bufio.NewWriter(os.Stdout) // want `bufio.Writer bw is not flushed before the return at line 140`
	bw.WriteString(p)
	sw := &streamWriter{out: bw}
	register(sw)
	return nil
}
