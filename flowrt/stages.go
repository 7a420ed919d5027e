package flowrt

import (
	"context"
	"iter"
	"sync"
)

// FromSlice adds a source stage that writes the items of items in order,
// then closes its output (Node's Readable.from of an array). The items are
// written in runs that fit below the mark, as SendAll writes them.
// Options: those of a stage's output.
func FromSlice[T any](p *Pipeline, items []T, opts ...Option) *Reader[T] {
	return newStage(p, "FromSlice", opts, func(ctx context.Context, w *Writer[T]) error {
		return w.SendAll(ctx, items)
	})
}

// FromSeq adds a source stage that writes the values of seq in order, then
// closes its output (Node's Readable.from of an iterable). When the
// pipeline fails, the iterator is stopped (its yield returns false, so
// its deferred cleanup runs) and the stage returns. Options: those of a
// stage's output.
func FromSeq[T any](p *Pipeline, seq iter.Seq[T], opts ...Option) *Reader[T] {
	return newStage(p, "FromSeq", opts, func(ctx context.Context, w *Writer[T]) error {
		for v := range seq {
			if err := w.Send(ctx, v); err != nil {
				return err
			}
		}
		// The iterator ended: every value was written. (A pipeline that
		// failed meanwhile has its error already; its context is no
		// reason to fail a complete source, e.g. one whose reader left
		// right after the last value.)
		return nil
	})
}

// Merge adds a fan-in stage: its output gets every item of every input,
// the items of each input in that input's order (the inputs interleave
// as they come). It closes its output when every input has ended; the
// first error of an input fails the pipeline. Merge with no inputs has an
// output that is closed at once. Its output has the default mark.
func Merge[T any](p *Pipeline, ins ...*Reader[T]) *Reader[T] {
	inputs := make([]stageInput, len(ins))
	for i, in := range ins {
		inputs[i] = in
	}
	r, w := newStagePipe[T](p, config{})
	p.start("Merge", inputs, []stageOutput{w}, func(ctx context.Context) error {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var (
			wg    sync.WaitGroup
			once  sync.Once
			first error
		)
		for _, in := range ins {
			wg.Go(func() {
				if err := copyBatches(ctx, in, w); err != nil {
					once.Do(func() { first = err })
					cancel() // the other inputs stop
				}
			})
		}
		wg.Wait()
		return first
	})
	return r
}

// copyBatches writes every item of in to w, a batch at a time, until in
// ends.
func copyBatches[T any](ctx context.Context, in *Reader[T], w *Writer[T]) error {
	return in.eachBatch(ctx, func(batch []T) error { return w.SendAll(ctx, batch) })
}

// Tee adds a fan-out stage: both of its outputs get every item of in, in
// order. The stage writes each batch to one output and then the other,
// so the slower branch holds the faster one back (at most one mark
// ahead), as with Node's pipe to two destinations. Items are not copied:
// both branches get the same values (the same chunk, for []byte items),
// which they must not modify. The options apply to both outputs.
func Tee[T any](p *Pipeline, in *Reader[T], opts ...Option) (*Reader[T], *Reader[T]) {
	c := newConfig(opts)
	r1, w1 := newStagePipe[T](p, c)
	r2, w2 := newStagePipe[T](p, c)
	p.start("Tee", []stageInput{in}, []stageOutput{w1, w2}, func(ctx context.Context) error {
		return in.eachBatch(ctx, func(batch []T) error {
			if err := w1.SendAll(ctx, batch); err != nil {
				return err
			}
			return w2.SendAll(ctx, batch)
		})
	})
	return r1, r2
}
