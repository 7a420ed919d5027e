package flowrt

import (
	"context"
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
	_, below := w.write(v)
	return below
}

// write is Write, which also says whether v was accepted.
func (w *Writer[T]) write(v T) (accepted, below bool) {
	p := w.p
	n := 1
	if p.measure != nil {
		n = p.measure(v)
	}
	p.mu.Lock()
	if p.stop {
		p.refuseLocked()
		p.mu.Unlock()
		return false, false
	}
	if p.guarded && p.size >= p.hwm && p.size > p.limit-n {
		// The writer was told to stop and did not.
		p.overflowLocked(n)
		p.mu.Unlock()
		return false, false
	}
	p.buf = append(p.buf, v)
	p.size += n
	below = p.size < p.hwm
	if p.guarded && !below {
		p.markReached++
	}
	p.wakeReaderLocked()
	p.mu.Unlock()
	return true, below
}

// TryWrite buffers v if the buffer is below the high-water mark, and never
// blocks: it is Write for code that cannot wait, such as a callback of a
// push source, and needs to know whether v was taken. It returns
// (true, nil) when v was accepted; (false, nil) when the buffer is at the
// mark (v was not accepted: keep it, pause the source, and write it again
// after a drain); (false, err) when the stream is closed or has failed (v
// was refused; err says why, as Err does).
//
// Unlike Write, TryWrite never accepts an item at the mark: a caller that
// ignores its false drops the item, but never grows the buffer.
func (w *Writer[T]) TryWrite(v T) (accepted bool, err error) {
	p := w.p
	n := 1
	if p.measure != nil {
		n = p.measure(v)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stop {
		p.refuseLocked()
		return false, p.err
	}
	if p.size >= p.hwm {
		return false, nil
	}
	p.buf = append(p.buf, v)
	p.size += n
	if p.guarded && p.size >= p.hwm {
		p.markReached++
	}
	p.wakeReaderLocked()
	return true, nil
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
				if p.guarded && p.size > p.limit-1 {
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
			if p.guarded && p.size >= p.hwm {
				p.markReached++
			}
		} else {
			for i < len(vs) {
				v := vs[i]
				n := p.measure(v)
				if p.guarded && p.size >= p.hwm && p.size > p.limit-n {
					p.overflowLocked(n)
					err := p.err
					p.mu.Unlock()
					return false, err
				}
				i++
				p.buf = append(p.buf, v)
				p.size += n
				if p.size >= p.hwm {
					if p.guarded {
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
	parked := time.Duration(-1) // monoNow() when this call first parked
	p.mu.Lock()
	for {
		var err error
		if p.err != nil || len(p.buf) == 0 {
			err = p.err
			if p.drainWaiters > 0 {
				p.drainedLocked() // wake the next waiter too
			}
		} else if p.orphanLocked() {
			err = p.err
		} else if err = ctx.Err(); err == nil {
			if p.guarded && !blocked {
				blocked = true
				p.waits++
			}
			if p.yieldLocked(&spins) {
				continue
			}
			if p.guarded && parked < 0 {
				parked = monoNow()
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
		if p.guarded && parked >= 0 {
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
	if p.err != nil || len(p.buf) == 0 || p.orphanLocked() {
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

// SendAll writes the items of vs in order, with the effect of Send for
// each, but takes the pipe's lock once per run of items that fit below the
// mark, and waits only when the buffer reaches it. A nil error means every
// item was accepted. On error the writer must stop: the items before the
// failing write were accepted (all of them, if the error is ctx's and came
// from the last wait), the rest were not. vs is not retained.
func (w *Writer[T]) SendAll(ctx context.Context, vs []T) error {
	full, err := w.writeBatch(ctx, vs)
	if err != nil || !full {
		return err
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
// the reader gets err on its next Read, and later writes are refused. It
// returns err, or the stream's first error if it had already failed (that
// error stays), so that
//
//	return w.CloseWithError(err)
//
// both fails the stream and tells the caller (io.PipeWriter's
// CloseWithError returns nil instead). CloseWithError(nil) is Close, and
// returns what Close returns.
func (w *Writer[T]) CloseWithError(err error) error {
	if err == nil {
		return w.Close()
	}
	p := w.p
	p.mu.Lock()
	defer p.mu.Unlock()
	earlier := p.err
	p.failLocked(err, true)
	if earlier != nil {
		return earlier
	}
	return err
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
