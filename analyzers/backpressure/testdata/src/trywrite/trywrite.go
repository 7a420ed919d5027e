// Package trywrite holds the cases of TryWrite's discarded accepted result,
// and of Reader.Ready as a wait (issue 14).
package trywrite

import (
	"context"
	"log"

	"github.com/flowvet/flowvet/flowrt"
)

// A callback of a push source: the item is dropped when the pipe is full.
func dropped(w *flowrt.Writer[int], v int) {
	w.TryWrite(v) // want `accepted result of w.TryWrite ignored: false means the item was not taken \(the buffer is at its high-water mark\) and is silently dropped; keep the item and write it again after w.Drain\(ctx\) \(pausing the source meanwhile\), or use w.Send\(ctx, v\) where the caller may wait`
}

func blank(w *flowrt.Writer[int], v int) error {
	_, err := w.TryWrite(v) // want `accepted result of w.TryWrite assigned to _: false means the item was not taken`
	return err
}

func blankBoth(w *flowrt.Writer[int], v int) {
	_, _ = w.TryWrite(v) // want `accepted result of w.TryWrite assigned to _`
}

func varSpec(w *flowrt.Writer[string]) error {
	var _, err = w.TryWrite("x") // want `accepted result of w.TryWrite assigned to _`
	return err
}

func goDefer(w *flowrt.Writer[int]) {
	go w.TryWrite(1)    // want `accepted result of w.TryWrite lost in a go statement`
	defer w.TryWrite(2) // want `accepted result of w.TryWrite lost in a defer statement`
}

type feed struct{ out *flowrt.Writer[int] }

func (f *feed) onMessage(m int) {
	f.out.TryWrite(m) // want `accepted result of f.out.TryWrite ignored: .*after f.out.Drain\(ctx\)`
}

// Silent twins: the result is looked at.

// held keeps the item and pauses the source: the pattern.
func held(w *flowrt.Writer[int], v int, held *[]int, pause func()) error {
	accepted, err := w.TryWrite(v)
	if err != nil {
		return err
	}
	if !accepted {
		*held = append(*held, v)
		pause()
	}
	return nil
}

// shed drops on purpose, and says so: a decision, not a silent drop.
func shed(w *flowrt.Writer[int], v int) {
	if ok, _ := w.TryWrite(v); !ok {
		log.Printf("pipe full: message %d dropped", v)
	}
}

// handedOn returns both results: the caller decides.
func handedOn(w *flowrt.Writer[int], v int) (bool, error) {
	return w.TryWrite(v)
}

// reassigned to variables used later: the analyzer cannot follow, and
// stays silent.
func reassigned(w *flowrt.Writer[int], v int) bool {
	var ok bool
	var err error
	ok, err = w.TryWrite(v)
	_ = err
	return ok
}

// stored in a field: handed on.
type result struct{ ok bool }

func stored(w *flowrt.Writer[int], v int, r *result) error {
	var err error
	r.ok, err = w.TryWrite(v)
	return err
}

// A Write is not a TryWrite: Write's own rule applies to it.
func notTry(w *flowrt.Writer[int]) {
	w.Write(1) // want `result of w.Write ignored`
}

// Reader.Ready is a wait when received from, like Drained: a relay that
// waits for its input after a false Write has waited for something.
func relayReady(ctx context.Context, r *flowrt.Reader[int], w *flowrt.Writer[int]) error {
	for i := 0; ; i++ {
		if !w.Write(i) {
			select {
			case <-r.Ready():
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
}

// r.Ready() as a statement only returns the channel: no wait, like
// w.Drained() as a statement.
func readyStatement(r *flowrt.Reader[int], w *flowrt.Writer[int]) {
	for i := 0; ; i++ {
		if !w.Write(i) { // want `a false result of w.Write is tested but ignored: the loop writes again without waiting`
			r.Ready()
		}
	}
}
