package flowrt

import (
	"context"
	"fmt"
	"io"
	"iter"
	"runtime"
)

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
