package flowrtclose

import (
	"context"
	"errors"

	"github.com/flowvet/flowvet/flowrt"
)

// A flowrt writer's CloseWithError returns err (issue 14), unlike an
// io.Pipe's: `return w.CloseWithError(err)` both fails the stream and tells
// the caller. (Before issue 14 it returned nil, and these lines were
// reported: found by the bpcorpus hunt.)

// ---- silent ----

func commands(ctx context.Context, w *flowrt.Writer[string], cmds []string) error {
	for _, c := range cmds {
		switch c {
		case "quit":
			return w.Close()
		case "abort":
			return w.CloseWithError(errors.New("aborted"))
		default:
			if err := w.Send(ctx, c); err != nil {
				return w.CloseWithError(err)
			}
		}
	}
	return w.Close()
}

func statement(ctx context.Context, w *flowrt.Writer[string], err error) error {
	w.CloseWithError(err)
	return err
}

func nilErr(w *flowrt.Writer[string]) error {
	return w.CloseWithError(nil)
}
