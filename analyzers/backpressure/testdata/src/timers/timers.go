// Package timers holds producers that answer a false Write with a timer:
// time.Sleep, a ticker, time.After. Time passing is no sign that the
// consumer read anything, so the loop writes again into a full buffer.
package timers

import (
	"context"
	"log"
	"runtime"
	"sync"
	"time"

	"github.com/flowvet/flowvet/flowrt"
)

// Reported: only a timer between the false Write and the next one.

func tickerSelect(w *flowrt.Writer[int], vs []int, tick *time.Ticker) {
	for _, v := range vs {
		if !w.Write(v) { // want `a false result of w.Write is tested but ignored: the loop writes again after waiting only for a timer \(time.Sleep, a ticker, time.After\), not for the buffer to drain, so the buffer grows past the mark by an item per tick while the consumer lags, until the stream fails with flowrt.ErrOverflow; when it returns false, wait with w.Drain\(ctx\) or receive from w.Drained\(\) \(beside the timer, in a select\), or use w.Send\(ctx, v\)`
			select {
			case <-tick.C:
			}
		}
	}
}

// The cancellation case returns, but the timer case writes again.
func afterOrDone(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		if !w.Write(v) { // want `a false result of w.Write is tested but ignored: the loop writes again after waiting only for a timer`
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	return nil
}

func sleeps(w *flowrt.Writer[string], lines []string) {
	for _, l := range lines {
		if !w.Write(l) { // want `a false result of w.Write is tested but ignored: the loop writes again after waiting only for a timer`
			time.Sleep(50 * time.Millisecond)
		}
	}
}

func storedAfter(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		ok := w.Write(v)
		if !ok { // want `ok \(the result of w.Write\) is tested but a false result is ignored: the loop writes again after waiting only for a timer \(time.Sleep, a ticker, time.After\), not for the buffer to drain, so the buffer grows past the mark by an item per tick while the consumer lags, until the stream fails with flowrt.ErrOverflow; when it is false, wait with Drain\(ctx\) or receive from Drained\(\) \(beside the timer, in a select\), return or break`
			<-time.After(time.Millisecond)
		}
	}
}

func timerC(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	t := time.NewTimer(time.Second)
	defer t.Stop()
	for _, v := range vs {
		if !w.Write(v) { // want `the loop writes again after waiting only for a timer`
			t.Reset(time.Second)
			select {
			case <-t.C:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return nil
}

func tickFunc(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		switch w.Write(v) { // want `the loop writes again after waiting only for a timer`
		case false:
			<-time.Tick(time.Millisecond)
		}
	}
}

// A heartbeat that logs a full buffer writes a beat on every tick while
// the consumer lags.
func heartbeat(ctx context.Context, w *flowrt.Writer[time.Time], every time.Duration) error {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case now := <-tick.C:
			if !w.Write(now) { // want `the loop writes again after waiting only for a timer`
				log.Print("consumer lags")
			}
		}
	}
}

// Reported, without the timer wording: yielding is no wait either.
func yields(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		if !w.Write(v) { // want `a false result of w.Write is tested but ignored: the loop writes again without waiting for the buffer to drain`
			runtime.Gosched()
		}
	}
}

// A wrapper that only sleeps on a false result hands the signal on.
func emitSlow(w *flowrt.Writer[int], v int) bool { // want emitSlow:`backpressure signal in results \[0\]`
	ok := w.Write(v)
	if !ok {
		time.Sleep(time.Millisecond)
	}
	return ok
}

func useSlow(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		emitSlow(w, v) // want `result of emitSlow ignored`
	}
}

// A write paced by a sleep, with no check at all.
func paced(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		w.Write(v) // want `result of w.Write ignored`
		time.Sleep(time.Millisecond)
	}
}

// Retrying the Write writes the item again, whatever the body waits for.
func retryDrain(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		for !w.Write(v) { // want `w.Write in a loop condition writes the item again on every retry`
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func retryOnce(w *flowrt.Writer[int], v int) {
	for !w.Write(v) { // want `w.Write in a loop condition writes the item again on every retry`
		time.Sleep(time.Millisecond)
	}
}

// Silent: the select also waits for the drain signal (or the timer is a
// timeout of that wait), or cancellation returns.

func drainedOrTick(ctx context.Context, w *flowrt.Writer[int], vs []int, tick *time.Ticker) error {
	for _, v := range vs {
		if !w.Write(v) {
			select {
			case <-w.Drained():
			case <-tick.C:
				log.Print("still full")
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return nil
}

func drainedOrDone(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		if !w.Write(v) {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-w.Drained():
			}
		}
	}
	return nil
}

// Waits for cancellation only, and returns: never writes again.
func doneOnly(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		if !w.Write(v) {
			select {
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return nil
}

// A sleep before the Drain: the Drain waits.
func sleepThenDrain(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		if !w.Write(v) {
			time.Sleep(time.Millisecond)
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// Sleeping until the buffer was seen empty polls it, as Drain does.
func sleepPoll(w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		if !w.Write(v) {
			for w.Buffered() > 0 {
				if err := w.Err(); err != nil {
					return err
				}
				time.Sleep(time.Millisecond)
			}
		}
	}
	return nil
}

// A channel other than a timer may be the consumer's acknowledgement.
func ackOrTick(w *flowrt.Writer[int], vs []int, ack <-chan struct{}, tick *time.Ticker) {
	for _, v := range vs {
		if !w.Write(v) {
			select {
			case <-ack:
			case <-tick.C:
			}
		}
	}
}

func waitGroup(w *flowrt.Writer[int], vs []int, wg *sync.WaitGroup) {
	for _, v := range vs {
		if !w.Write(v) {
			wg.Wait()
		}
	}
}

// A heartbeat that skips beats while the buffer is full (ingest's
// Heartbeats): the flag is tested at the top of each tick.
func heartbeatSkips(ctx context.Context, w *flowrt.Writer[time.Time], every time.Duration) error {
	tick := time.NewTicker(every)
	defer tick.Stop()
	full := false
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case now := <-tick.C:
			if full {
				select {
				case <-w.Drained():
					full = false
				default:
					continue
				}
			}
			full = !w.Write(now)
		}
	}
}

// Write until the buffer is full, then stop: no retry.
func fill(w *flowrt.Writer[int], next func() int) int {
	n := 0
	for w.Write(next()) {
		n++
	}
	return n
}

// The body always leaves: no retry.
func retryNever(w *flowrt.Writer[int], v int) bool { // want retryNever:`backpressure signal in results \[0\]`
	for !w.Write(v) {
		return false
	}
	return true
}

// Paced, and checked: the Drain waits.
func pacedChecked(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		if !w.Write(v) {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
		time.Sleep(time.Millisecond)
	}
	return nil
}

// A poll written with a break: the loop is left only when the buffer was
// seen low.
func pollBreak(w *flowrt.Writer[int], vs []int, low int) {
	for _, v := range vs {
		if !w.Write(v) {
			for {
				if w.Buffered() < low {
					break
				}
				time.Sleep(time.Millisecond)
			}
		}
	}
}

// Reported: one look at the buffer, no poll.
func bufferedOnce(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		if !w.Write(v) { // want `a false result of w.Write is tested but ignored`
			if w.Buffered() > 100 {
				log.Print("really full")
			}
		}
	}
}
