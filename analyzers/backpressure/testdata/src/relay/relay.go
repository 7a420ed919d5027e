// Package relay is a realistic user program: loops that move items from
// an input (a channel, another pipe, an interface) into a flowrt writer.
// Waiting for the next input is not waiting for the consumer: a relay that
// drops the signal is reported even though its loop blocks on its input.
package relay

import (
	"context"
	"io"
	"log"
	"time"

	"github.com/flowvet/flowvet/flowrt"
)

type Source interface {
	Next(ctx context.Context) (string, error)
}

// The buggy relays.

func fromChannel(ctx context.Context, in <-chan string, w *flowrt.Writer[string]) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case s, ok := <-in:
			if !ok {
				return nil
			}
			w.Write(s) // want `result of w.Write ignored`
		}
	}
}

func fromPipe(ctx context.Context, r *flowrt.Reader[int], w *flowrt.Writer[int]) error {
	for {
		v, err := r.Read(ctx)
		if err == io.EOF {
			return w.Close()
		}
		if err != nil {
			return err
		}
		w.Write(v * 2) // want `result of w.Write ignored`
	}
}

func fromSource(ctx context.Context, src Source, w *flowrt.Writer[string]) error {
	for {
		s, err := src.Next(ctx)
		if err != nil {
			return err
		}
		if !w.Write(s) { // want `a false result of w.Write is tested but ignored`
			log.Print("consumer is slow")
		}
	}
}

func fromChannelLogged(ctx context.Context, in <-chan string, w *flowrt.Writer[string]) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case s := <-in:
			if ok := w.Write(s); !ok { // want `ok \(the result of w.Write\) is tested but a false result is ignored`
				log.Print("consumer is slow")
			}
		}
	}
}

type beat struct{ at time.Time }

func heartbeat(ctx context.Context, t *time.Ticker, w *flowrt.Writer[beat]) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case now := <-t.C:
			w.Write(beat{at: now}) // want `result of w.Write ignored`
		}
	}
}

// The correct relays, and the waits the analyzer cannot see through.

func fromChannelChecked(ctx context.Context, in <-chan string, w *flowrt.Writer[string]) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case s, ok := <-in:
			if !ok {
				return nil
			}
			if !w.Write(s) {
				if err := w.Drain(ctx); err != nil {
					return err
				}
			}
		}
	}
}

func fromPipeSend(ctx context.Context, r *flowrt.Reader[int], w *flowrt.Writer[int]) error {
	for {
		v, err := r.Read(ctx)
		if err == io.EOF {
			return w.Close()
		}
		if err != nil {
			return err
		}
		if err := w.Send(ctx, v); err != nil {
			return err
		}
	}
}

// The consumer acknowledges every item: the receive waits for it.
func acked(in []string, w *flowrt.Writer[string], ack <-chan struct{}) {
	for _, s := range in {
		w.Write(s)
		<-ack
	}
}

// The next item comes from a function that is given the writer: it may
// wait for the consumer itself.
func nextFor(w *flowrt.Writer[string]) (string, bool) { return "", false }

func fetchGivenWriter(w *flowrt.Writer[string]) {
	for {
		s, ok := nextFor(w)
		if !ok {
			return
		}
		w.Write(s)
	}
}

// A select on the drain signal and the context, after every write.
func writeThenSelect(ctx context.Context, in <-chan string, w *flowrt.Writer[string]) error {
	for s := range in {
		w.Write(s)
		select {
		case <-w.Drained():
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// A flag set on false and a wait at the top of the loop.
func flagged(ctx context.Context, in <-chan string, w *flowrt.Writer[string]) error {
	full := false
	for {
		if full {
			if err := w.Drain(ctx); err != nil {
				return err
			}
			full = false
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case s, ok := <-in:
			if !ok {
				return nil
			}
			if !w.Write(s) {
				full = true
			}
		}
	}
}

// The nil-channel pattern: stop reading the input while the buffer is
// full, and select on the drain signal instead.
func nilChannel(ctx context.Context, in <-chan string, w *flowrt.Writer[string]) error {
	input := in
	var drained <-chan struct{}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-drained:
			drained, input = nil, in
		case s, ok := <-input:
			if !ok {
				return nil
			}
			if !w.Write(s) {
				input = nil
				drained = w.Drained()
			}
		}
	}
}

// The same, with the drain channel taken at the top of the loop.
func nilChannelTop(ctx context.Context, in <-chan string, w *flowrt.Writer[string]) error {
	input := in
	for {
		var drained <-chan struct{}
		if input == nil {
			drained = w.Drained()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-drained:
			input = in
		case s, ok := <-input:
			if !ok {
				return nil
			}
			if !w.Write(s) {
				input = nil
			}
		}
	}
}
