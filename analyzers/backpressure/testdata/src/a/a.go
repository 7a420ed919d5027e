// Package a holds the discarded-result cases.
package a

import (
	"context"
	"fmt"

	"github.com/flowvet/flowvet/flowrt"
)

func exprStmt(w *flowrt.Writer[int]) {
	w.Write(1) // want `result of w.Write ignored: false means the buffer reached its high-water mark; call w.Send\(ctx, 1\), or wait with w.Drain\(ctx\) when it returns false`
}

func blank(w *flowrt.Writer[int]) {
	_ = w.Write(2) // want `result of w.Write assigned to _: false means the buffer reached its high-water mark, and _ = does not silence it; call w.Send\(ctx, 2\), or wait with w.Drain\(ctx\) when it returns false, or explain with //flowvet:ignore backpressure <reason>`
}

func blankVar(w *flowrt.Writer[int]) {
	var _ = w.Write(2)    // want `result of w.Write assigned to _`
	a, _ := 1, w.Write(3) // want `result of w.Write assigned to _`
	fmt.Println(a)
}

func goDefer(w *flowrt.Writer[string]) {
	go w.Write("x")    // want `w.Write in a go statement: its result is lost \(false means the buffer reached its high-water mark\); call w.Send\(ctx, "x"\)`
	defer w.Write("y") // want `deferred w.Write: its result is lost`
}

func parens(w *flowrt.Writer[int]) {
	(w.Write(4)) // want `result of w.Write ignored`
}

type pair struct {
	in  *flowrt.Reader[int]
	out *flowrt.Writer[int]
}

func fieldReceiver(p pair) {
	p.out.Write(5) // want `result of p.out.Write ignored: .*call p.out.Send\(ctx, 5\), or wait with p.out.Drain\(ctx\)`
}

func generic[T any](w *flowrt.Writer[T], v T) {
	w.Write(v) // want `result of w.Write ignored`
}

func bytePipe(w *flowrt.Writer[[]byte], chunk []byte) {
	w.Write(chunk) // want `result of w.Write ignored`
}

func closure(w *flowrt.Writer[int]) func() {
	return func() {
		w.Write(6) // want `result of w.Write ignored`
	}
}

func suppressed(w *flowrt.Writer[int]) {
	//flowvet:ignore backpressure the test consumer reads everything before it checks
	_ = w.Write(3)
	w.Write(4) //flowvet:ignore backpressure one item over the mark is bounded here
}

func noReason(w *flowrt.Writer[int]) {
	//flowvet:ignore backpressure
	w.Write(4) // want `result of w.Write ignored`
}

// The correct forms below must stay silent.

func checked(ctx context.Context, w *flowrt.Writer[int]) error {
	if !w.Write(1) {
		if err := w.Drain(ctx); err != nil {
			return err
		}
	}
	return nil
}

func handedOn(w *flowrt.Writer[int]) bool { // want handedOn:`backpressure signal in results \[0\]`
	ok := w.Write(1)
	return ok
}

func record(ok bool) {}

func passedOn(w *flowrt.Writer[int]) {
	record(w.Write(1))
	fmt.Println("accepted:", w.Write(2))
}

type state struct{ ok bool }

func storedInField(w *flowrt.Writer[int], s *state) {
	s.ok = w.Write(1)
}

var global bool

func storedInGlobal(w *flowrt.Writer[int]) {
	global = w.Write(1)
}

func sentOnChannel(w *flowrt.Writer[int], ch chan<- bool) {
	ch <- w.Write(1)
}

func storedInMap(w *flowrt.Writer[int], m map[int]bool) {
	m[1] = w.Write(1)
}

func drainedChannel(ctx context.Context, w *flowrt.Writer[int]) error {
	if w.Write(1) {
		return nil
	}
	select {
	case <-w.Drained():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func send(ctx context.Context, w *flowrt.Writer[int]) error {
	return w.Send(ctx, 1)
}

func methodValueEscapes(w *flowrt.Writer[int]) {
	write := w.Write
	record(write(0))
	consume(write) // passed on: the analyzer does not follow write
	write(1)
}

func consume(func(int) bool) {}

// A Write followed on every path by a wait behaves like Send.
func writeThenDrain(ctx context.Context, w *flowrt.Writer[int]) error {
	w.Write(1)
	if err := w.Drain(ctx); err != nil {
		return err
	}
	_ = w.Write(2)
	return w.Drain(ctx)
}

func writeThenHelper(ctx context.Context, w *flowrt.Writer[int]) {
	w.Write(1)
	waitFor(ctx, w)
}

func waitFor(ctx context.Context, w *flowrt.Writer[int]) { _ = w.Drain(ctx) }

// The reports below stand: some path writes again or returns before any wait.

func batchThenDrain(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		w.Write(v) // want `result of w.Write ignored`
	}
	return w.Drain(ctx)
}

func drainOnlySometimes(ctx context.Context, w *flowrt.Writer[int], slow bool) error {
	w.Write(1) // want `result of w.Write ignored`
	if slow {
		return w.Drain(ctx)
	}
	return nil
}

// go and defer with the blocking write, or the close, are not discards.
func goDeferSilent(ctx context.Context, w *flowrt.Writer[int], errc chan<- error) {
	defer w.Close()
	go func() {
		if !w.Write(1) {
			errc <- w.Drain(ctx)
			return
		}
		errc <- nil
	}()
	go func() { errc <- w.Send(ctx, 2) }()
}

// A directive silences only the analyzers it names, and only on its own
// line and the line below.
func suppressedOtherAnalyzer(w *flowrt.Writer[int]) {
	//flowvet:ignore writeafterclose names another analyzer
	w.Write(1) // want `result of w.Write ignored`
	w.Write(2) //flowvet:ignore unflushed,pipelineerr names other analyzers // want `result of w.Write ignored`
	//flowvet:ignore backpressure two lines above the report

	w.Write(3) // want `result of w.Write ignored`
	//flowvet:ignore unflushed,backpressure a list that names backpressure
	w.Write(4)
}
