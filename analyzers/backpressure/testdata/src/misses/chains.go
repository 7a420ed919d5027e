package misses

import (
	"context"
	"log"
	"time"

	"github.com/flowvet/flowvet/flowrt"
)

// A test combined with others by && or ||: on the branch where the signal
// is certainly false (the true branch of !ok && x, the false branch of
// ok || x), the loop writes again.

func verboseLog(w *flowrt.Writer[Event], evs []Event, verbose bool) {
	for _, e := range evs {
		ok := w.Write(e)
		if verbose && !ok { // want `ok \(the result of w.Write\) is tested but a false result is ignored: the loop writes again without waiting for the buffer to drain`
			log.Print("full")
		}
	}
}

func callFirst(w *flowrt.Writer[Event], evs []Event, verbose bool) {
	for _, e := range evs {
		if !w.Write(e) && verbose { // want `a false result of w.Write is tested but ignored`
			log.Print("full")
		}
	}
}

func every100(w *flowrt.Writer[Event], evs []Event) {
	for i, e := range evs {
		ok := w.Write(e)
		if i%100 == 0 && !ok { // want `ok \(the result of w.Write\) is tested but a false result is ignored`
			log.Printf("full at %d", i)
		}
	}
}

func orQuiet(w *flowrt.Writer[Event], evs []Event, quiet bool) {
	for _, e := range evs {
		if w.Write(e) || quiet { // want `a false result of w.Write is tested but ignored`
			continue
		}
		log.Print("full")
	}
}

func nested(w *flowrt.Writer[Event], evs []Event, a, b bool) {
	for _, e := range evs {
		ok := w.Write(e)
		if (a && !ok) && b { // want `ok \(the result of w.Write\) is tested but a false result is ignored`
			log.Print("full")
		}
	}
}

func retryBounded(w *flowrt.Writer[Event], e Event) {
	for tries := 0; !w.Write(e) && tries < 3; tries++ { // want `w.Write in a loop condition writes the item again on every retry`
		time.Sleep(time.Millisecond)
	}
}

// Silent: the certain branch waits; the other branch is not judged.

func drainUnlessCancelled(ctx context.Context, w *flowrt.Writer[Event], evs []Event) error {
	for _, e := range evs {
		ok := w.Write(e)
		if !ok && ctx.Err() == nil {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}

func orCancelled(ctx context.Context, w *flowrt.Writer[Event], evs []Event) error {
	for _, e := range evs {
		if w.Write(e) || ctx.Err() != nil {
			continue
		}
		if err := w.Drain(ctx); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Reported: a variable read only by the test's own condition, after the
// Write, decides whether to log, not whether to write (a rate-limited log,
// a warning given once).
func rateLimitedLog(ctx context.Context, w *flowrt.Writer[Event], evs []Event) error {
	var last time.Time
	for _, e := range evs {
		if !w.Write(e) && time.Since(last) > time.Second { // want `a false result of w.Write is tested but ignored`
			log.Print("consumer slow")
			last = time.Now()
		}
	}
	return nil
}

func warnOnce(w *flowrt.Writer[Event], evs []Event) {
	warned := false
	for _, e := range evs {
		ok := w.Write(e)
		if !ok && !warned { // want `ok \(the result of w.Write\) is tested but a false result is ignored`
			log.Print("consumer slow")
			warned = true
		}
	}
}

// Silent: a flag read before the Write stops the writing (the condition
// short-circuits), or is read elsewhere.
func stopWriting(w *flowrt.Writer[Event], evs []Event) (dropped int) {
	stopped := false
	for _, e := range evs {
		if !stopped && !w.Write(e) {
			stopped = true
			continue
		}
		if stopped {
			dropped++
		}
	}
	return dropped
}

func warnThenDrain(ctx context.Context, w *flowrt.Writer[Event], evs []Event) error {
	warned := false
	for _, e := range evs {
		if !w.Write(e) && !warned {
			warned = true
		}
		if warned {
			warned = false
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// Silent, unsure: the branch changes what its condition tests (a bounded
// tolerance): the CFG does not know which way the condition goes next
// time.
func tolerate(ctx context.Context, w *flowrt.Writer[Event], evs []Event) error {
	retries := 0
	for _, e := range evs {
		ok := w.Write(e)
		if !ok && retries < 3 {
			retries++
			continue
		}
		if !ok {
			retries = 0
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// Silent: the signal is logged, then waited for, in two tests of it (the
// second test cannot take its true branch on that path).
func logThenDrain(ctx context.Context, w *flowrt.Writer[Event], evs []Event, verbose bool) error {
	for _, e := range evs {
		ok := w.Write(e)
		if !ok {
			log.Print("full")
		}
		if verbose && !ok {
			log.Print("still full")
		}
		if !ok {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// Silent: counted, then waited for (was reported: the second test's false
// branch was followed although ok is false there).
func countThenDrain(ctx context.Context, w *flowrt.Writer[Event], evs []Event) (stalls int, err error) {
	for _, e := range evs {
		ok := w.Write(e)
		if !ok {
			stalls++
		}
		if !ok {
			if err := w.Drain(ctx); err != nil {
				return stalls, err
			}
		}
	}
	return stalls, nil
}
