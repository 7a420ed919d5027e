// Package pe: pipelineerr findings and correct error handling.
package pe

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"

	"github.com/flowvet/flowvet/flowrt"
)

// DroppedWait runs a pipeline and drops its error.
func DroppedWait(ctx context.Context, words []string) {
	p := flowrt.NewPipeline(ctx)
	src := flowrt.Source(p, func(ctx context.Context, w *flowrt.Writer[string]) error {
		for _, s := range words {
			if err := w.Send(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	up := flowrt.Map(p, src, func(ctx context.Context, s string) (string, error) {
		return strings.ToUpper(s), nil
	})
	flowrt.Sink(p, up, func(ctx context.Context, r *flowrt.Reader[string]) error {
		for {
			s, err := r.Read(ctx)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			println(s)
		}
	})
	p.Wait()
}

// DroppedCopy drops io.Copy's error: a short copy looks like success.
func DroppedCopy(dst io.Writer, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	io.Copy(dst, f)
	return nil
}

// CloseOnError closes a pipe cleanly although encoding failed.
func CloseOnError(v any) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		if err := json.NewEncoder(pw).Encode(v); err != nil {
			pw.Close()
			return
		}
		pw.Close()
	}()
	return pr
}

// Good: silent.

// Waited returns the pipeline's error.
func Waited(ctx context.Context, r io.Reader, w io.Writer) error {
	p := flowrt.NewPipeline(ctx)
	flowrt.ToWriter(p, flowrt.FromReader(p, r), w)
	return p.Wait()
}

// CloseWithError hands the error to the reader.
func CloseWithError(v any) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(json.NewEncoder(pw).Encode(v))
	}()
	return pr
}

// DrainBody copies into io.Discard on purpose.
func DrainBody(r io.Reader) {
	io.Copy(io.Discard, r)
}

// CheckedCopy checks the copy.
func CheckedCopy(dst io.Writer, src io.Reader) error {
	_, err := io.Copy(dst, src)
	return err
}
