// Package wrapuser uses the finishing wrappers of example.com/tarz: a value
// made by their constructor must be closed with its error checked, like
// the gzip and tar writers inside it.
package wrapuser

import (
	"bytes"
	"io"
	"os"

	"example.com/tarz"
)

// goreleaser internal/pipe/archive/archive.go:210: the release archive's
// deferred Close drops the error of the gzip footer and the tar trailer.
func release(f *os.File, files map[string][]byte) error {
	a := tarz.New(f)
	defer a.Close() // want `the deferred a.Close\(\) drops its error: call a.Close\(\) and check its error before the successful return`
	for name, data := range files {
		if err := a.Add(name, data); err != nil {
			return err
		}
	}
	return nil
}

func notClosed(w io.Writer, data []byte) error {
	a := tarz.New(w) // want `tarz.Archive a is not closed before the return at line 32: the output lacks the end of its tar.Writer and gzip.Writer and is truncated; call a.Close\(\) and check its error`
	if err := a.Add("x", data); err != nil {
		return err
	}
	return nil
}

func dropped(w io.Writer, data []byte) error {
	t := tarz.NewTar(w)
	if err := t.Add("x", data); err != nil {
		return err
	}
	t.Close() // want `the error of t.Close\(\) is dropped: Close writes the end of its tar.Writer and a failure there means truncated output; check it`
	return nil
}

func withError(w io.Writer, data []byte) error {
	a, err := tarz.Open(w, 9) // want `tarz.Archive a is not closed before the return at line 52`
	if err != nil {
		return err
	}
	if err := a.Add("x", data); err != nil {
		return err
	}
	return nil
}

func buffered(w io.Writer, data []byte) error {
	b := tarz.NewBuffered(w)
	defer b.Close() // want `the deferred b.Close\(\) drops its error`
	_, err := b.Write(data)
	return err
}

// ---- silent ----

func checked(w io.Writer, files map[string][]byte) (err error) {
	a := tarz.New(w)
	defer func() {
		if cerr := a.Close(); err == nil {
			err = cerr
		}
	}()
	for name, data := range files {
		if err := a.Add(name, data); err != nil {
			return err
		}
	}
	return nil
}

func returned(w io.Writer, data []byte) error {
	a := tarz.New(w)
	if err := a.Add("x", data); err != nil {
		a.Close()
		return err
	}
	return a.Close()
}

func intoMemory(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	t := tarz.NewTar(&buf)
	if err := t.Add("x", data); err != nil {
		return nil, err
	}
	if err := t.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Handed on: the caller closes it.
func handedOn(w io.Writer) tarz.Archive {
	a := tarz.New(w)
	a.Add("x", nil)
	return a
}

func passedOn(w io.Writer, fill func(*tarz.Tar) error) error {
	t := tarz.NewTar(w)
	return fill(t)
}

// Never written: nothing lost.
func unused(w io.Writer) {
	a := tarz.New(w)
	_ = a
}

// Wrappers without the fact are not tracked.
func noFact(w io.Writer, data []byte) error {
	l := tarz.NewLazy(w)
	defer l.Close()
	g := tarz.NewLogging(w)
	defer g.Close()
	c := tarz.NewIface(w)
	defer c.Close()
	if _, err := l.Write(data); err != nil {
		return err
	}
	if _, err := g.Write(data); err != nil {
		return err
	}
	_, err := c.Write(data)
	return err
}

// A wrapper whose Close is errors.Join(tw.Close(), gw.Close()) is tracked
// like the if-chain one (issue 17).
func joinedNotClosed(w io.Writer, data []byte) error {
	j := tarz.NewJoined(w) // want `tarz.Joined j is not closed before the return at line \d+: the output lacks the end of its tar.Writer and gzip.Writer`
	return j.Add("x", data)
}

func joinedClosed(w io.Writer, data []byte) error {
	j := tarz.NewJoined(w)
	if err := j.Add("x", data); err != nil {
		return err
	}
	return j.Close()
}

// A wrapper of a third-party encoder of the stream table (zstd) is a
// finishing wrapper too.
func zstUnclosed(w io.Writer, data []byte) error {
	z, err := tarz.NewZst(w) // want `tarz.Zst z is not closed before the return at line \d+: the output lacks the end of its zstd.Encoder`
	if err != nil {
		return err
	}
	_, err = z.Write(data)
	return err
}
