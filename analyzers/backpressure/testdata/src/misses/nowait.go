package misses

import (
	"context"
	"log"
	"time"

	"github.com/flowvet/flowvet/flowrt"
)

// Calls that look like a wait and are none: Drained() without a receive
// only returns the channel; go and defer run the wait elsewhere, or at the
// return.

func drainedNotReceived(w *flowrt.Writer[Event], evs []Event) {
	for _, e := range evs {
		if !w.Write(e) { // want `a false result of w.Write is tested but ignored`
			w.Drained()
		}
	}
}

func goDrain(ctx context.Context, w *flowrt.Writer[Event], evs []Event) {
	for _, e := range evs {
		if !w.Write(e) { // want `a false result of w.Write is tested but ignored`
			go w.Drain(ctx)
		}
	}
}

func goLiteral(ctx context.Context, w *flowrt.Writer[Event], evs []Event) {
	for _, e := range evs {
		if !w.Write(e) { // want `a false result of w.Write is tested but ignored`
			go func() {
				if err := w.Drain(ctx); err != nil {
					log.Print(err)
				}
			}()
		}
	}
}

func deferDrain(ctx context.Context, w *flowrt.Writer[Event], evs []Event) {
	for _, e := range evs {
		if !w.Write(e) { // want `a false result of w.Write is tested but ignored`
			defer w.Drain(ctx)
		}
	}
}

// A wrapper that drains in a goroutine still hands a false back unwaited.
func emitAsync(ctx context.Context, w *flowrt.Writer[Event], e Event) bool { // want emitAsync:`backpressure signal in results \[0\]`
	ok := w.Write(e)
	if !ok {
		go w.Drain(ctx)
	}
	return ok
}

// Silent: receiving from Drained() waits; so does a go statement whose
// argument is received first.

func drainedReceived(w *flowrt.Writer[Event], evs []Event) {
	for _, e := range evs {
		if !w.Write(e) {
			<-w.Drained()
		}
	}
}

func drainedLater(w *flowrt.Writer[Event], evs []Event) {
	for _, e := range evs {
		if !w.Write(e) {
			ch := w.Drained()
			log.Print("waiting")
			<-ch
		}
	}
}

func goAfterAck(w *flowrt.Writer[Event], evs []Event, acks <-chan int, report func(int)) {
	for _, e := range evs {
		if !w.Write(e) {
			go report(<-acks)
		}
	}
}

// The drain channel handed to a helper that waits on it.
func waitOrTimeout(ch <-chan struct{}, d time.Duration) bool {
	select {
	case <-ch:
		return true
	case <-time.After(d):
		return false
	}
}

func drainedHandedOn(w *flowrt.Writer[Event], evs []Event) {
	for _, e := range evs {
		if !w.Write(e) {
			if !waitOrTimeout(w.Drained(), time.Second) {
				log.Print("consumer stuck")
			}
		}
	}
}
