package flowrtclose

import (
	"context"
	"errors"

	"github.com/flowvet/flowvet/flowrt"
)

// A flowrt writer's CloseWithError returns nil, as an io.Pipe's does:
// returning it loses the error (found by the bpcorpus hunt).
func commands(ctx context.Context, w *flowrt.Writer[string], cmds []string) error {
	for _, c := range cmds {
		switch c {
		case "quit":
			return w.Close()
		case "abort":
			return w.CloseWithError(errors.New("aborted")) // want `the result of w.CloseWithError is always nil, so errors.New\("aborted"\) is lost here`
		default:
			if err := w.Send(ctx, c); err != nil {
				return w.CloseWithError(err) // want `the result of w.CloseWithError is always nil, so err is lost here`
			}
		}
	}
	return w.Close()
}

// ---- silent ----

func statement(ctx context.Context, w *flowrt.Writer[string], err error) error {
	w.CloseWithError(err)
	return err
}

func nilErr(w *flowrt.Writer[string]) error {
	return w.CloseWithError(nil)
}
