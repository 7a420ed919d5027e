package flowrt

import (
	"context"
	"runtime"
	"time"
)

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
