// Package usewrap calls the wrappers of package wrap: the facts carry the
// signal across the package boundary.
package usewrap

import (
	"context"
	"log"

	"github.com/flowvet/flowvet/flowrt"

	"wrap"
)

func discard(w *flowrt.Writer[int], p *wrap.Producer[string]) {
	wrap.Emit(w, 1)               // want `result of wrap.Emit ignored: it returns a flowrt writer's backpressure signal`
	_, _ = wrap.EmitChecked(w, 2) // want `result of wrap.EmitChecked assigned to _`
	go wrap.EmitTwice(w, 3)       // want `wrap.EmitTwice in a go statement: its result is lost`
	p.Emit("x")                   // want `result of p.Emit ignored`
	ok, err := wrap.Forward(w, 4) // want `result of wrap.Forward stored in ok is overwritten before it is read on some path`
	log.Println(err)
	ok = wrap.Emit(w, 5)
	if !ok {
		log.Print("full")
	}
}

func deferred(w *flowrt.Writer[int], p *wrap.Producer[int]) {
	defer wrap.Emit(w, 1) // want `deferred wrap.Emit: its result is lost`
	emit := p.Emit
	for i := range 3 {
		if !emit(i) { // want `a false result of emit is tested but ignored`
			log.Print("full")
		}
	}
}

func loop(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		if !wrap.Emit(w, v) { // want `a false result of wrap.Emit is tested but ignored: the loop writes again without waiting for the buffer to drain; when it returns false, wait with the writer's Drain\(ctx\), return or break`
			log.Print("full")
		}
	}
}

// Relay is a wrapper of an imported wrapper.
func Relay(w *flowrt.Writer[int], v int) bool { // want Relay:`backpressure signal in results \[0\]`
	return wrap.Emit(w, v)
}

// The correct forms below must stay silent.

func checked(ctx context.Context, w *flowrt.Writer[int], p *wrap.Producer[string], vs []int) error {
	for _, v := range vs {
		if !wrap.Emit(w, v) {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
		ok, err := wrap.EmitChecked(w, v)
		if err != nil {
			return err
		}
		if !ok {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
		if !p.Emit("v") {
			if err := p.Wait(ctx); err != nil {
				return err
			}
		}
	}
	wrap.Put(ctx, w, 5) // not a source: it waits itself
	return nil
}

func settle(ctx context.Context, w *flowrt.Writer[int]) {
	wrap.Settle(ctx, w, 6)
}

func generic(ctx context.Context, w *flowrt.Writer[string]) error {
	wrap.EmitAny(w, "a")         // want `result of wrap.EmitAny ignored`
	wrap.EmitAny[string](w, "b") // want `result of wrap.EmitAny\[string\] ignored`
	if !wrap.EmitAny(w, "c") {
		return w.Drain(ctx)
	}
	return nil
}

// Wrappers that wait whenever their signal is false return no signal.
func waited(ctx context.Context, w *flowrt.Writer[int], p *wrap.Producer[string]) {
	wrap.EmitWait(ctx, w, 1)
	wrap.EmitWait2(ctx, w, 2)
	p.EmitWait(ctx, "x")
	_ = wrap.EmitSelect(ctx, w, 3)
	for i := range 3 {
		if !wrap.EmitWait(ctx, w, i) {
			log.Print("was full")
		}
	}
}

// Wrappers that hand back an unwaited false on some path are sources.
func partly(ctx context.Context, w *flowrt.Writer[int]) {
	wrap.EmitSome(ctx, w, 1)       // want `result of wrap.EmitSome ignored: it returns a flowrt writer's backpressure signal`
	_ = wrap.EmitPoll(w, 2)        // want `result of wrap.EmitPoll assigned to _`
	_, _ = wrap.EmitLog(ctx, w, 3) // want `result of wrap.EmitLog assigned to _`
}
