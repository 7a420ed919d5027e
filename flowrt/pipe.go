package flowrt

import (
	"context"
	"fmt"
	"io"
	"iter"
	"math"
	"runtime"
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

// spinsBeforePark is how many times a goroutine that must wait (a reader
// finding the buffer empty, a writer in Drain finding it not empty) yields
// its thread to the other goroutines (runtime.Gosched) before it parks. In
// a pipeline the other end is usually runnable on the same thread already
// (woken by the Write or the hand-off that came just before), so one yield
// lets it take or fill the buffer, and the condition holds when this
// goroutine runs again: neither side parks and nobody needs waking. A park
// and wake-up costs about twice a yield. More yields than one buy nothing
// and make the timings erratic (measured in docs/performance.md).
const spinsBeforePark = 1

// waitMode says where a goroutine is parked.
type waitMode uint8

const (
	notWaiting waitMode = iota
	onCond              // on a sync.Cond
	inSelect            // in a select on a signal channel and ctx.Done
)

// quiet reports whether a goroutine waiting with ctx may park on a cond:
// ctx can never end, or its end wakes the pipe (see quietDone).
func (p *pipe[T]) quiet(ctx context.Context) bool {
	d := ctx.Done()
	return d == nil || d == p.quietDone
}

// wakeReaderLocked wakes a reader blocked waiting for data.
func (p *pipe[T]) wakeReaderLocked() {
	switch p.readerWaiting {
	case onCond:
		p.readerCond.Signal()
	case inSelect:
		select {
		case p.dataSig <- struct{}{}:
		default:
		}
	}
	p.readerWaiting = notWaiting
}

// wake wakes every goroutine parked on the pipe's conds, to look at its
// context again. A pipeline calls it when its context ends.
func (p *pipe[T]) wake() {
	p.mu.Lock()
	p.readerCond.Signal()
	p.drainCond.Broadcast()
	p.mu.Unlock()
}

// drainedLocked signals writers waiting for the buffer to empty. Writers
// parked on the cond are all woken; those waiting in a select share a
// reusable token channel (no allocation per wait): the writer that takes
// the token passes it on to the next one.
func (p *pipe[T]) drainedLocked() {
	if p.drainCondN > 0 {
		p.drainCond.Broadcast()
	}
	if p.drainWaiters > 0 {
		select {
		case p.drainSig <- struct{}{}:
		default:
		}
	}
	if p.drainCh != nil {
		close(p.drainCh)
		p.drainCh = nil
	}
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

// A Writer is the producing end of a pipe. Its methods are safe for
// concurrent use.
type Writer[T any] struct {
	p *pipe[T]
}

// Write buffers v for the reader and never blocks. It returns true while
// the buffered size, counting v, stays below the high-water mark: keep
// writing. It returns false when the buffer reached the mark (v was
// accepted: stop writing and call Drain), or when the stream is closed or
// has failed (v was refused: Err, Drain and Send say why).
//
// A Write after Close is refused and fails the stream with
// ErrWriteAfterClose.
func (w *Writer[T]) Write(v T) bool {
	p := w.p
	n := 1
	if p.measure != nil {
		n = p.measure(v)
	}
	p.mu.Lock()
	if p.stop {
		p.refuseLocked()
		p.mu.Unlock()
		return false
	}
	if guardRails && p.size >= p.hwm && p.size > p.limit-n {
		// The writer was told to stop and did not.
		p.overflowLocked(n)
		p.mu.Unlock()
		return false
	}
	p.buf = append(p.buf, v)
	p.size += n
	ok := p.size < p.hwm
	if guardRails && !ok {
		p.markReached++
	}
	p.wakeReaderLocked()
	p.mu.Unlock()
	return ok
}

// writeBatch writes vs in order with the effect of one Send per item,
// except that it does not wait for the last drain: it returns full when the
// last item reached the mark, and the caller must then Drain before it
// writes again. (A Map stage takes its next input batch and runs the
// function on it first: by then the reader has usually emptied the buffer,
// and neither side parks.) It takes the lock once per run of items that
// fit below the mark.
func (w *Writer[T]) writeBatch(ctx context.Context, vs []T) (full bool, err error) {
	p := w.p
	for len(vs) > 0 {
		if full {
			if err := w.Drain(ctx); err != nil {
				return false, err
			}
		}
		p.mu.Lock()
		if p.stop {
			p.refuseLocked()
			err := p.err
			p.mu.Unlock()
			return false, err
		}
		i := 0
		if p.measure == nil {
			// Items count 1: append the run that fits in one copy.
			room := p.hwm - p.size
			if room <= 0 {
				if guardRails && p.size > p.limit-1 {
					p.overflowLocked(1)
					err := p.err
					p.mu.Unlock()
					return false, err
				}
				room = 1 // Send accepts an item at the mark too
			}
			i = min(room, len(vs))
			p.buf = append(p.buf, vs[:i]...)
			p.size += i
			if guardRails && p.size >= p.hwm {
				p.markReached++
			}
		} else {
			for i < len(vs) {
				v := vs[i]
				n := p.measure(v)
				if guardRails && p.size >= p.hwm && p.size > p.limit-n {
					p.overflowLocked(n)
					err := p.err
					p.mu.Unlock()
					return false, err
				}
				i++
				p.buf = append(p.buf, v)
				p.size += n
				if p.size >= p.hwm {
					if guardRails {
						p.markReached++
					}
					break
				}
			}
		}
		vs = vs[i:]
		full = p.size >= p.hwm
		p.wakeReaderLocked()
		p.mu.Unlock()
	}
	return full, nil
}

// Drain blocks until the buffer is empty (the reader took every buffered
// item: Node's 'drain'), ctx ends (it returns ctx's error), or the stream
// fails (it returns the stream's error). A closed stream drains as the
// reader consumes it.
func (w *Writer[T]) Drain(ctx context.Context) error {
	p := w.p
	blocked := false
	spins := 0
	parked := time.Duration(-1) // monoNow() when this call first blocked, if timed
	p.mu.Lock()
	for {
		var err error
		if p.err != nil || len(p.buf) == 0 {
			err = p.err
			if p.drainWaiters > 0 {
				p.drainedLocked() // wake the next waiter too
			}
		} else if err = ctx.Err(); err == nil {
			if guardRails && !blocked {
				blocked = true
				p.waits++
				if p.waits%timeEvery == 1 {
					parked = monoNow()
				}
			}
			if spins < spinsBeforePark {
				spins++
				p.mu.Unlock()
				runtime.Gosched()
				p.mu.Lock()
				continue
			}
			if p.quiet(ctx) {
				p.drainCondN++
				p.drainCond.Wait()
				p.drainCondN--
				continue
			}
			p.drainWaiters++
			p.mu.Unlock()
			select {
			case <-p.drainSig:
			case <-ctx.Done():
				// The loop reports a drain that came with the cancellation.
			}
			p.mu.Lock()
			p.drainWaiters--
			continue
		}
		if guardRails && blocked {
			p.addWaitLocked(parked)
		}
		p.mu.Unlock()
		return err
	}
}

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

// Drained returns a channel that is closed when the buffer is empty or
// the stream has failed, for use in a select statement; call Err to tell
// which. The channel is already closed when there is nothing to wait for.
// Call Drained again after each wait: a channel is closed once.
func (w *Writer[T]) Drained() <-chan struct{} {
	p := w.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil || len(p.buf) == 0 {
		return closedChan
	}
	if p.drainCh == nil {
		p.drainCh = make(chan struct{})
	}
	return p.drainCh
}

// Send writes v and, when Write returns false, waits for Drain: the
// blocking write that is always correct. A nil error means v was accepted
// and the writer may go on. On error the writer must stop; v was accepted
// if the error is ctx's (the reader will still get it), refused otherwise.
func (w *Writer[T]) Send(ctx context.Context, v T) error {
	if w.Write(v) {
		return nil
	}
	return w.Drain(ctx)
}

// Close ends the stream: the reader gets every accepted item, then io.EOF.
// Closing again is harmless. Close returns the stream's error if it had
// already failed (its reader was closed before the end, or a write came
// after Close), nil otherwise.
func (w *Writer[T]) Close() error {
	p := w.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return p.err
	}
	p.closed = true
	p.stop = true
	p.wakeReaderLocked()
	return nil
}

// CloseWithError destroys the stream: the buffered items are discarded,
// the reader gets err on its next Read, and later writes are refused.
// CloseWithError(nil) is Close. If the stream already failed, its first
// error stays. It returns nil.
func (w *Writer[T]) CloseWithError(err error) error {
	if err == nil {
		w.Close()
		return nil
	}
	w.p.destroy(err)
	return nil
}

// Err returns the error that stopped the stream (ErrDestroyed when the
// reader closed it, ErrWriteAfterClose, or the error given to
// CloseWithError), or nil while it is healthy or after a clean Close.
func (w *Writer[T]) Err() error {
	p := w.p
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// Buffered returns the size buffered and not yet taken by the reader:
// items, or bytes for a byte pipe.
func (w *Writer[T]) Buffered() int {
	p := w.p
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.size
}

// A Reader is the consuming end of a pipe. Read and All are for one
// goroutine at a time; Close may be called from any goroutine.
type Reader[T any] struct {
	p     *pipe[T]
	batch []T // the items taken in the last hand-off
	pos   int // batch[pos:] are still to be returned
	eof   bool
	err   error // the error that ended the last All loop
}

// Read returns the next item. It blocks until one is available, the
// writer closes the stream (io.EOF once every accepted item was read),
// the stream fails (its error), or ctx ends (ctx's error).
//
// Each time it finds its batch exhausted, Read takes everything buffered in
// one step; the items come from that batch without locking until it is
// used up.
func (r *Reader[T]) Read(ctx context.Context) (T, error) {
	if r.pos < len(r.batch) && !r.p.dead.Load() {
		v := r.batch[r.pos]
		r.pos++
		return v, nil
	}
	if err := r.fill(ctx); err != nil {
		var zero T
		return zero, err
	}
	v := r.batch[0]
	r.pos = 1
	return v, nil
}

// takeBatch returns every item left in the current batch, taking a new one
// when it is exhausted. The slice is valid until the next call on r.
func (r *Reader[T]) takeBatch(ctx context.Context) ([]T, error) {
	if r.pos >= len(r.batch) || r.p.dead.Load() {
		if err := r.fill(ctx); err != nil {
			return nil, err
		}
	}
	b := r.batch[r.pos:]
	r.pos = len(r.batch)
	return b, nil
}

// fill drops the current batch and takes the pipe's buffer in its place,
// waiting for one. It returns nil only with a non-empty batch.
func (r *Reader[T]) fill(ctx context.Context) error {
	p := r.p
	clear(r.batch)
	r.batch = r.batch[:0]
	r.pos = 0
	spins := 0
	p.mu.Lock()
	for {
		if p.rclosed {
			p.mu.Unlock()
			return ErrDestroyed
		}
		if len(p.buf) > 0 {
			r.batch, p.buf = p.buf, r.batch
			if guardRails {
				p.out += int64(len(r.batch))
			}
			p.size = 0
			p.drainedLocked()
			p.mu.Unlock()
			return nil
		}
		if p.err != nil {
			err := p.err
			p.mu.Unlock()
			return err
		}
		if p.closed {
			r.eof = true
			p.mu.Unlock()
			return io.EOF
		}
		if err := ctx.Err(); err != nil {
			p.mu.Unlock()
			return err
		}
		if spins < spinsBeforePark {
			spins++
			p.mu.Unlock()
			runtime.Gosched()
			p.mu.Lock()
			continue
		}
		if p.quiet(ctx) {
			p.readerWaiting = onCond
			p.readerCond.Wait()
			p.readerWaiting = notWaiting
			continue
		}
		p.readerWaiting = inSelect
		p.mu.Unlock()
		select {
		case <-p.dataSig:
			p.mu.Lock()
		case <-ctx.Done():
			p.mu.Lock()
			p.readerWaiting = notWaiting
			if len(p.buf) == 0 && p.err == nil && !p.closed {
				p.mu.Unlock()
				return ctx.Err()
			}
		}
	}
}

// release is called by a pipeline when the stage reading r returned nil.
// It returns nil if the stage consumed the whole stream, and otherwise an
// error wrapping ErrPrematureClose (items were left unread) or the
// stream's error. If the stream is open but nothing is buffered, the writer
// may be about to close it: the stream is abandoned instead, and only a
// later Write fails it, with the premature-close error.
func (r *Reader[T]) release(stage string) error {
	if r.eof {
		return nil
	}
	p := r.p
	p.mu.Lock()
	defer p.mu.Unlock()
	finished := p.closed && p.err == nil && len(p.buf) == 0 && r.pos >= len(r.batch)
	premature := fmt.Errorf("flowrt: %s returned before its input ended: %w", stage, ErrPrematureClose)
	switch {
	case finished:
		return nil
	case p.rclosed || r.pos < len(r.batch) || len(p.buf) > 0:
		p.failLocked(premature, true)
		return premature
	case p.err != nil:
		return p.err
	}
	p.abandoned = premature
	p.stop = true
	return nil
}

// All returns an iterator over the items, for a range loop:
//
//	for v := range r.All(ctx) {
//		...
//	}
//	if err := r.Err(); err != nil {
//		return err
//	}
//
// The loop ends at the end of the stream; Err then returns nil after a
// clean io.EOF and the error that stopped it otherwise (the stream's error
// or ctx's), like bufio.Scanner. Leaving the loop early (break, return, a
// panic) closes the Reader, so that a writer blocked in Drain or Send is
// released with ErrDestroyed instead of waiting for ever; Err is then nil.
func (r *Reader[T]) All(ctx context.Context) iter.Seq[T] {
	return func(yield func(T) bool) {
		r.err = nil
		done := false
		defer func() {
			if !done {
				r.Close()
			}
		}()
		// Read's steps, with the batch walked in place: the loop below
		// is Read's fast path, without a call per item.
		for {
			if r.pos >= len(r.batch) || r.p.dead.Load() {
				if err := r.fill(ctx); err != nil {
					done = true
					if err != io.EOF {
						r.err = err
					}
					return
				}
			}
			for r.pos < len(r.batch) {
				v := r.batch[r.pos]
				r.pos++
				if !yield(v) {
					return
				}
				if r.p.dead.Load() {
					break // the stream was destroyed: drop the rest
				}
			}
		}
	}
}

// Err returns the error that ended the last loop over All, or nil if it
// ended at a clean io.EOF or was left early.
func (r *Reader[T]) Err() error { return r.err }

// Close tells the writer the consumer gives up: the buffered items are
// discarded, and Write, Send, Drain and Err report ErrDestroyed from then
// on. Closing a Reader whose stream already ended cleanly changes nothing
// for the writer. Closing twice is harmless. Later Reads return
// ErrDestroyed. Close returns nil.
func (r *Reader[T]) Close() error {
	p := r.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rclosed {
		return nil
	}
	p.rclosed = true
	if !(p.closed && len(p.buf) == 0) {
		p.failLocked(ErrDestroyed, true)
	}
	// The reader may be blocked in Read on another goroutine.
	p.wakeReaderLocked()
	p.dead.Store(true)
	return nil
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
