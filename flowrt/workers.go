package flowrt

import (
	"context"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// A Map with Workers(n) decides batch by batch where its function runs.
// Handing a batch to other goroutines and taking the results back costs a
// few microseconds of wake-ups; a function that takes nanoseconds would
// run slower on n goroutines than on one. So the stage goroutine runs a
// batch itself while the batch's estimated work (the measured cost per
// item times its length) is small, and hands it to the workers, in
// segments, once it is large. The estimate is kept from timed batches:
// the stage's own (three clock reads per batch) and the workers' (two per
// segment).
const (
	// parallelAbove: a batch estimated to take longer goes to the workers.
	parallelAbove = 50 * time.Microsecond
	// inlineBelow: in parallel mode, a batch estimated to take less than
	// this runs in the stage goroutine again (the gap is hysteresis).
	inlineBelow = 10 * time.Microsecond
	// tinyBatch: a batch estimated to take less than this (a function of
	// nanoseconds) is timed once in untimedRuns+1: its three clock reads
	// cost about as much as its work (16% of a Map with Workers on a
	// trivial function: docs/performance.md). A function that turns slow
	// is then caught within untimedRuns+1 batches instead of one.
	tinyBatch   = parallelAbove / 64
	untimedRuns = 3
	// itemAbove: an unordered Map whose function is estimated to take
	// longer per item hands the workers one item at a time (a hand-off
	// costs ~1 µs: under 5% of such a call), so that a slow call delays
	// no item after it in its segment.
	itemAbove = 20 * time.Microsecond
)

// segment is a run of consecutive items of one input batch, handed to a
// worker, with its results. At most 2n segments exist: they cycle between
// the dispatcher, the workers and (ordered) the emitter, so nothing is
// allocated per item or per batch in steady state.
type segment[A, B any] struct {
	in   []A
	out  []B
	err  error
	done chan struct{} // capacity 1: the worker finished
}

// mapWorkers runs fn on the items of in with up to n goroutines and writes
// the results to w, in the input order if ordered, in completion order
// otherwise. The first error (a function's, a panic's, the stream's or the
// context's) stops it and is returned.
func mapWorkers[A, B any](ctx context.Context, in *Reader[A], w *Writer[B], fn func(context.Context, A) (B, error), n int, ordered bool) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	fail := func(err error) { cancel(err) } // the first cause stays

	var (
		perItem  atomic.Int64 // estimated cost of fn per item, in ns
		m        mapper[A, B]
		parallel bool
		made     int // segments made so far (at most 2n)
		untimed  int // batches run in the stage goroutine without timing since the last timed one
		free     = make(chan *segment[A, B], 2*n)
		jobs     = make(chan *segment[A, B], n)
		order    = make(chan *segment[A, B], 2*n) // ordered: segments in input order, for the emitter
		wg       sync.WaitGroup
		started  bool
	)
	estimate := func(d time.Duration, items int) {
		if items == 0 {
			return
		}
		cost := int64(d) / int64(items)
		if old := perItem.Load(); old != 0 {
			cost = (3*old + cost) / 4
		}
		perItem.Store(max(cost, 1))
	}
	// compute runs fn on a segment, in a worker.
	compute := func(s *segment[A, B]) {
		t0 := monoNow()
		s.err = run("", ctx, func(ctx context.Context) error {
			for _, a := range s.in {
				b, err := fn(ctx, a)
				if err != nil {
					return err
				}
				s.out = append(s.out, b)
			}
			return nil
		})
		estimate(monoNow()-t0, len(s.in))
	}
	recycle := func(s *segment[A, B]) {
		clear(s.in)
		clear(s.out)
		s.in, s.out, s.err = s.in[:0], s.out[:0], nil
		free <- s
	}
	startWorkers := func() {
		started = true
		for range n {
			wg.Go(func() {
				for s := range jobs {
					if ctx.Err() == nil {
						compute(s)
					} else {
						s.err = context.Cause(ctx)
					}
					if s.err != nil {
						fail(s.err)
					}
					if ordered {
						s.done <- struct{}{}
						continue
					}
					if s.err == nil {
						if err := w.SendAll(ctx, s.out); err != nil {
							fail(err)
						}
					}
					recycle(s)
				}
			})
		}
		if ordered {
			wg.Go(func() {
				for s := range order {
					<-s.done
					if s.err == nil && ctx.Err() == nil {
						if err := w.SendAll(ctx, s.out); err != nil {
							fail(err)
						}
					}
					recycle(s)
				}
			})
		}
	}
	// take returns a free segment, making one while fewer than 2n exist.
	take := func() (*segment[A, B], bool) {
		if made < 2*n {
			select {
			case s := <-free:
				return s, true
			default:
			}
			made++
			return &segment[A, B]{done: make(chan struct{}, 1)}, true
		}
		select {
		case s := <-free:
			return s, true
		case <-ctx.Done():
			return nil, false
		}
	}
	// dispatch hands batch to the workers in up to n segments.
	dispatch := func(batch []A) bool {
		if !started {
			startWorkers()
		}
		size := (len(batch) + n - 1) / n
		if !ordered && time.Duration(perItem.Load()) >= itemAbove {
			// Unordered, a segment's items wait for each other only:
			// one item each, a slow call holds back nothing else.
			size = 1
		}
		for len(batch) > 0 {
			s, ok := take()
			if !ok {
				return false
			}
			k := min(size, len(batch))
			s.in = append(s.in, batch[:k]...)
			batch = batch[k:]
			if ordered {
				order <- s // never blocks: it holds every segment
			}
			jobs <- s // blocks only while the n workers are busy
		}
		return true
	}
	// toParallel dispatches batch, first waiting for the drain that the
	// stage's own last write still owes, so that the workers' writes
	// stay within the mark.
	toParallel := func(batch []A) error {
		if m.full {
			if err := w.Drain(ctx); err != nil {
				return err
			}
			m.full = false
		}
		parallel = true
		if !dispatch(batch) {
			return context.Cause(ctx)
		}
		return nil
	}
	// quiesce waits until every segment is back: the results of the
	// parallel batches are all written, and the stage may write again.
	quiesce := func() bool {
		got := make([]*segment[A, B], 0, made)
		defer func() {
			for _, s := range got {
				free <- s
			}
		}()
		for len(got) < made {
			select {
			case s := <-free:
				got = append(got, s)
			case <-ctx.Done():
				return false
			}
		}
		return true
	}

	// inline runs batch in the stage goroutine. It times the first item
	// alone, so that a slow function goes to the workers within its first
	// batch.
	inline := func(batch []A) error {
		if cost := time.Duration(perItem.Load()); cost != 0 && cost*time.Duration(len(batch)) < tinyBatch && untimed < untimedRuns {
			untimed++
			return m.run(ctx, fn, batch, w)
		}
		untimed = 0
		t0 := monoNow()
		m.out = m.out[:0]
		b, err := fn(ctx, batch[0])
		if err != nil {
			return err
		}
		m.out = append(m.out, b)
		first := monoNow() - t0
		if rest := batch[1:]; first*time.Duration(len(rest)) > parallelAbove {
			estimate(first, 1)
			if err := m.write(ctx, w); err != nil {
				return err
			}
			return toParallel(rest)
		}
		for _, a := range batch[1:] {
			b, err := fn(ctx, a)
			if err != nil {
				return err
			}
			m.out = append(m.out, b)
		}
		estimate(monoNow()-t0, len(batch))
		return m.write(ctx, w)
	}

	func() {
		defer func() {
			close(jobs)
			close(order)
		}()
		for ctx.Err() == nil {
			batch, err := in.takeBatch(ctx)
			if err == io.EOF {
				return
			}
			if err != nil {
				fail(err)
				return
			}
			work := time.Duration(perItem.Load()) * time.Duration(len(batch))
			if parallel && work < inlineBelow && perItem.Load() != 0 {
				if !quiesce() {
					return
				}
				m.full = false // the workers' writes waited for their drains
				parallel = false
			}
			if parallel || work > parallelAbove {
				if err := toParallel(batch); err != nil {
					fail(err)
					return
				}
				continue
			}
			if err := run("", ctx, func(ctx context.Context) error {
				return inline(batch)
			}); err != nil {
				fail(err)
				return
			}
		}
	}()
	wg.Wait()
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}
