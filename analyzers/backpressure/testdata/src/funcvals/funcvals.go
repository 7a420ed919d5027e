// Package funcvals holds signals that come through a local function
// variable (a method value, a function value, a function literal that
// returns the signal) or a method expression.
package funcvals

import (
	"context"
	"log"

	"github.com/flowvet/flowvet/flowrt"

	"wrap"
)

// Method values bound once.

func methodValue(w *flowrt.Writer[int]) {
	write := w.Write
	write(1) // want `result of write ignored: false means the buffer reached its high-water mark; call w.Send\(ctx, 1\), or wait with w.Drain\(ctx\) when it returns false`
}

func methodValueBlank(w *flowrt.Writer[int]) {
	write := w.Write
	_ = write(2) // want `result of write assigned to _`
}

func methodValueGoDefer(w *flowrt.Writer[int]) {
	var write = w.Write
	go write(3)    // want `write in a go statement: its result is lost`
	defer write(4) // want `deferred write: its result is lost`
}

func methodValueNeverRead(w *flowrt.Writer[int]) {
	write := w.Write
	ok := write(5)
	log.Print(ok)
	ok = write(6) // want `result of write stored in ok is never read: .*call w.Send\(ctx, 6\)`
}

func methodValueOverwritten(ctx context.Context, w *flowrt.Writer[int]) error {
	write := w.Write
	ok := write(5) // want `result of write stored in ok is overwritten before it is read on some path`
	ok = write(6)
	if !ok {
		return w.Drain(ctx)
	}
	return nil
}

func methodValueInLoop(w *flowrt.Writer[string], lines []string) {
	put := w.Write
	for _, l := range lines {
		if !put(l) { // want `a false result of put is tested but ignored: the loop writes again without waiting for the buffer to drain; when it returns false, wait with w.Drain\(ctx\) \(or return, or break\), or use w.Send\(ctx, v\)`
			log.Print("full")
		}
	}
}

// A method value and a direct Write on the same writer are one writer.
func mixedInLoop(w *flowrt.Writer[int], vs []int) {
	write := w.Write
	for _, v := range vs {
		if !write(v) { // want `a false result of write is tested but ignored`
			log.Print("full")
		}
		if !w.Write(-v) { // want `a false result of w.Write is tested but ignored`
			log.Print("full")
		}
	}
}

type pair struct{ out *flowrt.Writer[int] }

func fieldMethodValue(p pair) {
	emit := p.out.Write
	emit(7) // want `result of emit ignored: .*call p.out.Send\(ctx, 7\)`
}

// Method expressions.

func methodExpr(w *flowrt.Writer[int]) {
	(*flowrt.Writer[int]).Write(w, 8) // want `result of \(\*flowrt.Writer\[int\]\).Write ignored: false means the buffer reached its high-water mark; call w.Send\(ctx, 8\), or wait with w.Drain\(ctx\) when it returns false`
}

func methodExprInLoop(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		if !(*flowrt.Writer[int]).Write(w, v) { // want `a false result of \(\*flowrt.Writer\[int\]\).Write is tested but ignored: .*wait with w.Drain\(ctx\)`
			log.Print("full")
		}
	}
}

// Function values of wrappers, and method values of wrapper methods.

func wrapperValue(w *flowrt.Writer[int], p *wrap.Producer[string]) {
	emit := wrap.Emit
	emit(w, 9) // want `result of emit ignored: it returns a flowrt writer's backpressure signal`
	put := p.Emit
	put("x") // want `result of put ignored: it returns a flowrt writer's backpressure signal`
}

// Function literals that return the signal.

func closure(w *flowrt.Writer[int]) {
	emit := func(v int) bool { return w.Write(v) }
	emit(10)     // want `result of emit ignored: it returns a flowrt writer's backpressure signal: false means the buffer reached its high-water mark; when it returns false, stop writing and wait with the writer's Drain\(ctx\), or return`
	_ = emit(11) // want `result of emit assigned to _`
	go emit(12)  // want `emit in a go statement`
}

func closureWithError(w *flowrt.Writer[int]) error {
	emit := func(v int) (bool, error) {
		if v < 0 {
			return false, context.Canceled
		}
		return w.Write(v), nil
	}
	_, err := emit(13) // want `result of emit assigned to _`
	return err
}

func closureNamedResult(ctx context.Context, w *flowrt.Writer[int]) error {
	emit := func(v int) (ok bool) {
		ok = w.Write(v * 2)
		return
	}
	ok := emit(14) // want `result of emit stored in ok is overwritten before it is read on some path`
	ok = emit(15)
	if !ok {
		return w.Drain(ctx)
	}
	return nil
}

func closureOfClosure(w *flowrt.Writer[int]) {
	emit := func(v int) bool { return w.Write(v) }
	twice := func(v int) bool {
		if !emit(v) {
			return false
		}
		return emit(v)
	}
	twice(16) // want `result of twice ignored`
}

func closureOfMethodValue(w *flowrt.Writer[int]) {
	write := w.Write
	emit := func(v int) bool { return write(v + 1) }
	emit(17) // want `result of emit ignored`
}

func closureInLoop(w *flowrt.Writer[int], vs []int) (dropped int) {
	emit := func(v int) bool { return w.Write(v) }
	for _, v := range vs {
		if !emit(v) { // want `a false result of emit is tested but ignored: the loop writes again without waiting for the buffer to drain; when it returns false, wait with the writer's Drain\(ctx\), return or break`
			dropped++
		}
	}
	return dropped
}

// A named function that returns a literal's signal is a wrapper.
func Relay(w *flowrt.Writer[int], v int) bool { // want Relay:`backpressure signal in results \[0\]`
	emit := func(v int) bool { return w.Write(v) }
	return emit(v)
}

// The correct forms below must stay silent.

func methodValueChecked(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	write := w.Write
	for _, v := range vs {
		if !write(v) {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func methodValueThenDrain(ctx context.Context, w *flowrt.Writer[int]) error {
	write := w.Write
	write(1)
	return w.Drain(ctx)
}

func methodExprChecked(ctx context.Context, w *flowrt.Writer[int]) error {
	if !(*flowrt.Writer[int]).Write(w, 1) {
		return w.Drain(ctx)
	}
	return nil
}

func closureChecked(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	emit := func(v int) bool { return w.Write(v) }
	for _, v := range vs {
		if emit(v) {
			continue
		}
		select {
		case <-w.Drained():
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// A literal that waits itself returns no signal.
func closureWaits(ctx context.Context, w *flowrt.Writer[int]) {
	put := func(v int) bool {
		if !w.Write(v) {
			return w.Drain(ctx) == nil
		}
		return true
	}
	put(1)
}

// A literal that waits whenever its signal is false returns no signal
// either; one that waits only on some paths does.
func closureWaitsOnFalse(ctx context.Context, w *flowrt.Writer[int]) {
	put := func(v int) bool {
		ok := w.Write(v)
		if !ok {
			_ = w.Drain(ctx)
		}
		return ok
	}
	put(1)
	putSome := func(v int) bool {
		ok := w.Write(v)
		if !ok && v > 10 {
			_ = w.Drain(ctx)
		}
		return ok
	}
	putSome(2) // want `result of putSome ignored`
}

// Reassigned: the variable may hold something else at the call.
func reassigned(w, other *flowrt.Writer[int], useOther bool) {
	write := w.Write
	if useOther {
		write = func(int) bool { return true }
	}
	write(1)
	emit := func(v int) bool { return w.Write(v) }
	emit = func(int) bool { return true }
	emit(2)
}

func consume(func(int) bool) {}

// Escapes: the variable is passed on, stored or returned.
func escapes(w *flowrt.Writer[int]) func(int) bool {
	write := w.Write
	consume(write)
	write(1)
	emit := func(v int) bool { return w.Write(v) }
	write2 := w.Write
	var fns []func(int) bool
	fns = append(fns, write2)
	write2(2)
	emit(3)
	return emit
}

func addressTaken(w *flowrt.Writer[int]) {
	write := w.Write
	p := &write
	_ = p
	write(1)
}

// Declared first, assigned later: not followed.
func assignedLater(w *flowrt.Writer[int]) {
	var write func(int) bool
	write = w.Write
	write(1)
}

// Another writer each iteration through a literal declared in the loop.
func fanOut(outs []*flowrt.Writer[int], v int) (slow int) {
	for _, w := range outs {
		emit := func(v int) bool { return w.Write(v) }
		if !emit(v) {
			slow++
		}
	}
	return slow
}

// A literal that returns some other bool.
func notASignal(w *flowrt.Writer[int]) {
	valid := func(v int) bool { return v >= 0 }
	valid(1)
	write := w.Drain
	_ = write
}

// A method value of a type that is not a flowrt writer.
type fake struct{}

func (fake) Write(v int) bool { return true }

func notFlowrt(f fake) {
	write := f.Write
	write(1)
}
