// Package wrap defines functions that return a writer's signal.
package wrap

import (
	"context"
	"errors"

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
