package buffers

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
)

// A memory destination not read after the last unflushed write loses
// nothing anybody sees (pdfsign sign/helpers_test.go:127: rounds of write,
// Flush, b.String() check, then a last write left in the buffer on purpose
// to assert Buffered()).

// Silent: b is read only before the last write.
func leftBuffered() error {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	w.WriteString("abc")
	if err := w.Flush(); err != nil {
		return err
	}
	if b.String() != "abc" {
		return errors.New("flushed content")
	}
	w.WriteString("defg")
	if w.Buffered() != 4 {
		return errors.New("buffered")
	}
	return nil
}

// Still reported: a read after the last write (the read itself is the
// finding), a buffer handed on after the write (read who knows when), a
// buffer read in a deferred call, and a flushed gzip stream read after its
// Flush (it lacks its end).
func readAfter() string {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	w.WriteString("abc")
	return b.String() // want `b.String\(\) reads the output before bufio.Writer w is flushed`
}

func handedAfter(out io.Writer) error {
	var b bytes.Buffer
	w := bufio.NewWriter(&b) // want `bufio.Writer w is not flushed before the return at line 57`
	w.WriteString("abc")
	if err := w.Flush(); err != nil {
		return err
	}
	if _, err := b.WriteTo(out); err != nil {
		return err
	}
	w.WriteString("def")
	consume(&b)
	return nil
}

func readInDefer(out io.Writer) error {
	var b bytes.Buffer
	defer func() { out.Write(b.Bytes()) }()
	w := bufio.NewWriter(&b) // want `bufio.Writer w is not flushed before the return at line 67`
	if _, err := w.WriteString("abc"); err != nil {
		return err
	}
	return nil
}

func flushedThenRead(out io.Writer, data []byte) error {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b) // want `gzip.Writer zw is flushed but not closed before the return at line 80`
	if _, err := zw.Write(data); err != nil {
		return err
	}
	if err := zw.Flush(); err != nil {
		return err
	}
	_, err := out.Write(b.Bytes())
	return err
}

func consume(*bytes.Buffer) {}
