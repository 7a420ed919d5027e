package misses

import (
	"context"
	"log"

	"github.com/flowvet/flowvet/flowrt"
)

// The negation of the signal stored in a variable (full := !w.Write(e)):
// its true branch is the signal's false one.

func negStore(w *flowrt.Writer[Event], evs []Event) {
	for _, e := range evs {
		full := !w.Write(e)
		if full { // want `full \(the negated result of w.Write\) is tested but a false result is ignored: the loop writes again without waiting for the buffer to drain; when it is false, wait with Drain\(ctx\), return or break`
			log.Print("full")
		}
	}
}

func comparedStore(w *flowrt.Writer[Event], evs []Event) (stalls int) {
	for _, e := range evs {
		blocked := w.Write(e) == false
		if blocked { // want `blocked \(the negated result of w.Write\) is tested but a false result is ignored`
			stalls++
		}
	}
	return stalls
}

func negSwitch(w *flowrt.Writer[Event], evs []Event) {
	for _, e := range evs {
		full := !w.Write(e)
		switch full { // want `full \(the negated result of w.Write\) is tested but a false result is ignored`
		case true:
			log.Print("full")
		}
	}
}

func negOverwritten(ctx context.Context, w *flowrt.Writer[Event], evs []Event) error {
	var full bool
	for _, e := range evs {
		full = !w.Write(e) // want `result of w.Write stored in full is overwritten before it is read on some path`
	}
	if full {
		return w.Drain(ctx)
	}
	return nil
}

// Silent: the negation waited for.

func negDrain(ctx context.Context, w *flowrt.Writer[Event], evs []Event) error {
	for _, e := range evs {
		full := !w.Write(e)
		if full {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func negNotFull(ctx context.Context, w *flowrt.Writer[Event], evs []Event) error {
	for _, e := range evs {
		if full := !w.Write(e); !full {
			continue
		}
		if err := w.Drain(ctx); err != nil {
			return err
		}
	}
	return nil
}

// A flag tested at the top of the next iteration.
func sticky(ctx context.Context, w *flowrt.Writer[Event], evs []Event) error {
	full := false
	for _, e := range evs {
		if full {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
		full = !w.Write(e)
	}
	if full {
		return w.Drain(ctx)
	}
	return nil
}

// A function that returns the negation says true when the buffer is full:
// it is no source (its callers would be judged upside down).
func isFull(w *flowrt.Writer[Event], e Event) bool {
	full := !w.Write(e)
	return full
}

func useIsFull(ctx context.Context, w *flowrt.Writer[Event], evs []Event) error {
	for _, e := range evs {
		if isFull(w, e) {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// Both polarities in one variable: not judged.
func mixed(w, other *flowrt.Writer[Event], evs []Event) {
	for _, e := range evs {
		ok := w.Write(e)
		if !ok {
			ok = !other.Write(e)
		}
		if ok {
			log.Print("?")
		}
	}
}
