// Package deferclose: a deferred clean Close of a pipe writer in a function
// that returns a failure while the pipe is open.
package deferclose

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/flowvet/flowvet/flowrt"
	"golang.org/x/sync/errgroup"
)

func produce(pw *io.PipeWriter, vs []int) error {
	defer pw.Close() // want `defer pw.Close\(\) closes the pipe cleanly on the error return at line 22 too: the reader gets a clean io.EOF after truncated data \(the first close wins, so a caller's CloseWithError comes too late\); close it with the function's error: defer func\(\) \{ pw.CloseWithError\(err\) \}\(\) over a named error result`
	enc := json.NewEncoder(pw)
	for _, v := range vs {
		if err := enc.Encode(v); err != nil {
			return err
		}
	}
	return nil
}

func named(ctx context.Context, w *flowrt.Writer[int], n int) (count int, err error) {
	defer w.Close() // want `defer w.Close\(\) closes the pipe cleanly on the error return at line 31 too`
	if n < 0 {
		return 0, errors.New("negative")
	}
	for i := range n {
		if err = w.Send(ctx, i); err != nil {
			return i, err
		}
	}
	return n, nil
}

func pair(pw *io.PipeWriter, data []byte) (int, error) {
	defer pw.Close() // want `defer pw.Close\(\) closes the pipe cleanly on the error return at line 45 too`
	n, err := pw.Write(data)
	if err != nil {
		return n, fmt.Errorf("write: %w", err)
	}
	return n, nil
}

func stage(ctx context.Context, p *flowrt.Pipeline, lines []string) *flowrt.Reader[string] {
	return flowrt.Source(p, func(ctx context.Context, w *flowrt.Writer[string]) error {
		defer w.Close() // want `defer w.Close\(\) closes the stream cleanly on the error return at line 55 too: the next stage gets a clean end after truncated data; drop the defer: the pipeline closes a stage's writer when it returns nil and destroys it with its error otherwise`
		for _, l := range lines {
			if l == "" {
				return errors.New("empty line")
			}
			if err := w.Send(ctx, l); err != nil {
				return err
			}
		}
		return nil
	})
}

// No fix: err is taken in the function's scope.
func taken(pw *io.PipeWriter) error {
	err := check()
	defer pw.Close() // want `defer pw.Close\(\) closes the pipe cleanly on the error return at line 70 too`
	if err != nil {
		return err
	}
	return nil
}

func check() error { return nil }

// ---- silent ----

// The closure form: the reader gets the function's error.
func closure(pw *io.PipeWriter, v any) (err error) {
	defer func() { pw.CloseWithError(err) }()
	return json.NewEncoder(pw).Encode(v)
}

// CloseWithError on the error path: the deferred Close is a no-op after it.
func explicit(pw *io.PipeWriter, v any) error {
	defer pw.Close()
	if err := json.NewEncoder(pw).Encode(v); err != nil {
		pw.CloseWithError(err)
		return err
	}
	return nil
}

// No path returns a failure.
func onlySuccess(pw *io.PipeWriter, v any) error {
	defer pw.Close()
	_ = json.NewEncoder(pw).Encode(v)
	return nil
}

// A goroutine without results: the logged-error rule's (checkDeferredClose).
func inGoroutine(pw *io.PipeWriter, v any) {
	go func() {
		defer pw.Close()
		if err := json.NewEncoder(pw).Encode(v); err != nil {
			pw.CloseWithError(err)
		}
	}()
}

// Both ends stay in the function: the failure reaches g.Wait, whatever the
// sibling took for the end (apptainer's calculateChecksums).
func checksums(r io.Reader, sum func(io.Reader) (string, error)) (string, string, error) {
	pr, pw := io.Pipe()
	tr := io.TeeReader(r, pw)
	var g errgroup.Group
	var a, b string
	g.Go(func() error {
		defer pw.Close()
		var err error
		if a, err = sum(tr); err != nil {
			return fmt.Errorf("first: %w", err)
		}
		return nil
	})
	g.Go(func() error {
		var err error
		b, err = sum(pr)
		return err
	})
	err := g.Wait()
	return a, b, err
}

// The pipe is made and read here: a dump of a failed round trip is never
// returned (net/http/httputil's DumpRequestOut).
func dump(send func(io.Writer) error, parse func(io.Reader)) ([]byte, error) {
	var buf bytes.Buffer
	pr, pw := io.Pipe()
	defer pr.Close()
	defer pw.Close()
	go parse(io.TeeReader(pr, &buf))
	if err := send(pw); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
