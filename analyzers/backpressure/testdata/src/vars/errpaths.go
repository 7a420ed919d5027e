package vars

import (
	"context"
	"fmt"
	"time"

	"github.com/flowvet/flowvet/flowrt"
)

// Which returns report success is decided by errpath.Reports with the
// facts of errpath.Flow (the function's error variables followed along
// its CFG); the bool results are backpressure's own rule (only a constant
// true tells the caller to go on).

func checkValue(v int) error {
	if v < 0 {
		return fmt.Errorf("negative: %d", v)
	}
	return nil
}

// err may be nil on the path to the return: a success that loses the
// false. (Before errpath, only a literal nil was a success: silent.)
func errMayBeNil(ctx context.Context, w *flowrt.Writer[int], v int) error {
	ok := w.Write(v) // want `result of w.Write stored in ok is not read on the path that returns at line \d+`
	err := checkValue(v)
	if v == 0 {
		return err
	}
	if !ok {
		return w.Drain(ctx)
	}
	return err
}

// A bare return of a named error that is still nil reports success.
// (Before: a bare return was not judged: silent.)
func bareReturnNil(ctx context.Context, w *flowrt.Writer[int], v int) (err error) {
	ok := w.Write(v) // want `result of w.Write stored in ok is not read on the path that returns at line \d+`
	if v == 0 {
		return
	}
	if !ok {
		err = w.Drain(ctx)
	}
	return
}

// w.Close() does not wait for the consumer: its error is nil when the
// close went well, and the caller is told so while the false is lost.
func returnClose(w *flowrt.Writer[int], v int, last bool) error {
	ok := w.Write(v) // want `result of w.Write stored in ok is not read on the path that returns at line \d+`
	if last {
		return w.Close()
	}
	if !ok {
		time.Sleep(time.Millisecond)
	}
	return nil
}

// The correct forms below must stay silent.

// err is non-nil on every path to the return (guarded, or past
// `if err == nil { return ... }`), or a constructor's: failures.
func errFailures(ctx context.Context, w *flowrt.Writer[int], v int) error {
	ok := w.Write(v)
	err := checkValue(v)
	if err != nil {
		return err
	}
	if v > 100 {
		return fmt.Errorf("too big: %d", v)
	}
	if err = checkValue(v - 1); err == nil {
		if !ok {
			return w.Drain(ctx)
		}
		return nil
	}
	return err // err != nil here
}

// A named error set to a certain error before a bare return.
func bareReturnFailure(ctx context.Context, w *flowrt.Writer[int], v int) (err error) {
	ok := w.Write(v)
	if v == 0 {
		err = fmt.Errorf("zero")
		return
	}
	if !ok {
		err = w.Drain(ctx)
	}
	return
}

// A path that waits for the buffer to drain before it returns has dealt
// with the false, whatever it was. (Before: reported at the return nil.)
func drainsBeforeReturn(ctx context.Context, w *flowrt.Writer[int], v int, last bool) error {
	ok := w.Write(v)
	if last {
		if err := w.Drain(ctx); err != nil {
			return err
		}
		return nil
	}
	if !ok {
		return w.Drain(ctx)
	}
	return nil
}

// return w.Drain(ctx) waits: silent.
func returnDrain(ctx context.Context, w *flowrt.Writer[int], v int, last bool) error {
	ok := w.Write(v)
	if last {
		return w.Drain(ctx)
	}
	if !ok {
		return w.Drain(ctx)
	}
	return nil
}

// On the path through `if err != nil`, err is non-nil at the return: a
// failure; the other path reads ok. (The facts at the return on every
// path to it say err may be nil: each path is followed on its own.)
func errBranch(ctx context.Context, w *flowrt.Writer[int], v int) error {
	ok := w.Write(v)
	err := checkValue(v)
	if err != nil {
		fmt.Println("skipped:", err)
	} else if !ok {
		return w.Drain(ctx)
	}
	return err
}

// The same with the error swallowed on that path: reported.
func errBranchSwallowed(ctx context.Context, w *flowrt.Writer[int], v int) error {
	ok := w.Write(v) // want `result of w.Write stored in ok is not read on the path that returns at line \d+`
	err := checkValue(v)
	if err != nil {
		fmt.Println("skipped:", err)
		err = nil
	} else if !ok {
		return w.Drain(ctx)
	}
	return err
}
