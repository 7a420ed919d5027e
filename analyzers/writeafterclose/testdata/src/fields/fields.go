// Package fields: streams held in the fields of a local or a receiver.
package fields

import (
	"bufio"
	"compress/gzip"
	"net"
	"os"
	"sync"
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

// Nested fields: x.b.f is followed while nothing can change x or x.b.

type server struct {
	out  *sink
	name string
}

type sink struct {
	f  *os.File
	bw *bufio.Writer
	c  net.Conn
}

func newSink(f *os.File) *sink { return &sink{f: f, bw: bufio.NewWriter(f)} }

func (s *server) closeThenWrite(data []byte) {
	s.out.f.Close()
	s.out.f.Write(data) // want `s.out.f.Write after s.out.f.Close \(line \d+\): the write fails with os.ErrClosed`
}

func (s *server) closeThenFlush() error {
	s.out.f.Close()
	return s.out.bw.Flush() // want `s.out.bw.Flush writes into s.out.f after s.out.f.Close`
}

func (s *server) connNested(msg []byte) {
	s.out.c.Close()
	s.out.c.Write(msg) // want `s.out.c.Write after s.out.c.Close`
}

func (s *server) stdCallsBetween(data []byte) {
	s.out.f.Close()
	_ = len(s.name) + len(string(data))
	os.Stderr.WriteString("closed\n")
	s.out.f.Write(data) // want `s.out.f.Write after s.out.f.Close`
}

func local3(x struct{ s struct{ out *sink } }, data []byte) {
	x.s.out.f.Close()
	x.s.out.f.Write(data) // want `x.s.out.f.Write after x.s.out.f.Close`
}

func (s *server) rightOrder(data []byte) error {
	s.out.f.Write(data)
	if err := s.out.bw.Flush(); err != nil {
		return err
	}
	return s.out.f.Close()
}

// Silent: anything that could change s.out between the two.

func (s *server) reopen() {}

func (s *server) methodBetween(data []byte) {
	s.out.f.Close()
	s.reopen()
	s.out.f.Write(data)
}

func (k *sink) reopen() {}

func (s *server) innerMethodBetween(data []byte) {
	s.out.f.Close()
	s.out.reopen()
	s.out.f.Write(data)
}

func refresh(k *sink) {}

func (s *server) innerPassed(data []byte) {
	s.out.f.Close()
	refresh(s.out)
	s.out.f.Write(data)
}

func (s *server) innerReassigned(f *os.File, data []byte) {
	s.out.f.Close()
	s.out = newSink(f)
	s.out.f.Write(data)
}

func (s *server) fieldReassigned(f *os.File, data []byte) {
	s.out.f.Close()
	s.out.f = f
	s.out.f.Write(data)
}

var hook func()

func helper() {}

func (s *server) unknownCall(data []byte) {
	s.out.f.Close()
	helper() // could change s.out through another pointer
	s.out.f.Write(data)
}

func (s *server) funcValue(data []byte) {
	s.out.f.Close()
	hook()
	s.out.f.Write(data)
}

func (s *server) interfaceCall(w interface{ Flush() error }, data []byte) {
	s.out.f.Close()
	w.Flush()
	s.out.f.Write(data)
}

func (s *server) addressTaken(data []byte) {
	s.out.f.Close()
	refresh(&*s.out)
	s.out.f.Write(data)
}

// Four fields deep: not followed.
func deep(x struct {
	a struct{ s struct{ out *sink } }
}, data []byte) {
	x.a.s.out.f.Close()
	x.a.s.out.f.Write(data)
}

// After a lock, a channel operation or a go statement, another goroutine
// may have changed the field: silent, one field deep too.

type rotating struct {
	mu   sync.Mutex
	f    *os.File
	next chan *os.File
}

func (r *rotating) lockBetween(data []byte) {
	r.f.Close()
	r.mu.Lock()
	r.f.Write(data)
	r.mu.Unlock()
}

func (r *rotating) receiveBetween(data []byte) {
	r.f.Close()
	<-r.next
	r.f.Write(data)
}

func (r *rotating) goBetween(data []byte) {
	r.f.Close()
	go r.reopen()
	r.f.Write(data)
}

func (r *rotating) reopen() {}

func (r *rotating) closeThenWrite(data []byte) {
	r.f.Close()
	r.f.Write(data) // want `r.f.Write after r.f.Close`
}
