package fieldwriters

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
)

// Made in the constructor, written by a method, never flushed.
type Exporter struct {
	f *os.File
	w *bufio.Writer
}

func NewExporter(path string) (*Exporter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &Exporter{f: f, w: bufio.NewWriter(f)}, nil // want `bufio.Writer in field Exporter.w is written to but nothing in the package flushes it: its tail is lost; call x.w.Flush\(\) in Exporter's Close or Flush method and check its error`
}

func (e *Exporter) Add(line string) {
	fmt.Fprintln(e.w, line)
}

func (e *Exporter) Close() error { return e.f.Close() }

// An encoder assigned in an Open method, written, never closed.
type Archive struct {
	zw *gzip.Writer
}

func (a *Archive) Open(w io.Writer) {
	a.zw = gzip.NewWriter(w) // want `gzip.Writer in field Archive.zw is written to but nothing in the package closes it: the output lacks the final block and the gzip footer \(CRC-32 and size\); call x.zw.Close\(\) in Archive's Close method and check its error`
}

func (a *Archive) Write(p []byte) (int, error) { return a.zw.Write(p) }

// Silent twins.

// The type's Close flushes the field.
type Logger struct {
	f *os.File
	w *bufio.Writer
}

func NewLogger(f *os.File) *Logger { return &Logger{f: f, w: bufio.NewWriter(f)} }

func (l *Logger) Log(s string) { l.w.WriteString(s) }

func (l *Logger) Close() error {
	if err := l.w.Flush(); err != nil {
		return err
	}
	return l.f.Close()
}

// Finished through a deferred Close in a method.
type Packer struct{ zw *gzip.Writer }

func (p *Packer) Pack(w io.Writer, data []byte) error {
	p.zw = gzip.NewWriter(w)
	defer p.zw.Close()
	_, err := p.zw.Write(data)
	return err
}

// The writer comes from outside: someone else's to finish.
type Given struct{ w *bufio.Writer }

func NewGiven(w *bufio.Writer) *Given { return &Given{w: w} }

func (g *Given) Put(s string) { g.w.WriteString(s) }

// The field is handed out: who finishes it is not known.
type Leaky struct{ w *bufio.Writer }

func NewLeaky(w io.Writer) *Leaky { return &Leaky{w: bufio.NewWriter(w)} }

func (l *Leaky) Put(s string)          { l.w.WriteString(s) }
func (l *Leaky) Writer() *bufio.Writer { return l.w }

// Exported: another package may flush it.
type Public struct{ W *bufio.Writer }

func NewPublic(w io.Writer) *Public { return &Public{W: bufio.NewWriter(w)} }

func (p *Public) Put(s string) { p.W.WriteString(s) }

// Never written: nothing to lose.
type Idle struct{ w *bufio.Writer }

func NewIdle(w io.Writer) *Idle { return &Idle{w: bufio.NewWriter(w)} }

func (i *Idle) Size() int { return i.w.Size() }

// Into io.Discard: nothing to lose.
type Counter struct{ w *bufio.Writer }

func NewCounter() *Counter { return &Counter{w: bufio.NewWriter(io.Discard)} }

func (c *Counter) Put(s string) { c.w.WriteString(s) }

// Passed to a function that may flush it (its parameter has Flush).
type Handed struct{ w *bufio.Writer }

type flusher interface {
	io.Writer
	Flush() error
}

func finish(f flusher) error { return f.Flush() }

func NewHanded(w io.Writer) *Handed { return &Handed{w: bufio.NewWriter(w)} }

func (h *Handed) Put(s string) { h.w.WriteString(s) }
func (h *Handed) Done() error  { return finish(h.w) }
