package flowrt

import (
	"context"
	"fmt"
	"io"
	"iter"
	"sync/atomic"
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
	if r.pos < len(r.batch) && !r.p.dead() {
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
	if r.pos >= len(r.batch) || r.p.dead() {
		if err := r.fill(ctx); err != nil {
			return nil, err
		}
	}
	b := r.batch[r.pos:]
	r.pos = len(r.batch)
	return b, nil
}

// eachBatch calls fn with every batch of items until the stream ends: it
// returns nil at io.EOF, and the stream's, ctx's or fn's error otherwise.
// A batch is valid until fn returns.
func (r *Reader[T]) eachBatch(ctx context.Context, fn func(batch []T) error) error {
	for {
		batch, err := r.takeBatch(ctx)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(batch); err != nil {
			return err
		}
	}
}

// fill drops the current batch and takes the pipe's buffer in its place,
// waiting for one. It returns nil only with a non-empty batch.
func (r *Reader[T]) fill(ctx context.Context) error {
	_, err := r.fillInto(ctx, nil)
	return err
}

// fillInto is fill for an IOReader's Read into dst: if it must wait, it
// offers dst to an IOWriter to copy into (see pipe.direct), and returns
// the number of bytes copied there, n > 0, when that is what came first.
// Otherwise it returns 0 and fill's result.
func (r *Reader[T]) fillInto(ctx context.Context, dst []byte) (n int, err error) {
	p := r.p
	clear(r.batch)
	r.batch = r.batch[:0]
	r.pos = 0
	p.mu.Lock()
	p.touched = true
	n, err = r.waitLocked(ctx, dst)
	p.direct, p.directN = nil, 0
	p.mu.Unlock()
	return n, err
}

// waitLocked is fillInto's loop, with p.mu held (released while it waits).
func (r *Reader[T]) waitLocked(ctx context.Context, dst []byte) (n int, err error) {
	p := r.p
	spins := 0
	for {
		if p.rclosed {
			return 0, ErrDestroyed
		}
		if p.directN > 0 {
			return p.directN, nil
		}
		if len(p.buf) > 0 {
			r.batch, p.buf = p.buf, r.batch
			p.openTail = 0
			if p.guarded {
				p.out += int64(len(r.batch))
			}
			p.size = 0
			p.drainedLocked()
			return 0, nil
		}
		if p.err != nil {
			return 0, p.err
		}
		if p.closed {
			r.eof = true
			return 0, io.EOF
		}
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		// Offered before the yield: a writer that runs meanwhile copies
		// into dst.
		p.direct = dst
		if p.yieldLocked(&spins) {
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
			if len(p.buf) == 0 && p.directN == 0 && p.err == nil && !p.closed {
				return 0, ctx.Err()
			}
		}
	}
}

// readInto is Read for an IOReader that reads into dst: it returns the
// next chunk, or, when it had to wait and a writer copied into dst
// directly, n > 0 bytes there and no chunk.
func (r *Reader[T]) readInto(ctx context.Context, dst []byte) (v T, n int, err error) {
	if r.pos >= len(r.batch) || r.p.dead() {
		if n, err = r.fillInto(ctx, dst); n > 0 || err != nil {
			return v, n, err
		}
	}
	v = r.batch[r.pos]
	r.pos++
	return v, 0, nil
}

// release is called by a pipeline when the stage reading r returned nil.
// It returns nil if the stage consumed the whole stream, and otherwise an
// error wrapping ErrPrematureClose (items were left unread) or the
// stream's error. If the stream is open but nothing is buffered, the writer
// may be about to close it: the stream is abandoned instead. A later Write
// fails it with the premature-close error, and the context of the stage
// that writes it (if a stage does) is cancelled with that error as its
// cause, so that a stage waiting for something else than the pipe (an
// event, a Read of its own input) stops too; a writer that returns nil
// without writing again has delivered everything it wrote.
func (r *Reader[T]) release(stage string) error {
	if r.eof {
		return nil
	}
	p := r.p
	p.mu.Lock()
	err, cancel := r.releaseLocked(stage)
	p.mu.Unlock()
	if cancel != nil {
		cancel(err)
		return nil
	}
	return err
}

func (r *Reader[T]) releaseLocked(stage string) (error, context.CancelCauseFunc) {
	p := r.p
	finished := p.closed && p.err == nil && len(p.buf) == 0 && r.pos >= len(r.batch)
	premature := fmt.Errorf("flowrt: %s returned before its input ended: %w", stage, ErrPrematureClose)
	switch {
	case finished:
		return nil, nil
	case p.rclosed || r.pos < len(r.batch) || len(p.buf) > 0:
		p.failLocked(premature, true)
		return premature, nil
	case p.err != nil:
		return p.err, nil
	}
	p.abandoned = premature
	p.stop = true
	if p.cancelWriter != nil {
		return premature, p.cancelWriter
	}
	return nil, nil
}

// claim makes stage, whose context's Done channel is done, the reader of
// r, unless a stage already reads it: it then returns that stage's name.
func (r *Reader[T]) claim(stage string, done <-chan struct{}) (readBy string) {
	p := r.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.readBy != "" {
		return p.readBy
	}
	p.readBy = stage
	p.readerDone = done
	return ""
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
// or ctx's), like bufio.Scanner. ctx is checked before every item, not
// only when the loop waits: no item is yielded after it ended.
//
// Leaving the loop early (break, return, a panic) closes the Reader, so
// that a writer blocked in Drain or Send is released with ErrDestroyed
// instead of waiting for ever; Err is then nil. A loop ended by ctx closes
// the Reader too, with ctx's error (see CloseWithError): the writer cannot
// tell a consumer that stopped from one that is slow.
func (r *Reader[T]) All(ctx context.Context) iter.Seq[T] {
	return func(yield func(T) bool) {
		r.err = nil
		done := false
		defer func() {
			if !done {
				r.Close()
			}
		}()
		// ctx is checked before every item. A context whose end wakes
		// the pipe (see quiet) sets flagWoken first, so the loop looks
		// at its Done channel only from then on: an atomic load per
		// item instead of a select.
		stop := ctx.Done()
		r.p.mu.Lock()
		selectEach := stop != nil && !r.p.quiet(ctx)
		r.p.mu.Unlock()
		stopped := func() {
			done = true
			r.err = ctx.Err()
			r.CloseWithError(r.err)
		}
		ended := func() bool {
			select {
			case <-stop:
				stopped()
				return true
			default:
				return false
			}
		}
		// Read's steps, with the batch walked in place: the loop below
		// is Read's fast path, without a call per item.
		for {
			if r.pos >= len(r.batch) || r.p.dead() {
				if err := r.fill(ctx); err != nil {
					if err != io.EOF && err == ctx.Err() {
						stopped()
						return
					}
					done = true
					if err != io.EOF {
						r.err = err
					}
					return
				}
			}
			// fill takes a buffer without looking at ctx: look before
			// the batch's first item, and after each item for the next.
			if stop != nil && ended() {
				return
			}
			for r.pos < len(r.batch) {
				v := r.batch[r.pos]
				r.pos++
				if !yield(v) {
					return
				}
				if selectEach || atomic.LoadUint32(&r.p.flags) != 0 {
					if r.p.dead() {
						break // the stream was destroyed: drop the rest
					}
					if stop != nil && ended() {
						return
					}
				}
			}
		}
	}
}

// Ready returns a channel that is closed when Read would return at once:
// items are waiting (in the pipe, or left in the reader's batch), or the
// stream has ended (closed, failed, or its reader closed). It is for a
// select statement that waits for data and for something else at once;
// like Read, it is for the reading goroutine. Call Ready again after each
// wake-up, as Writer.Drained: a channel is closed once.
func (r *Reader[T]) Ready() <-chan struct{} {
	if r.pos < len(r.batch) && !r.p.dead() {
		return closedChan
	}
	p := r.p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.touched = true
	if len(p.buf) > 0 || p.err != nil || p.closed || p.rclosed {
		return closedChan
	}
	if p.readyCh == nil {
		p.readyCh = make(chan struct{})
	}
	return p.readyCh
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
	r.close(ErrDestroyed)
	return nil
}

// CloseWithError is Close with a reason, as io.PipeReader has it: Write,
// Send, Drain and Err then report an error that wraps both ErrDestroyed
// and err. It returns err, or the stream's error if it had already failed,
// so that a consumer can write return r.CloseWithError(err).
// CloseWithError(nil) is Close.
func (r *Reader[T]) CloseWithError(err error) error {
	if err == nil {
		return r.Close()
	}
	if earlier := r.close(fmt.Errorf("%w: %w", ErrDestroyed, err)); earlier != nil {
		return earlier
	}
	return err
}

// close closes the reader, failing the stream with err unless it ended
// cleanly, and returns the error the stream had already failed with.
func (r *Reader[T]) close(err error) (earlier error) {
	p := r.p
	p.mu.Lock()
	defer p.mu.Unlock()
	earlier = p.err
	p.touched = true
	if p.rclosed {
		return earlier
	}
	p.rclosed = true
	if !(p.closed && len(p.buf) == 0) {
		p.failLocked(err, true)
	}
	// The reader may be blocked in Read on another goroutine.
	p.wakeReaderLocked()
	atomic.OrUint32(&p.flags, flagDead)
	return earlier
}

// pipe returns the pipe, for a Pipeline.
func (r *Reader[T]) pipe() destroyer { return r.p }
