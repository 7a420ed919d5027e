// Package flowrtclose: a flowrt writer closed with Close on an error path
// ends the stream cleanly, so its reader takes the truncated data for all
// of it (found by the bpcorpus hunt: the rule covered only io.Pipe).
package flowrtclose

import (
	"bufio"
	"context"
	"io"

	"github.com/flowvet/flowvet/flowrt"
)

func scan(ctx context.Context, in io.Reader, w *flowrt.Writer[string]) {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		if err := w.Send(ctx, sc.Text()); err != nil {
			w.Close() // want `w.Close\(\) on the error path: the reader sees a clean io.EOF after truncated data; use w.CloseWithError\(err\)`
			return
		}
	}
	if err := sc.Err(); err != nil {
		w.Close() // want `use w.CloseWithError\(err\)`
		return
	}
	w.Close()
}

func produce(ctx context.Context, in io.Reader) *flowrt.Reader[[]byte] {
	r, w := flowrt.NewBytePipe()
	go func() {
		buf := make([]byte, 4096)
		for {
			n, rerr := in.Read(buf)
			if n > 0 && !w.Write(append([]byte(nil), buf[:n]...)) {
				if derr := w.Drain(ctx); derr != nil {
					w.Close() // want `use w.CloseWithError\(derr\)`
					return
				}
			}
			if rerr != nil && rerr != io.EOF {
				w.Close() // want `use w.CloseWithError\(rerr\)`
				return
			}
			if rerr != nil {
				w.Close()
				return
			}
		}
	}()
	return r
}

// rerr may be io.EOF, and a flowrt writer's CloseWithError(io.EOF) drops
// the buffered items: reported, but without the fix.
func relay(ctx context.Context, in io.Reader, w *flowrt.Writer[[]byte]) {
	for {
		buf := make([]byte, 4096)
		n, rerr := in.Read(buf)
		if err := w.Send(ctx, buf[:n]); err != nil {
			w.CloseWithError(err)
			return
		}
		if rerr != nil {
			w.Close() // want `use w.CloseWithError\(rerr\)`
			return
		}
	}
}

// ---- silent ----

func destroyed(ctx context.Context, lines []string, w *flowrt.Writer[string]) {
	for _, l := range lines {
		if err := w.Send(ctx, l); err != nil {
			w.CloseWithError(err)
			w.Close() // after CloseWithError: the first close wins
			return
		}
	}
	w.Close()
}

// Close returns the stream's error, CloseWithError nil: a Close whose
// result is used is not rewritten.
func result(ctx context.Context, lines []string, w *flowrt.Writer[string]) error {
	for _, l := range lines {
		if err := w.Send(ctx, l); err != nil {
			return w.Close()
		}
	}
	return w.Close()
}

// The consumer giving up is no error path of the writer.
func consumer(ctx context.Context, r *flowrt.Reader[int]) error {
	for {
		_, err := r.Read(ctx)
		if err != nil {
			r.Close()
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}
