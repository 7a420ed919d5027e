package flowrt

import (
	"math"
	"time"
)

// timeEvery: one blocking Drain in timeEvery is timed (the first one
// always); the others are counted at the mean of the timed ones. A pipeline
// blocks in Drain about once per batch on each pipe, and the two clock
// reads of a timed wait cost about 50 ns here: timing every wait cost the
// byte pipe and the default-mark pipeline 5-7% (docs/performance.md).
const timeEvery = 32

// epoch is the base of monoNow.
var epoch = time.Now()

// monoNow reads the monotonic clock only (time.Now reads the wall clock
// too, at twice the cost).
func monoNow() time.Duration { return time.Since(epoch) }

// addWaitLocked adds a finished blocking Drain to the wait statistics;
// parked is monoNow() when it blocked if it was timed, negative otherwise.
func (p *pipe[T]) addWaitLocked(parked time.Duration) {
	if parked >= 0 {
		d := monoNow() - parked
		p.timedWaits++
		p.timedWait += d
		p.meanWait = p.timedWait / time.Duration(p.timedWaits)
		p.drainWait += d
	} else {
		p.drainWait += p.meanWait
	}
}

// Stats is a snapshot of a pipe's state and counters. Sizes are in the
// mark's unit: items, or bytes for a byte pipe.
type Stats struct {
	Buffered      int           // size buffered now, not yet taken by the reader
	HighWaterMark int           // the mark
	Limit         int           // the hard limit; Unlimited if none
	MarkReached   int64         // how many times Write returned false because the buffer reached the mark
	Waits         int64         // how many times a writer blocked in Drain or Send
	DrainWait     time.Duration // total time writers spent blocked in Drain and Send (one wait in 32 is timed, the others estimated at the mean)
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
