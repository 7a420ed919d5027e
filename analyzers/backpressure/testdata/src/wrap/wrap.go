// Package wrap defines functions that return a writer's signal.
package wrap

import (
	"context"
	"errors"
	"log"

	"github.com/flowvet/flowvet/flowrt"
)

// Emit writes v and returns the backpressure signal.
func Emit(w *flowrt.Writer[int], v int) bool { // want Emit:`backpressure signal in results \[0\]`
	return w.Write(v)
}

var ErrNegative = errors.New("negative")

// EmitChecked validates v first.
func EmitChecked(w *flowrt.Writer[int], v int) (bool, error) { // want EmitChecked:`backpressure signal in results \[0\]`
	if v < 0 {
		return false, ErrNegative
	}
	return w.Write(v), nil
}

// EmitTwice is a wrapper of a wrapper.
func EmitTwice(w *flowrt.Writer[int], v int) bool { // want EmitTwice:`backpressure signal in results \[0\]`
	if !Emit(w, v) {
		return false
	}
	return Emit(w, v)
}

// Forward returns the signal of another wrapper with several results.
func Forward(w *flowrt.Writer[int], v int) (bool, error) { // want Forward:`backpressure signal in results \[0\]`
	return EmitChecked(w, v)
}

// Producer holds its writer.
type Producer[T any] struct {
	w *flowrt.Writer[T]
}

// Emit is a method that returns the signal.
func (p *Producer[T]) Emit(v T) bool { // want Emit:`backpressure signal in results \[0\]`
	return p.w.Write(v)
}

// Wait waits for the consumer.
func (p *Producer[T]) Wait(ctx context.Context) error { return p.w.Drain(ctx) }

// Put writes and waits: it returns no signal, and is not a source.
func Put(ctx context.Context, w *flowrt.Writer[int], v int) bool {
	if !w.Write(v) {
		return w.Drain(ctx) == nil
	}
	return true
}

func local(w *flowrt.Writer[int]) {
	Emit(w, 1) // want `result of Emit ignored: it returns a flowrt writer's backpressure signal: false means the buffer reached its high-water mark; when it returns false, stop writing and wait with the writer's Drain\(ctx\), or return`
}

// Settle waits itself: the ok it returns is true after a successful Drain,
// so it is no backpressure signal and Settle is not a source.
func Settle(ctx context.Context, w *flowrt.Writer[int], v int) bool {
	ok := w.Write(v)
	if !ok {
		ok = w.Drain(ctx) == nil
	}
	return ok
}

// EmitAny is a generic wrapper: its fact is on the generic function, and
// every instantiation is a source.
func EmitAny[T any](w *flowrt.Writer[T], v T) bool { // want EmitAny:`backpressure signal in results \[0\]`
	return w.Write(v)
}

// EmitWait waits itself whenever the signal is false: its false means "the
// buffer was full and I drained it" (or the drain failed), nothing for the
// caller to wait for. Not a source.
func EmitWait(ctx context.Context, w *flowrt.Writer[int], v int) bool {
	ok := w.Write(v)
	if !ok {
		if err := w.Drain(ctx); err != nil {
			return false
		}
	}
	return ok
}

// EmitWait2 drops the Drain error but has waited: not a source.
func EmitWait2(ctx context.Context, w *flowrt.Writer[int], v int) bool {
	ok := w.Write(v)
	if !ok {
		_ = w.Drain(ctx)
	}
	return ok
}

// EmitWait is the method variant, with a named result and a bare return:
// not a source.
func (p *Producer[T]) EmitWait(ctx context.Context, v T) (ok bool) {
	ok = p.w.Write(v)
	if ok == false {
		if err := p.w.Drain(ctx); err != nil {
			log.Print(err)
		}
	}
	return
}

// EmitSelect waits for the drain signal, or gives up with the context:
// not a source.
func EmitSelect(ctx context.Context, w *flowrt.Writer[int], v int) bool {
	ok := w.Write(v)
	if !ok {
		select {
		case <-w.Drained():
		case <-ctx.Done():
		}
	}
	return ok
}

// EmitSome waits for large values only: a small value's false reaches the
// caller, who has to wait. A source.
func EmitSome(ctx context.Context, w *flowrt.Writer[int], v int) bool { // want EmitSome:`backpressure signal in results \[0\]`
	ok := w.Write(v)
	if !ok && v > 10 {
		if err := w.Drain(ctx); err != nil {
			return false
		}
	}
	return ok
}

// EmitPoll polls the drain signal with a default: the default path hands
// back an unwaited false. A source.
func EmitPoll(w *flowrt.Writer[int], v int) bool { // want EmitPoll:`backpressure signal in results \[0\]`
	ok := w.Write(v)
	if !ok {
		select {
		case <-w.Drained():
		default:
		}
	}
	return ok
}

// EmitLog only logs a false signal, and waits after a true one (which
// needs no wait): a source.
func EmitLog(ctx context.Context, w *flowrt.Writer[int], v int) (bool, error) { // want EmitLog:`backpressure signal in results \[0\]`
	ok := w.Write(v)
	if !ok {
		log.Print("full")
	} else if err := w.Drain(ctx); err != nil {
		return false, err
	}
	return ok, nil
}
