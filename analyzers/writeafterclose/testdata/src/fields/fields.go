// Package fields: streams held in the fields of a local or a receiver.
package fields

import (
	"bufio"
	"compress/gzip"
	"net"
	"os"
)

type logWriter struct {
	f  *os.File
	bw *bufio.Writer
}

func newLogWriter(name string) (*logWriter, error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	return &logWriter{f: f, bw: bufio.NewWriter(f)}, nil
}

// Close closes the file before flushing the buffer into it.
func (w *logWriter) Close() error {
	w.f.Close()
	return w.bw.Flush() // want `w.bw.Flush writes into w.f after w.f.Close \(line \d+\): the write fails with os.ErrClosed and what w.bw still holds is lost; finish w.bw before closing w.f`
}

type goodWriter struct {
	f  *os.File
	bw *bufio.Writer
}

func newGoodWriter(f *os.File) *goodWriter {
	return &goodWriter{f: f, bw: bufio.NewWriter(f)}
}

func (w *goodWriter) Close() error {
	if err := w.bw.Flush(); err != nil {
		w.f.Close()
		return err
	}
	return w.f.Close()
}

type gzFile struct {
	f  *os.File
	zw *gzip.Writer
}

func (g *gzFile) open(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	g.f = f
	g.zw = gzip.NewWriter(g.f)
	return nil
}

func (g *gzFile) Close() error {
	defer g.zw.Close() // want `deferred g.zw.Close writes into g.f after g.f.Close`
	return g.f.Close()
}

type conn struct{ c net.Conn }

func (c *conn) shutdown(msg []byte) {
	c.c.Close()
	c.c.Write(msg) // want `c.c.Write after c.c.Close`
}

// A method call on the receiver may reopen the field: silent.
func (g *gzFile) rotate(name string, data []byte) {
	g.f.Close()
	g.open(name)
	g.f.Write(data)
}

// An assignment to the field starts afresh.
func (g *gzFile) reassign(data []byte) {
	g.f.Close()
	g.f, _ = os.Create("next")
	g.f.Write(data)
}

// A function literal called here that mentions g may change its fields.
func (g *gzFile) viaClosure(data []byte) {
	reopen := func() { g.open("x") }
	g.f.Close()
	reopen()
	g.f.Write(data)
}

// Passed to a function: silent.
func reopenFile(g *gzFile) {}

func passed(g *gzFile, data []byte) {
	g.f.Close()
	reopenFile(g)
	g.f.Write(data)
}

// A field of an interface type: whose Close is it? Not checked.
type iface struct {
	w interface {
		Write([]byte) (int, error)
		Close() error
	}
}

func (i *iface) finish(data []byte) {
	i.w.Close()
	i.w.Write(data)
}
