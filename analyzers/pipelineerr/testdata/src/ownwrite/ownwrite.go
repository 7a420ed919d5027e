// Package ownwrite: Close after the pipe writer's own write failed. An
// io.Pipe write fails only when the reader has stopped reading (or the
// writer is closed already): nobody is left to hand the error to, and
// Close and CloseWithError do the same (pgx's CopyFrom, copy_from.go).
// A write through something else may fail for its own reasons.
package ownwrite

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
)

func build(buf []byte) ([]byte, bool, error) { return buf, false, nil }
func check() error                           { return errors.New("bad") }

// ---- silent ----

// The pgx shape.
func copyFrom(consume func(io.Reader) error) error {
	r, w := io.Pipe()
	go func() {
		var buf []byte
		more := true
		for more {
			var err error
			buf, more, err = build(buf)
			if err != nil {
				w.CloseWithError(err)
				return
			}
			if len(buf) > 0 {
				_, err = w.Write(buf)
				if err != nil {
					w.Close()
					return
				}
			}
			buf = buf[:0]
		}
		w.Close()
	}()
	err := consume(r)
	r.Close()
	return err
}

func inInit(pw *io.PipeWriter, b []byte) {
	if _, err := pw.Write(b); err != nil {
		pw.Close()
		return
	}
	pw.Close()
}

func writeString(pw *io.PipeWriter, s string) {
	if _, err := io.WriteString(pw, s); err != nil {
		pw.Close()
		return
	}
	pw.Close()
}

func fprintf(pw *io.PipeWriter, n int) {
	_, err := fmt.Fprintf(pw, "%d\n", n)
	if err != nil {
		pw.Close()
		return
	}
	pw.Close()
}

func inSwitch(pw *io.PipeWriter, b []byte) {
	_, err := pw.Write(b)
	switch {
	case err != nil:
		pw.Close()
		return
	}
	pw.Close()
}

// ---- reported ----

// io.Copy's error may be the source's.
func copied(pw *io.PipeWriter, src io.Reader) {
	if _, err := io.Copy(pw, src); err != nil {
		pw.Close() // want `pw.Close\(\) on the error path: the reader sees a clean io.EOF after truncated data; use pw.CloseWithError\(err\)`
		return
	}
	pw.Close()
}

// An encoder's error may be a marshal error.
func encoded(pw *io.PipeWriter, v any) {
	if err := json.NewEncoder(pw).Encode(v); err != nil {
		pw.Close() // want `use pw.CloseWithError\(err\)`
		return
	}
	pw.Close()
}

// Fprintf into a compressor on the pipe: the compressor's error.
func compressed(pw *io.PipeWriter, n int) {
	zw := gzip.NewWriter(pw)
	if _, err := fmt.Fprintf(zw, "%d\n", n); err != nil {
		pw.Close() // want `use pw.CloseWithError\(err\)`
		return
	}
	pw.CloseWithError(zw.Close())
}

// The write's error is replaced before the test.
func replaced(pw *io.PipeWriter, b []byte) {
	_, err := pw.Write(b)
	err = check()
	if err != nil {
		pw.Close() // want `use pw.CloseWithError\(err\)`
		return
	}
	pw.Close()
}

// Another pipe's write failed: this pipe's reader is still there.
func otherPipe(pw, side *io.PipeWriter, b []byte) {
	if _, err := side.Write(b); err != nil {
		pw.Close() // want `use pw.CloseWithError\(err\)`
		return
	}
	pw.Close()
}

// ---- the deferred Close on a logged error ----

// Silent: the pipe's own write failed.
func deferredOwnWrite(bs [][]byte) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close()
		for _, b := range bs {
			_, err := pw.Write(b)
			if err != nil {
				log.Printf("write: %v", err)
				return
			}
		}
	}()
	return pr
}

// Reported: a compressor's error.
func deferredCompressed(bs [][]byte) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close()
		zw := gzip.NewWriter(pw)
		for _, b := range bs {
			if _, err := zw.Write(b); err != nil {
				log.Printf("write: %v", err)
				return // want `this error path returns with err in hand and the deferred pw.Close\(\) gives the reader a clean io.EOF after truncated data`
			}
		}
		if err := zw.Close(); err != nil {
			log.Printf("close: %v", err)
			return // want `this error path returns with err in hand`
		}
	}()
	return pr
}
