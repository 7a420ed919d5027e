package flowrt

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

const (
	defaultItemMark = 16
	defaultByteMark = 64 << 10
)

// closedChan is returned by Drained when there is nothing to wait for.
var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// pipe is the state a Reader and a Writer share. Everything is guarded by
// mu except dead, which the reader's fast path reads without the lock.
//
// The writer appends to buf; the reader swaps buf with its own (emptied)
// batch slice in one step, so two slices are reused for ever (double
// buffering) and the lock is taken once per batch on the reading side.
type pipe[T any] struct {
	mu      sync.Mutex
	buf     []T
	size    int         // buffered size: items, or bytes when measure != nil
	hwm     int         // the high-water mark
	limit   int         // the hard limit (math.MaxInt: none)
	measure func(T) int // nil: every item counts 1

	stop      bool  // closed, err != nil or abandoned != nil: Write refuses
	closed    bool  // the writer called Close
	err       error // the stream failed; sticky, first error wins
	rclosed   bool  // the reader called Close
	abandoned error // the reading stage returned: the error of a later Write

	// dead is set when the stream failed and buffered items were discarded
	// (CloseWithError, Reader.Close, pipeline teardown): the reader drops
	// the rest of its batch too.
	dead atomic.Bool

	// Counters for Stats.
	out, dropped, markReached int64         // In is out + dropped + len(buf)
	waits                     int64         // Drain calls that blocked
	timedWaits                int64         // those whose duration was measured
	timedWait                 time.Duration // their total duration
	meanWait                  time.Duration // timedWait / timedWaits
	drainWait                 time.Duration // the total, measured and estimated

	// Waiting. A goroutine whose context can only end in a way that wakes
	// the pipe anyway (a context that is never done, or the pipeline's:
	// see quietDone) parks on a sync.Cond on mu: a single-queue park and
	// wake-up, about half the cost of a select that also watches ctx.Done.
	// Any other context waits in a select on a signal channel and
	// ctx.Done.
	readerWaiting waitMode      // how the reader is parked, if it is
	readerCond    sync.Cond     // L is &mu
	dataSig       chan struct{} // capacity 1: wakes the (single) reader parked in a select
	drainWaiters  int           // writers blocked in Drain, in a select (drainSig)
	drainCondN    int           // writers blocked in Drain on drainCond
	drainCond     sync.Cond     // L is &mu; broadcast on drain, failure and cancellation
	drainSig      chan struct{} // capacity 1: wakes a writer blocked in Drain's select
	drainCh       chan struct{} // made by Drained; closed when buf empties or the stream fails

	// quietDone is the Done channel of a context whose end is guaranteed
	// to wake every goroutine parked on the conds (a pipeline's: the
	// pipeline calls wake when it ends); nil for a pipe of NewPipe.
	quietDone <-chan struct{}
}

func newPipe[T any](c config, bytes bool) *pipe[T] {
	p := &pipe[T]{hwm: c.hwm, dataSig: make(chan struct{}, 1), drainSig: make(chan struct{}, 1)}
	p.readerCond.L = &p.mu
	p.drainCond.L = &p.mu
	if bytes {
		p.measure = any(func(b []byte) int { return len(b) }).(func(T) int)
		if p.hwm == 0 {
			p.hwm = defaultByteMark
		}
	} else if p.hwm == 0 {
		p.hwm = defaultItemMark
	}
	switch {
	case c.limit == Unlimited:
		p.limit = math.MaxInt
	case c.limit == 0:
		p.limit = p.hwm * DefaultLimitFactor
		if p.limit/DefaultLimitFactor != p.hwm { // overflowed
			p.limit = math.MaxInt
		}
	case c.limit < p.hwm:
		panic(fmt.Sprintf("flowrt: Limit(%d) is below the high-water mark %d", c.limit, p.hwm))
	default:
		p.limit = c.limit
	}
	return p
}

// isBytes reports whether T is []byte, whose pipes are measured in bytes.
func isBytes[T any]() bool {
	_, ok := any((*T)(nil)).(*[]byte)
	return ok
}

// NewPipe returns the two ends of an in-memory stream of T whose
// high-water mark counts items (16 by default; see HighWaterMark).
//
// The Writer's methods may be called from several goroutines at once. The
// Reader's Read and All are for one goroutine at a time (like a
// bufio.Reader); its Close may be called from any goroutine.
func NewPipe[T any](opts ...Option) (*Reader[T], *Writer[T]) {
	p := newPipe[T](newConfig(opts), false)
	return &Reader[T]{p: p}, &Writer[T]{p: p}
}

// NewBytePipe returns the two ends of a stream of byte chunks whose
// high-water mark counts bytes, the sum of the chunks' lengths (64 KiB by
// default). Chunks are passed by reference: after a successful Write the
// chunk belongs to the reader, and the writer must not modify it.
func NewBytePipe(opts ...Option) (*Reader[[]byte], *Writer[[]byte]) {
	p := newPipe[[]byte](newConfig(opts), true)
	return &Reader[[]byte]{p: p}, &Writer[[]byte]{p: p}
}

// failLocked records the stream's first error. discard drops the buffered
// items (a destroy); otherwise the reader gets them before err.
func (p *pipe[T]) failLocked(err error, discard bool) {
	if p.err != nil {
		return
	}
	p.err = err
	p.stop = true
	if discard {
		p.dropped += int64(len(p.buf))
		clear(p.buf)
		p.buf = p.buf[:0]
		p.size = 0
		p.dead.Store(true)
	}
	p.wakeReaderLocked()
	p.drainedLocked()
}

// refuseLocked fails the stream for a write it cannot accept.
func (p *pipe[T]) refuseLocked() {
	switch {
	case p.err != nil:
	case p.closed:
		p.failLocked(ErrWriteAfterClose, false)
	case p.abandoned != nil:
		p.failLocked(p.abandoned, true)
	}
}

// overflowLocked fails the stream for a write of size n that would take
// the buffer past its limit. The reader gets the buffered items first.
func (p *pipe[T]) overflowLocked(n int) {
	unit := "items"
	if p.measure != nil {
		unit = "bytes"
	}
	p.failLocked(fmt.Errorf("%w: %d %s buffered and %d more written (high-water mark %d, limit %d): "+
		"the producer ignored Write's false; when Write returns false, stop and call Drain, or use Send",
		ErrOverflow, p.size, unit, n, p.hwm, p.limit), false)
}

// destroy fails the stream and discards what it buffers (pipeline teardown).
func (p *pipe[T]) destroy(err error) {
	p.mu.Lock()
	p.failLocked(err, true)
	p.mu.Unlock()
}
