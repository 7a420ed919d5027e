// Package vars holds signals stored in variables.
package vars

import (
	"context"
	"errors"
	"log"

	"github.com/flowvet/flowvet/flowrt"
)

func overwritten(ctx context.Context, w *flowrt.Writer[int], a, b int) error {
	ok := w.Write(a) // want `result of w.Write stored in ok is overwritten before it is read on some path: false means the buffer reached its high-water mark, and that false is lost; check ok and call w.Send\(ctx, a\), or wait with w.Drain\(ctx\) when it returns false`
	ok = w.Write(b)
	if !ok {
		return w.Drain(ctx)
	}
	return nil
}

func neverRead(ctx context.Context, w *flowrt.Writer[int]) error {
	ok := w.Write(1)
	if !ok {
		if err := w.Drain(ctx); err != nil {
			return err
		}
	}
	ok = w.Write(2) // want `result of w.Write stored in ok is never read: false means the buffer reached its high-water mark; check ok and`
	return nil
}

func lastInLoop(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	var ok bool
	for _, v := range vs {
		ok = w.Write(v) // want `result of w.Write stored in ok is overwritten before it is read on some path`
	}
	if !ok {
		return w.Drain(ctx)
	}
	return nil
}

func skippedOnSomePath(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		ok := w.Write(v) // want `result of w.Write stored in ok is overwritten before it is read on some path`
		if v == 0 {
			continue
		}
		if !ok {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func overwrittenByConstant(ctx context.Context, w *flowrt.Writer[int]) error {
	ok := w.Write(1) // want `result of w.Write stored in ok is overwritten before it is read on some path`
	ok = true
	if !ok {
		return w.Drain(ctx)
	}
	return nil
}

func varDecl(ctx context.Context, w *flowrt.Writer[int]) error {
	var ok = w.Write(1) // want `result of w.Write stored in ok is overwritten`
	ok = w.Write(2)
	if !ok {
		return w.Drain(ctx)
	}
	return nil
}

func notReadOnEarlyReturn(ctx context.Context, w *flowrt.Writer[int], v int, skip bool) error {
	ok := w.Write(v) // want `result of w.Write stored in ok is not read on the path that returns at line 79: false means the buffer reached its high-water mark, and that false is lost; check ok on every path and call w.Send\(ctx, v\), or wait with w.Drain\(ctx\) when it returns false`
	if skip {
		return nil
	}
	if !ok {
		return w.Drain(ctx)
	}
	return nil
}

func notReadAfterBreak(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		ok := w.Write(v) // want `result of w.Write stored in ok is not read on the path that returns at line 99`
		if v < 0 {
			break
		}
		if !ok {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func notReadAtEnd(w *flowrt.Writer[int], verbose bool) {
	ok := w.Write(1) // want `result of w.Write stored in ok is not read on the path that returns at the end of the function`
	if verbose {
		log.Println("accepted:", ok)
	}
}

// Returning true tells the caller to go on: the false is lost.
func (b *buffered) put(v int) bool { // want put:`backpressure signal in results \[0\]`
	ok := b.w.Write(v) // want `result of b.w.Write stored in ok is not read on the path that returns at line \d+`
	if v == 0 {
		return true
	}
	if !ok {
		log.Print("full")
		return false
	}
	return true
}

// _ = ok silences the compiler, not the signal.
func blankedVariable(w *flowrt.Writer[int]) {
	ok := w.Write(1) // want `result of w.Write stored in ok is never read`
	_ = ok
}

// The correct forms below must stay silent.

var errBad = errors.New("bad")

func returnBeforeRead(ctx context.Context, w *flowrt.Writer[int], v int) error {
	ok := w.Write(v)
	if v < 0 {
		return errBad // the path that fails need not look at ok
	}
	if !ok {
		return w.Drain(ctx)
	}
	return nil
}

func readEveryTime(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	var ok bool
	for _, v := range vs {
		ok = w.Write(v)
		if !ok {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func accumulate(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	allOK := true
	for _, v := range vs[:2] {
		ok := w.Write(v)
		allOK = allOK && ok
	}
	if !allOK {
		return w.Drain(ctx)
	}
	return nil
}

func captured(w *flowrt.Writer[int]) {
	ok := w.Write(1)
	defer func() { log.Println("last write accepted:", ok) }()
	ok = w.Write(2)
}

func check(ok *bool) {}

func addressTaken(w *flowrt.Writer[int]) {
	ok := w.Write(1)
	check(&ok)
	ok = w.Write(2)
}

func emitNamed(w *flowrt.Writer[int], v int) (ok bool) { // want emitNamed:`backpressure signal in results \[0\]`
	ok = w.Write(v)
	return
}

func emitNamedErr(w *flowrt.Writer[int], v int) (n int, ok bool, err error) { // want emitNamedErr:`backpressure signal in results \[1\]`
	if v < 0 {
		return 0, false, errBad
	}
	ok = w.Write(v)
	return 1, ok, nil
}

func useNamed(ctx context.Context, w *flowrt.Writer[int]) error {
	emitNamed(w, 1) // want `result of emitNamed ignored: it returns a flowrt writer's backpressure signal`
	_, ok, err := emitNamedErr(w, 2)
	if err != nil {
		return err
	}
	if !ok {
		return w.Drain(ctx)
	}
	n, _, err := emitNamedErr(w, 3) // want `result of emitNamedErr assigned to _`
	_ = n
	return err
}

func bareReturnOfNamedError(ctx context.Context, w *flowrt.Writer[int], v int) (err error) {
	ok := w.Write(v)
	if v < 0 {
		err = errBad
		return // the named error may be set: not known to be a success
	}
	if !ok {
		err = w.Drain(ctx)
	}
	return err
}

// A call's error is nil when the call succeeded (errpath): on that path
// the caller is told all went well, and the false is lost. (Before
// errpath, only a literal nil was a success and this was silent.)
func returnOfCall(ctx context.Context, w *flowrt.Writer[int], v int) error {
	ok := w.Write(v) // want `result of w.Write stored in ok is not read on the path that returns at line \d+`
	if v < 0 {
		return validate(v)
	}
	if !ok {
		return w.Drain(ctx)
	}
	return nil
}

func validate(v int) error { return errBad }

func panicPath(ctx context.Context, w *flowrt.Writer[int], v int) error {
	ok := w.Write(v)
	if v < 0 {
		panic("negative")
	}
	if !ok {
		return w.Drain(ctx)
	}
	return nil
}

type buffered struct {
	w      *flowrt.Writer[int]
	closed bool
}

// The early return hands false to the caller: stop.
func (b *buffered) add(v int) bool { // want add:`backpressure signal in results \[0\]`
	ok := b.w.Write(v)
	if b.closed {
		return false
	}
	return ok
}

func (b *buffered) addAll(vs []int) (int, bool) { // want addAll:`backpressure signal in results \[1\]`
	for i, v := range vs {
		ok := b.w.Write(v)
		if b.closed {
			return i, b.closed
		}
		if !ok {
			return i + 1, false
		}
	}
	return len(vs), true
}

// Cancelled: the producer gives up, the signal no longer matters.
func cancelled(ctx context.Context, w *flowrt.Writer[int], v int) error {
	ok := w.Write(v)
	if ctx.Err() != nil {
		return nil
	}
	select {
	case <-ctx.Done():
		return nil
	default:
	}
	if !ok {
		return w.Drain(ctx)
	}
	return nil
}
