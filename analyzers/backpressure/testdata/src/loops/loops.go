// Package loops holds tested-but-ignored signals.
package loops

import (
	"context"
	"log"
	"log/slog"
	"time"

	"github.com/flowvet/flowvet/flowrt"
)

func logOnly(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		if !w.Write(v) { // want `a false result of w.Write is tested but ignored: the loop writes again without waiting for the buffer to drain; when it returns false, wait with w.Drain\(ctx\) \(or return, or break\), or use w.Send\(ctx, v\)`
			log.Println("buffer full")
		}
	}
}

func continueOnFull(w *flowrt.Writer[int], vs []int) int {
	n := 0
	for _, v := range vs {
		if !w.Write(v) { // want `a false result of w.Write is tested but ignored`
			continue
		}
		n++
	}
	return n
}

func countOnly(w *flowrt.Writer[int], n int) (sent int) {
	for i := 0; i < n; i++ {
		if w.Write(i) { // want `a false result of w.Write is tested but ignored`
			sent++
		}
	}
	return sent
}

func comparedToFalse(w *flowrt.Writer[int], n int) (dropped int) {
	for i := range n {
		if w.Write(i) == false { // want `a false result of w.Write is tested but ignored`
			dropped++
		}
	}
	return dropped
}

func variable(w *flowrt.Writer[string], lines []string) (full int) {
	for _, l := range lines {
		ok := w.Write(l)
		if !ok { // want `ok \(the result of w.Write\) is tested but a false result is ignored: the loop writes again without waiting for the buffer to drain; when it is false, wait with Drain\(ctx\), return or break`
			full++
		}
	}
	return full
}

func initStmt(w *flowrt.Writer[int], n int) {
	for i := range n {
		if ok := w.Write(i); !ok { // want `ok \(the result of w.Write\) is tested but a false result is ignored`
			log.Printf("item %d over the mark", i)
		}
	}
}

func pollOnly(ctx context.Context, w *flowrt.Writer[int], n int) error {
	for i := range n {
		if !w.Write(i) { // want `a false result of w.Write is tested but ignored`
			// A select with a default does not wait.
			select {
			case <-ctx.Done():
				return ctx.Err()
			default:
			}
		}
	}
	return nil
}

func errOnly(w *flowrt.Writer[int], n int) error {
	for i := range n {
		if !w.Write(i) { // want `a false result of w.Write is tested but ignored`
			// Err is nil when false only means "buffer full".
			if err := w.Err(); err != nil {
				return err
			}
		}
	}
	return nil
}

func infinite(w *flowrt.Writer[int]) {
	for i := 0; ; i++ {
		if !w.Write(i) { // want `a false result of w.Write is tested but ignored`
			log.Print("slow consumer")
		}
	}
}

func writesAnotherItemOnFull(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		if !w.Write(v) { // want `a false result of w.Write is tested but ignored`
			_ = w.Buffered()
		}
	}
}

func logWithContext(ctx context.Context, w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		if !w.Write(v) { // want `a false result of w.Write is tested but ignored`
			slog.WarnContext(ctx, "buffer full", "item", v)
		}
	}
}

func pollContext(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		if !w.Write(v) { // want `a false result of w.Write is tested but ignored`
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	return nil
}

// The correct forms below must stay silent.

func drainInLoop(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		if !w.Write(v) {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func drainAfterContinue(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		if w.Write(v) {
			continue
		}
		if err := w.Drain(ctx); err != nil {
			return err
		}
	}
	return nil
}

func selectDrained(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		if !w.Write(v) {
			select {
			case <-w.Drained():
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return nil
}

func receiveDrained(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		if !w.Write(v) {
			<-w.Drained()
		}
	}
}

func breakOnFull(w *flowrt.Writer[int], vs []int) int {
	n := 0
	for _, v := range vs {
		if !w.Write(v) {
			break
		}
		n++
	}
	return n
}

func returnOnFull(w *flowrt.Writer[int], vs []int) bool { // want returnOnFull:`backpressure signal in results \[0\]`
	for _, v := range vs {
		if !w.Write(v) {
			return false
		}
	}
	return true
}

func labeledBreak(w *flowrt.Writer[int], batches [][]int) {
outer:
	for _, b := range batches {
		for _, v := range b {
			if !w.Write(v) {
				break outer
			}
		}
	}
}

func sendOnFull(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for i, v := range vs {
		if !w.Write(v) {
			// Send the rest with the blocking write.
			for _, rest := range vs[i+1:] {
				if err := w.Send(ctx, rest); err != nil {
					return err
				}
			}
			return nil
		}
	}
	return nil
}

func waitForDrain(ctx context.Context, w *flowrt.Writer[int]) error { return w.Drain(ctx) }

func helper(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		if !w.Write(v) {
			if err := waitForDrain(ctx, w); err != nil {
				return err
			}
		}
	}
	return nil
}

func closureDrain(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	drain := func() error { return w.Drain(ctx) }
	for _, v := range vs {
		if !w.Write(v) {
			if err := drain(); err != nil {
				return err
			}
		}
	}
	return nil
}

type producer struct {
	w *flowrt.Writer[int]
}

func (p *producer) wait() { _ = p.w.Drain(context.Background()) }

func (p *producer) run(vs []int) {
	for _, v := range vs {
		if !p.w.Write(v) {
			p.wait()
		}
	}
}

// Reported: a false Write has buffered v already (or refused it for
// good), so the retry writes v again each millisecond.
func backoff(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		for !w.Write(v) { // want `w.Write in a loop condition writes the item again on every retry: a false result means the item was buffered \(the buffer reached its high-water mark\) or refused for good \(the stream is closed or failed\), not that it can be written again; write it once and, when w.Write returns false, wait with w.Drain\(ctx\), or use w.Send\(ctx, v\)`
			time.Sleep(time.Millisecond)
		}
	}
}

func handOn(w *flowrt.Writer[int], vs []int, full chan<- bool) {
	for _, v := range vs {
		ok := w.Write(v)
		if !ok {
			full <- ok
		}
	}
}

func record(ok bool) {}

func handOnCall(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		ok := w.Write(v)
		if !ok {
			record(ok)
		}
	}
}

func flagInCondition(w *flowrt.Writer[int], n int) int {
	full := false
	i := 0
	for ; i < n && !full; i++ {
		if !w.Write(i) {
			full = true
		}
	}
	return i
}

type sink struct {
	w       *flowrt.Writer[int]
	blocked bool
}

func (s *sink) push(vs []int) {
	for _, v := range vs {
		if s.blocked {
			return
		}
		if !s.w.Write(v) {
			s.blocked = true
		}
	}
}

func retryQueue(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	var pending []int
	for _, v := range vs {
		if len(pending) > 0 {
			if err := w.Drain(ctx); err != nil {
				return err
			}
			pending = pending[:0]
		}
		if !w.Write(v) {
			pending = append(pending, v)
		}
	}
	return nil
}

func countThenWait(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	misses := 0
	for _, v := range vs {
		if misses > 2 {
			if err := w.Drain(ctx); err != nil {
				return err
			}
			misses = 0
		}
		if !w.Write(v) {
			misses++
		}
	}
	return nil
}

func notInLoop(w *flowrt.Writer[int]) {
	if !w.Write(1) {
		log.Print("full after the only write")
	}
}

func otherWriter(ctx context.Context, a, b *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		if !a.Write(v) {
			// a is full: divert to b, and wait on b properly.
			if !b.Write(v) {
				if err := b.Drain(ctx); err != nil {
					return err
				}
			}
			if err := a.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// Taking Stats observes the stream but never waits for it to drain.
func statsOnly(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		if !w.Write(v) { // want `a false result of w.Write is tested but ignored`
			log.Println("full:", w.Stats().Buffered)
		}
	}
}

// A flag set in a case of a select records which case ran; the loop writes
// on unless one of its conditions reads the flag.
func flagInDefault(ctx context.Context, w *flowrt.Writer[int], vs []int) bool {
	full := false
	for _, v := range vs {
		if !w.Write(v) { // want `a false result of w.Write is tested but ignored`
			select {
			case <-ctx.Done():
				return full
			default:
				full = true
			}
		}
	}
	return full
}

func flagInPollDrained(w *flowrt.Writer[int], vs []int) (dropped bool) {
	for _, v := range vs {
		if !w.Write(v) { // want `a false result of w.Write is tested but ignored`
			select {
			case <-w.Drained():
			default:
				dropped = true
			}
		}
	}
	return dropped
}

func flagOnCancel(ctx context.Context, w *flowrt.Writer[int], vs []int) bool {
	cancelled := false
	for _, v := range vs {
		ok := w.Write(v)
		if !ok { // want `ok \(the result of w.Write\) is tested but a false result is ignored`
			select {
			case <-ctx.Done():
				cancelled = true
			default:
			}
		}
	}
	return cancelled
}

// Silent: the loop condition reads the flag set in the case.
func flagInDefaultStops(w *flowrt.Writer[int], vs []int) int {
	full := false
	i := 0
	for ; i < len(vs) && !full; i++ {
		if !w.Write(vs[i]) {
			select {
			case <-w.Drained():
			default:
				full = true
			}
		}
	}
	return i
}

// Silent: a blocking select waits (here for a tick) before the flag is set.
func flagAfterTick(ctx context.Context, w *flowrt.Writer[int], vs []int, tick <-chan struct{}) bool {
	slow := false
	for _, v := range vs {
		if !w.Write(v) {
			select {
			case <-tick:
				slow = true
			case <-ctx.Done():
				return slow
			}
		}
	}
	return slow
}

// Silent: the test itself is in the case (a relay); its flag is handed on
// as before.
func flagInRelayCase(ctx context.Context, w *flowrt.Writer[int], in <-chan int, full *bool) {
	for {
		select {
		case v := <-in:
			if !w.Write(v) {
				*full = true
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

// Silent: in the case that receives the drain signal the buffer has
// drained, even in a select that polls; the default returns.
func pollOrQuit(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		if !w.Write(v) {
			select {
			case <-w.Drained():
			default:
				return
			}
		}
	}
}

// The default of the poll writes on.
func pollThenWriteOn(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		if !w.Write(v) { // want `a false result of w.Write is tested but ignored`
			select {
			case <-w.Drained():
			default:
			}
		}
	}
}
