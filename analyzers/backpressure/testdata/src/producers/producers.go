// Package producers is realistic flowrt producer code, written correctly:
// the analyzer must stay silent on all of it.
package producers

import (
	"bufio"
	"context"
	"io"
	"strings"

	"github.com/flowvet/flowvet/flowrt"
)

// Numbers is a source stage that waits whenever the buffer is full.
func Numbers(p *flowrt.Pipeline, n int) *flowrt.Reader[int] {
	return flowrt.Source(p, func(ctx context.Context, w *flowrt.Writer[int]) error {
		for i := range n {
			if !w.Write(i) {
				if err := w.Drain(ctx); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Lines reads lines with the blocking write.
func Lines(p *flowrt.Pipeline, r io.Reader) *flowrt.Reader[string] {
	return flowrt.Source(p, func(ctx context.Context, w *flowrt.Writer[string]) error {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if err := w.Send(ctx, sc.Text()); err != nil {
				return err
			}
		}
		return sc.Err()
	})
}

// Upper is a transform stage that selects on the drain signal.
func Upper(p *flowrt.Pipeline, in *flowrt.Reader[string]) *flowrt.Reader[string] {
	return flowrt.Transform(p, in, func(ctx context.Context, r *flowrt.Reader[string], w *flowrt.Writer[string]) error {
		for s := range r.All(ctx) {
			if w.Write(strings.ToUpper(s)) {
				continue
			}
			select {
			case <-w.Drained():
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return r.Err()
	})
}

// Batch groups items and flushes the last batch at the end.
func Batch(p *flowrt.Pipeline, in *flowrt.Reader[int], size int) *flowrt.Reader[[]int] {
	return flowrt.Transform(p, in, func(ctx context.Context, r *flowrt.Reader[int], w *flowrt.Writer[[]int]) error {
		var batch []int
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			ok := w.Write(batch)
			batch = nil
			if !ok {
				return w.Drain(ctx)
			}
			return nil
		}
		for {
			v, err := r.Read(ctx)
			if err == io.EOF {
				return flush()
			}
			if err != nil {
				return err
			}
			batch = append(batch, v)
			if len(batch) == size {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	})
}

// Splitter writes several items per input and waits once per input.
func Splitter(p *flowrt.Pipeline, in *flowrt.Reader[string]) *flowrt.Reader[string] {
	return flowrt.Transform(p, in, func(ctx context.Context, r *flowrt.Reader[string], w *flowrt.Writer[string]) error {
		for line := range r.All(ctx) {
			full := false
			for _, f := range strings.Fields(line) {
				if !w.Write(f) {
					full = true
					break
				}
			}
			if full {
				if err := w.Drain(ctx); err != nil {
					return err
				}
			}
		}
		return r.Err()
	})
}

// emit is a wrapper; its callers below check it.
func emit(w *flowrt.Writer[int], v int) bool { // want emit:`backpressure signal in results \[0\]`
	return w.Write(v)
}

func Squares(ctx context.Context, w *flowrt.Writer[int], n int) error {
	for i := range n {
		if emit(w, i*i) {
			continue
		}
		if err := w.Drain(ctx); err != nil {
			return err
		}
	}
	return w.Close()
}

// Fanout writes to every output and waits for the slow ones.
func Fanout(ctx context.Context, outs []*flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		var slow []*flowrt.Writer[int]
		for _, w := range outs {
			if !w.Write(v) {
				slow = append(slow, w)
			}
		}
		for _, w := range slow {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// Retry writes with a bounded number of waits.
func Retry(ctx context.Context, w *flowrt.Writer[int], v int) error {
	if w.Write(v) {
		return nil
	}
	return w.Drain(ctx)
}

// Stream reports back to its caller when to stop.
type Stream struct {
	w    *flowrt.Writer[int]
	full bool
}

func (s *Stream) Put(v int) {
	s.full = !s.w.Write(v)
}

func (s *Stream) Wait(ctx context.Context) error {
	if !s.full {
		return nil
	}
	s.full = false
	return s.w.Drain(ctx)
}

// Pump copies between two pipes, one drain per batch.
func Pump(ctx context.Context, r *flowrt.Reader[int], w *flowrt.Writer[int]) error {
	for {
		v, err := r.Read(ctx)
		if err == io.EOF {
			return w.Close()
		}
		if err != nil {
			return w.CloseWithError(err)
		}
		ok := w.Write(v)
		if ok {
			continue
		}
		if err := w.Drain(ctx); err != nil {
			return err
		}
	}
}

// WriteAll returns early with the count written when the buffer fills.
func WriteAll(w *flowrt.Writer[string], items []string) (n int, full bool) {
	for _, it := range items {
		if !w.Write(it) {
			return n + 1, true
		}
		n++
	}
	return n, false
}
