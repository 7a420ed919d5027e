package misses

import (
	"context"
	"errors"
	"log"

	"github.com/flowvet/flowvet/flowrt"
)

// A function that tests the signal and returns a constant false on its
// false branch, without waiting, hands the signal to its caller: it is a
// source like a function that returns w.Write(v).

type Producer struct {
	w      *flowrt.Writer[Event]
	stalls int
}

func (p *Producer) Offer(e Event) bool { // want Offer:`backpressure signal in results \[0\]`
	if p.w.Write(e) {
		return true
	}
	p.stalls++
	return false
}

func (p *Producer) Pump(evs []Event) {
	for _, e := range evs {
		p.Offer(e) // want `result of p.Offer ignored: it returns a flowrt writer's backpressure signal`
	}
}

func tryEmit(w *flowrt.Writer[Event], e Event) (bool, error) { // want tryEmit:`backpressure signal in results \[0\]`
	if e.ID < 0 {
		return false, errors.New("negative id")
	}
	switch w.Write(e) {
	case false:
		log.Print("full")
		return false, nil
	}
	return true, nil
}

func useTryEmit(w *flowrt.Writer[Event], evs []Event) error {
	for _, e := range evs {
		ok, err := tryEmit(w, e)
		if err != nil {
			return err
		}
		if !ok { // want `ok \(the result of tryEmit\) is tested but a false result is ignored`
			continue
		}
	}
	return nil
}

// Silent: the false is waited for (false then means the wait failed),
// reported as an error, or the stream is closed.

func offerWait(ctx context.Context, w *flowrt.Writer[Event], e Event) bool {
	if !w.Write(e) {
		if err := w.Drain(ctx); err != nil {
			return false
		}
	}
	return true
}

var ErrFull = errors.New("full")

func offerErr(w *flowrt.Writer[Event], e Event) (bool, error) {
	if !w.Write(e) {
		return false, ErrFull
	}
	return true, nil
}

func offerOrClose(w *flowrt.Writer[Event], e Event) bool {
	if !w.Write(e) {
		w.CloseWithError(ErrFull)
		return false
	}
	return true
}

func useSilent(ctx context.Context, w *flowrt.Writer[Event], evs []Event) {
	for _, e := range evs {
		offerWait(ctx, w, e)
		offerErr(w, e)
		offerOrClose(w, e)
	}
}
