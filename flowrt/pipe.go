package flowrt

import (
	"context"
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
// mu except flags, which the reader's fast path reads without the lock.
//
// The writer appends to buf; the reader swaps buf with its own (emptied)
// batch slice in one step, so two slices are reused for ever (double
// buffering) and the lock is taken once per batch on the reading side.
type pipe[T any] struct {
	mu      sync.Mutex
	guarded bool // the limit check and the Stats counters are on (always, but in a benchmark of their cost)
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

	// flags: flagDead and flagWoken, in one word so that the reader's
	// loop over its batch tests both with one load per item. Read and
	// written with the sync/atomic functions, which the compiler turns
	// into plain instructions wherever the call is: the methods of an
	// atomic.Uint32 must be inlined for that, and nothing is inlined in the
	// loop of All once All is inlined into its caller (a call per item,
	// 4% of a pipeline at mark 64).
	flags uint32

	// Counters for Stats.
	out, dropped, markReached int64         // In is out + dropped + len(buf)
	waits                     int64         // Drain calls that blocked
	drainWait                 time.Duration // their total duration

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
	readyCh       chan struct{} // made by Ready; closed when data comes or the stream ends

	// writerDone and readerDone are the Done channels of the contexts of
	// the pipeline stages that write and read the pipe (nil for a pipe of
	// NewPipe, or an end no stage owns). The end of either wakes every
	// goroutine parked on the conds (the stage calls wake), so a goroutine
	// waiting with one of them may park on a cond: see quiet.
	writerDone, readerDone <-chan struct{}

	// cancelWriter cancels the context of the stage that writes the pipe,
	// if a stage does: the reading stage returned before the end (see
	// Reader.release).
	cancelWriter context.CancelCauseFunc

	writtenBy string // the pipeline stage that writes the pipe, if one does
	readBy    string // the pipeline stage that reads the pipe, if one does
	touched   bool   // the reader was used (read, waited on or closed)
	// For IOWriter and IOReader (byte pipes only): chunks the reader has
	// finished with, for the writer to fill again, and openTail, len(buf)
	// when the last buffered chunk is one of those and may take more
	// bytes (0: none). The reader's hand-off and a destroy reset it.
	spare    [][]byte
	openTail int
	// direct is the buffer of an IOReader's Read that waits on an empty
	// pipe, for an IOWriter to copy into instead of a chunk: the bytes are
	// then copied once, as io.Pipe copies them, instead of twice (into a
	// chunk and out of it). directN bytes of it are filled. Both are set
	// and cleared by the waiting reader, under mu; a destroy drops the
	// filled bytes as it drops the reader's batch.
	direct  []byte
	directN int

	// orphan: the pipe's Pipeline is in Wait, and no stage reads the pipe
	// and nobody had used its reader: a writer that would wait for a drain
	// fails instead (see Pipeline.Wait).
	orphan bool
}

// newPipe makes a pipe configured by c, whose unit is unit unless c says.
func newPipe[T any](c config, unit Unit) *pipe[T] {
	p := &pipe[T]{hwm: c.hwm, guarded: !c.unguarded, dataSig: make(chan struct{}, 1), drainSig: make(chan struct{}, 1)}
	p.readerCond.L = &p.mu
	p.drainCond.L = &p.mu
	if c.unit != 0 {
		unit = c.unit
	}
	if unit == Bytes {
		measure, ok := any(chunkMeasure).(func(T) int)
		if !ok {
			var zero T
			panic(fmt.Sprintf("flowrt: Measure(Bytes) for a pipe of %T: only []byte items have a length to count", zero))
		}
		p.measure = measure
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

// chunkMeasure is the size of a chunk in a byte pipe: its length, and 1 for
// an empty chunk, so that empty chunks too reach the mark and the limit
// (a producer writing them in a loop is told to stop like any other).
func chunkMeasure(b []byte) int { return max(len(b), 1) }

// NewPipe returns the two ends of an in-memory stream of T whose
// high-water mark counts items (16 by default; see HighWaterMark).
//
// The Writer's methods may be called from several goroutines at once. The
// Reader's Read and All are for one goroutine at a time (like a
// bufio.Reader); its Close may be called from any goroutine.
func NewPipe[T any](opts ...Option) (*Reader[T], *Writer[T]) {
	p := newPipe[T](newConfig(opts), Items)
	return &Reader[T]{p: p}, &Writer[T]{p: p}
}

// NewBytePipe returns the two ends of a stream of byte chunks whose
// high-water mark counts bytes, the sum of the chunks' lengths (64 KiB by
// default). Chunks are passed by reference: after a successful Write the
// chunk belongs to the reader, and the writer must not modify it.
func NewBytePipe(opts ...Option) (*Reader[[]byte], *Writer[[]byte]) {
	p := newPipe[[]byte](newConfig(opts), Bytes)
	return &Reader[[]byte]{p: p}, &Writer[[]byte]{p: p}
}

// failLocked records the stream's first error. discard drops the buffered
// items (a destroy); otherwise the reader gets them before err. A destroy
// of a stream that already failed keeps the first error but still drops
// the items: a stream failed by an overflow or a write after Close, then
// torn down by its pipeline, must not keep feeding the next stage.
func (p *pipe[T]) failLocked(err error, discard bool) {
	if p.err == nil {
		p.err = err
		p.stop = true
	} else if !discard || p.dead() {
		return
	}
	if discard {
		p.dropped += int64(len(p.buf))
		clear(p.buf)
		p.openTail = 0
		p.directN = 0
		p.buf = p.buf[:0]
		p.size = 0
		atomic.OrUint32(&p.flags, flagDead)
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
	p.failLocked(fmt.Errorf("%w: %d %v buffered and %d more written (high-water mark %d, limit %d): "+
		"the producer ignored Write's false; when Write returns false, stop and call Drain, or use Send",
		ErrOverflow, p.size, p.unit(), n, p.hwm, p.limit), false)
}

const (
	// flagDead is set when the stream failed and buffered items were
	// discarded (CloseWithError, Reader.Close, pipeline teardown): the
	// reader drops the rest of its batch too.
	flagDead = 1 << iota
	// flagWoken is set by wake, when the context of a stage that reads
	// or writes the pipe ended: a reader in All looks at its context
	// from then on.
	flagWoken
)

// dead reports whether flagDead is set.
func (p *pipe[T]) dead() bool { return atomic.LoadUint32(&p.flags)&flagDead != 0 }

// setWriter records the pipeline stage that writes the pipe.
func (p *pipe[T]) setWriter(stage string, done <-chan struct{}, cancel context.CancelCauseFunc) {
	p.mu.Lock()
	p.writtenBy, p.writerDone, p.cancelWriter = stage, done, cancel
	p.mu.Unlock()
}

// markOrphan makes the pipe an orphan if no stage reads it and its reader
// was never used. A writer already told to stop fails at once.
func (p *pipe[T]) markOrphan() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.readBy != "" || p.touched || p.err != nil {
		return
	}
	p.orphan = true
	if p.size >= p.hwm {
		p.failLocked(p.unreadError(), true)
	}
}

// unreadError is the error of an orphan pipe whose items cannot flow.
func (p *pipe[T]) unreadError() error {
	return fmt.Errorf("%w: the output of %s is read by no stage, and nothing had read it when Wait was called: "+
		"its items did not flow; add a stage that reads it (Sink), or read it before calling Wait", ErrUnread, p.writtenBy)
}

// orphanLocked reports whether a writer that would wait for a drain must
// fail instead, and fails the stream if so.
func (p *pipe[T]) orphanLocked() bool {
	if !p.orphan || p.touched {
		return false
	}
	p.failLocked(p.unreadError(), true)
	return true
}

// stranded returns the error of an orphan pipe whose writer left items in
// it, nil otherwise.
func (p *pipe[T]) stranded() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.orphan && !p.touched && p.err == nil && len(p.buf) > 0 {
		return p.unreadError()
	}
	return nil
}

// destroy fails the stream and discards what it buffers (pipeline teardown).
func (p *pipe[T]) destroy(err error) {
	p.mu.Lock()
	p.failLocked(err, true)
	p.mu.Unlock()
}
