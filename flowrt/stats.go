package flowrt

import (
	"math"
	"time"
)

// epoch is the base of monoNow.
var epoch = time.Now()

// monoNow reads the monotonic clock only (time.Now reads the wall clock
// too, at twice the cost).
func monoNow() time.Duration { return time.Since(epoch) }

// addWaitLocked adds a finished Drain that parked at parked (monoNow) to
// the wait statistics. Every Drain that parks is timed (an estimate from a
// sample extrapolated the first wait of a run, often the longest, to the
// ones after it); one that the reader ended during its one yield of the
// thread (see spinsBeforePark) counts as a wait of 0: timing those too
// cost a pipeline at the default mark 10% (docs/performance.md).
func (p *pipe[T]) addWaitLocked(parked time.Duration) {
	p.drainWait += monoNow() - parked
}

// Stats is a snapshot of a pipe's state and counters. Sizes are in the
// pipe's Unit; In and Out count items (chunks, for a pipe in Bytes).
type Stats struct {
	Unit          Unit          // what HighWaterMark, Limit and Buffered count
	Buffered      int           // size buffered now, not yet taken by the reader
	HighWaterMark int           // the mark
	Limit         int           // the hard limit; Unlimited if none
	MarkReached   int64         // how many times Write returned false because the buffer reached the mark
	Waits         int64         // how many times a writer blocked in Drain or Send
	DrainWait     time.Duration // total time writers spent parked in Drain and Send (a wait ended by the reader during the writer's one yield of the thread counts 0)
	In            int64         // items accepted
	Out           int64         // items taken by the reader (in batches: Read returns them one by one)
}

func (p *pipe[T]) stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	limit := p.limit
	if limit == math.MaxInt {
		limit = Unlimited
	}
	return Stats{
		Unit:          p.unit(),
		Buffered:      p.size,
		HighWaterMark: p.hwm,
		Limit:         limit,
		MarkReached:   p.markReached,
		Waits:         p.waits,
		DrainWait:     p.drainWait,
		In:            p.out + p.dropped + int64(len(p.buf)),
		Out:           p.out,
	}
}

// Stats returns a snapshot of the pipe's state and counters. It takes the
// pipe's lock once: cheap enough for a metrics scrape.
func (w *Writer[T]) Stats() Stats { return w.p.stats() }

// pipe returns the pipe, for a Pipeline's teardown.
func (w *Writer[T]) pipe() destroyer { return w.p }

// Stats returns a snapshot of the pipe's state and counters, as
// Writer.Stats does. It is safe to call from any goroutine.
func (r *Reader[T]) Stats() Stats { return r.p.stats() }

// unit returns the pipe's unit.
func (p *pipe[T]) unit() Unit {
	if p.measure != nil {
		return Bytes
	}
	return Items
}
