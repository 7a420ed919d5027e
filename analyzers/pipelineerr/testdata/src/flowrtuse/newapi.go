package flowrtuse

import (
	"context"
	"errors"
	"io"

	"github.com/flowvet/flowvet/flowrt"
)

// Issue 14's API: SendAll's error is Send's; a reader's CloseWithError
// returns its argument (or the stream's earlier failure).

func batches(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	w.SendAll(ctx, vs)       // want `the error of w.SendAll is discarded \(statement\)`
	defer w.SendAll(ctx, vs) // want `the error of w.SendAll is discarded \(defer\)`
	_ = w.SendAll(ctx, vs)   // a written decision
	return w.SendAll(ctx, vs)
}

var errTooBig = errors.New("too big")

func consume(ctx context.Context, r *flowrt.Reader[int]) error {
	for {
		v, err := r.Read(ctx)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if v > 100 {
			r.CloseWithError(errTooBig) // want `the error of r.CloseWithError\(errTooBig\) is discarded \(statement\): it is errTooBig, or the stream's earlier failure, and the function goes on as if reading had succeeded; return it \(return r.CloseWithError\(errTooBig\)\)`
			break
		}
	}
	return nil
}

// ---- silent ----

func consumeReturns(ctx context.Context, r *flowrt.Reader[int]) error {
	v, err := r.Read(ctx)
	if err != nil {
		return err
	}
	if v > 100 {
		return r.CloseWithError(errTooBig) // the natural line: it returns errTooBig
	}
	if v > 50 {
		r.CloseWithError(errTooBig)
		return errTooBig // handed on right after
	}
	if v > 10 {
		r.CloseWithError(errTooBig)
		return errors.New("limit") // the block reports a failure
	}
	_ = r.CloseWithError(errTooBig) // a written decision
	r.CloseWithError(nil)           // a plain Close
	return nil
}

// A flowrt writer's CloseWithError returns err (unlike io.PipeWriter's):
// returning it, or sending it, is the right line.
func abort(ctx context.Context, w *flowrt.Writer[int], errc chan<- error) error {
	if err := w.Send(ctx, 1); err != nil {
		errc <- w.CloseWithError(err)
		return w.CloseWithError(err)
	}
	return w.Close()
}
