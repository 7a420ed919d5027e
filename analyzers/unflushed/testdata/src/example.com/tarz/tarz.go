// Package tarz stands for an archiver that wraps the standard writers
// (goreleaser's pkg/archive/targz, nfpm, mholt/archives): a module path
// with a dot, another package than its users.
package tarz

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"errors"
	"io"
	"log"
	"os"

	"github.com/klauspost/compress/zstd"
)

// Tar holds a tar.Writer; Close finishes it.
type Tar struct{ tw *tar.Writer }

func NewTar(w io.Writer) *Tar { return &Tar{tw: tar.NewWriter(w)} }

func (t *Tar) Add(name string, data []byte) error {
	if err := t.tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data))}); err != nil {
		return err
	}
	_, err := t.tw.Write(data)
	return err
}

func (t *Tar) Close() error { return t.tw.Close() } // want Close:"finishesFields.tar.Writer."

// Archive is a tar.gz: its Close finishes the tar, then the gzip stream
// (goreleaser's targz.Archive, a value receiver).
type Archive struct {
	gw *gzip.Writer
	tw *Tar
}

func New(target io.Writer) Archive {
	gw, _ := gzip.NewWriterLevel(target, gzip.BestCompression)
	return Archive{gw: gw, tw: NewTar(gw)}
}

// Open is New with an error result.
func Open(target io.Writer, level int) (*Archive, error) {
	gw, err := gzip.NewWriterLevel(target, level)
	if err != nil {
		return nil, err
	}
	return &Archive{gw: gw, tw: NewTar(gw)}, nil
}

func (a Archive) Add(name string, data []byte) error { return a.tw.Add(name, data) }

func (a Archive) Close() error { // want Close:"finishesFields.tar.Writer, gzip.Writer."
	if err := a.tw.Close(); err != nil {
		return err
	}
	return a.gw.Close()
}

// Buffered flushes a bufio.Writer in its Close; an error path wraps the
// error.
type Buffered struct{ out struct{ bw *bufio.Writer } }

func NewBuffered(w io.Writer) *Buffered {
	b := &Buffered{}
	b.out.bw = bufio.NewWriter(w)
	return b
}

func (b *Buffered) Write(p []byte) (int, error) { return b.out.bw.Write(p) }

func (b *Buffered) Close() error { // want Close:"finishesFields.bufio.Writer."
	err := b.out.bw.Flush()
	if err != nil {
		return &closeError{err}
	}
	return b.out.bw.Flush()
}

type closeError struct{ err error }

func (e *closeError) Error() string { return "close: " + e.err.Error() }

// Joined finishes both writers in one errors.Join (issue 17): the same as
// the if-chain of Archive.Close.
type Joined struct {
	gw *gzip.Writer
	tw *tar.Writer
}

func NewJoined(w io.Writer) *Joined {
	gw := gzip.NewWriter(w)
	return &Joined{gw: gw, tw: tar.NewWriter(gw)}
}

func (j *Joined) Add(name string, data []byte) error {
	if err := j.tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data))}); err != nil {
		return err
	}
	_, err := j.tw.Write(data)
	return err
}

func (j *Joined) Close() error { // want Close:"finishesFields.tar.Writer, gzip.Writer."
	return errors.Join(j.tw.Close(), j.gw.Close())
}

// JoinedFile also closes the file it writes into: the Join still hands
// back the gzip footer's error.
type JoinedFile struct {
	gw *gzip.Writer
	f  *os.File
}

func (j *JoinedFile) Close() error { // want Close:"finishesFields.gzip.Writer."
	return errors.Join(j.gw.Close(), j.f.Close())
}

// ---- no fact ----

// JoinedFlush joins a Flush of the gzip writer, which does not finish it.
type JoinedFlush struct {
	gw *gzip.Writer
	f  *os.File
}

func (j *JoinedFlush) Close() error { return errors.Join(j.gw.Flush(), j.f.Close()) }

// JoinedSpread joins a slice: what it holds is not known.
type JoinedSpread struct {
	gw   *gzip.Writer
	errs []error
}

func (j *JoinedSpread) Close() error { return errors.Join(j.errs...) }

// Lazy may return nil without finishing anything.
type Lazy struct {
	gw     *gzip.Writer
	closed bool
}

func NewLazy(w io.Writer) *Lazy { return &Lazy{gw: gzip.NewWriter(w)} }

func (l *Lazy) Write(p []byte) (int, error) { return l.gw.Write(p) }

func (l *Lazy) Close() error {
	if l.closed {
		return nil
	}
	l.closed = true
	return l.gw.Close()
}

// Logging logs the error before it returns it: not recognized (silent).
type Logging struct{ gw *gzip.Writer }

func NewLogging(w io.Writer) *Logging { return &Logging{gw: gzip.NewWriter(w)} }

func (l *Logging) Write(p []byte) (int, error) { return l.gw.Write(p) }

func (l *Logging) Close() error {
	err := l.gw.Close()
	if err != nil {
		log.Print(err)
	}
	return err
}

// NewIface returns an interface: its users do not know the type.
func NewIface(w io.Writer) io.WriteCloser { return NewLazy(w) }

// OfParam closes a writer it was given: not a field.
type OfParam struct{}

func (OfParam) Close() error { return nil }

// ---- the wrappers' own package ----

// Zst wraps a third-party encoder of the stream table: its Close finishes
// the zstd frame, so it is a finishing wrapper like Archive.
type Zst struct{ enc *zstd.Encoder }

func NewZst(w io.Writer) (*Zst, error) {
	enc, err := zstd.NewWriter(w)
	if err != nil {
		return nil, err
	}
	return &Zst{enc: enc}, nil
}

func (z *Zst) Write(p []byte) (int, error) { return z.enc.Write(p) }

func (z *Zst) Close() error { return z.enc.Close() } // want Close:"finishesFields.zstd.Encoder."

func ownZstUnclosed(w io.Writer, data []byte) error {
	z, err := NewZst(w) // want `tarz.Zst z is not closed before the return at line \d+: the output lacks the end of its zstd.Encoder and is truncated; call z.Close\(\) and check its error`
	if err != nil {
		return err
	}
	_, err = z.Write(data)
	return err
}

func ownZstClosed(w io.Writer, data []byte) error {
	z, err := NewZst(w)
	if err != nil {
		return err
	}
	if _, err := z.Write(data); err != nil {
		z.Close()
		return err
	}
	return z.Close()
}

// A wrapper made by its own package's constructor is tracked there too.
func ownNotClosed(w io.Writer, data []byte) error {
	j := NewJoined(w) // want `tarz.Joined j is not closed before the return at line \d+: the output lacks the end of its tar.Writer and gzip.Writer`
	return j.Add("x", data)
}

func ownDropped(w io.Writer, data []byte) error {
	a, err := Open(w, 9)
	if err != nil {
		return err
	}
	defer a.Close() // want `the deferred a.Close\(\) drops its error`
	return a.Add("x", data)
}

func ownClosed(w io.Writer, data []byte) error {
	a := New(w)
	if err := a.Add("x", data); err != nil {
		a.Close()
		return err
	}
	return a.Close()
}

// Lazy has no fact: silent in its own package as elsewhere.
func ownLazy(w io.Writer, data []byte) error {
	l := NewLazy(w)
	_, err := l.Write(data)
	return err
}
