package gclfixture

import (
	"context"
	"strings"

	"github.com/flowvet/flowvet/flowrt"
)

// BUG backpressure: Write's false is the only signal that the consumer is
// behind; ignoring it lets the buffer grow without bound.
func produceAll(w *flowrt.Writer[string], lines []string) error {
	for _, l := range lines {
		w.Write(l)
	}
	return w.Close()
}

// OK: Send waits for the drain when the mark is reached.
func produceAllOK(ctx context.Context, w *flowrt.Writer[string], lines []string) error {
	for _, l := range lines {
		if err := w.Send(ctx, l); err != nil {
			return err
		}
	}
	return w.Close()
}

// OK: the false result stops the loop and waits for the drain.
func produceDrainOK(ctx context.Context, w *flowrt.Writer[string], lines []string) error {
	for _, l := range lines {
		if !w.Write(l) {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return w.Close()
}

// BUG writeafterclose: the trailer is written after Close; the writer
// rejects it and it is lost.
func produceWithTrailer(ctx context.Context, w *flowrt.Writer[string], lines []string) error {
	for _, l := range lines {
		if err := w.Send(ctx, l); err != nil {
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	return w.Send(ctx, "-- end --")
}

// BUG pipelineerr: the pipeline's error is dropped, so a failed stage looks
// like success to the caller.
func upper(ctx context.Context, in []string) []string {
	p := flowrt.NewPipeline(ctx)
	src := flowrt.Source(p, func(ctx context.Context, w *flowrt.Writer[string]) error {
		for _, s := range in {
			if err := w.Send(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	up := flowrt.Map(p, src, func(ctx context.Context, s string) (string, error) {
		return strings.ToUpper(s), nil
	})
	var out []string
	flowrt.Sink(p, up, func(ctx context.Context, r *flowrt.Reader[string]) error {
		for s := range r.All(ctx) {
			out = append(out, s)
		}
		return r.Err()
	})
	p.Wait()
	return out
}

// OK: the same pipeline with its error returned.
func upperOK(ctx context.Context, in []string) ([]string, error) {
	p := flowrt.NewPipeline(ctx)
	src := flowrt.Source(p, func(ctx context.Context, w *flowrt.Writer[string]) error {
		for _, s := range in {
			if err := w.Send(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	var out []string
	flowrt.Sink(p, src, func(ctx context.Context, r *flowrt.Reader[string]) error {
		for s := range r.All(ctx) {
			out = append(out, strings.ToUpper(s))
		}
		return r.Err()
	})
	err := p.Wait()
	return out, err
}

// OK: a justified suppression with flowvet's own directive.
func produceBestEffort(w *flowrt.Writer[string], l string) {
	//flowvet:ignore backpressure the caller polls Buffered and drops samples itself
	w.Write(l)
}

// BUG flowvetignore: a directive without a reason silences nothing and is
// reported; the Write under it is reported too.
func produceUnjustified(w *flowrt.Writer[string], l string) {
	//flowvet:ignore backpressure
	w.Write(l)
}
