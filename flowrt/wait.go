package flowrt

import (
	"context"
	"runtime"
	"sync/atomic"
)

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

// yieldLocked yields the thread once per wait, with p.mu released
// meanwhile, before the caller parks (see spinsBeforePark); it reports
// whether it did, and the caller then looks again.
func (p *pipe[T]) yieldLocked(spins *int) bool {
	if *spins >= spinsBeforePark {
		return false
	}
	*spins++
	p.mu.Unlock()
	runtime.Gosched()
	p.mu.Lock()
	return true
}

// waitMode says where a goroutine is parked.
type waitMode uint8

const (
	notWaiting waitMode = iota
	onCond              // on a sync.Cond
	inSelect            // in a select on a signal channel and ctx.Done
)

// quiet reports whether a goroutine waiting with ctx may park on a cond:
// ctx can never end, or its end wakes the pipe (see writerDone).
func (p *pipe[T]) quiet(ctx context.Context) bool {
	d := ctx.Done()
	return d == nil || d == p.writerDone || d == p.readerDone
}

// wakeReaderLocked wakes a reader blocked waiting for data, and closes
// the channel Ready returned. It is called on every Write: the test that
// nobody waits is inlined.
func (p *pipe[T]) wakeReaderLocked() {
	if p.readerWaiting != notWaiting || p.readyCh != nil {
		p.wakeWaitingReaderLocked()
	}
}

func (p *pipe[T]) wakeWaitingReaderLocked() {
	if p.readyCh != nil {
		close(p.readyCh)
		p.readyCh = nil
	}
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
// context again. A pipeline stage calls it when its context ends.
func (p *pipe[T]) wake() {
	atomic.OrUint32(&p.flags, flagWoken)
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
