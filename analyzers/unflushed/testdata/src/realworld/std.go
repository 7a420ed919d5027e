package realworld

import (
	"archive/tar"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// bufio/example_test.go: a function without an error result prints the
// error and returns.
func exampleReadFrom() {
	var buf bytes.Buffer
	writer := bufio.NewWriter(&buf)
	n, err := writer.ReadFrom(strings.NewReader("x"))
	if err != nil {
		fmt.Println("ReadFrom Error:", err)
		return
	}
	if err := writer.Flush(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n, buf.String())
}

// archive/tar/writer_test.go: a writer into io.Discard loses nothing.
func intoDiscard(h *tar.Header) error {
	tw := tar.NewWriter(io.Discard)
	return tw.WriteHeader(h)
}

// net/http/request.go: wrapped only when needed, flushed under a nil test.
func wrapIfNeeded(w io.Writer, body string) error {
	var bw *bufio.Writer
	if _, ok := w.(io.ByteWriter); !ok {
		bw = bufio.NewWriter(w)
		w = bw
	}
	if _, err := io.WriteString(w, body); err != nil {
		return err
	}
	if bw != nil {
		return bw.Flush()
	}
	return nil
}

type bodyError struct{ error }

// net/http/request.go: the error is wrapped in a composite literal before
// it is returned; still an error path.
func wrapsBeforeReturn(w io.Writer, body func(io.Writer) error) error {
	bw := bufio.NewWriter(w)
	err := body(bw)
	if err != nil {
		if err == io.ErrUnexpectedEOF {
			err = bodyError{err}
		}
		return err
	}
	return bw.Flush()
}

// net/http/request.go: the writer stored in w is flushed through a type
// assertion w.(*bufio.Writer).
func flushedThroughAssertion(w io.Writer, wait func() bool) error {
	if _, ok := w.(io.ByteWriter); !ok {
		bw := bufio.NewWriter(w)
		w = bw
	}
	if _, err := io.WriteString(w, "headers"); err != nil {
		return err
	}
	if bw, ok := w.(*bufio.Writer); ok {
		if err := bw.Flush(); err != nil {
			return err
		}
	}
	if !wait() {
		return nil
	}
	_, err := io.WriteString(w, "body")
	return err
}
