package flowrt

import (
	"context"
	"errors"
	"fmt"
)

// Sentinel errors, for errors.Is. They mirror Node.js's stream error codes.
var (
	// ErrWriteAfterClose is reported when a value is written to a Writer
	// after Close (Node's ERR_STREAM_WRITE_AFTER_END). The value is refused,
	// Write returns false, and Drain, Send, Err, the Reader (after the items
	// accepted before Close) and the owning Pipeline report the error.
	ErrWriteAfterClose = errors.New("flowrt: write after close")

	// ErrDestroyed is reported by a stream that was destroyed: its Reader
	// was closed by the consumer, or its pipeline was torn down
	// (Node's ERR_STREAM_DESTROYED).
	ErrDestroyed = errors.New("flowrt: stream destroyed")

	// ErrPrematureClose is reported by a Pipeline when a stage returned nil
	// before its input ended: the items still in flight upstream were never
	// consumed (Node's ERR_STREAM_PREMATURE_CLOSE).
	ErrPrematureClose = errors.New("flowrt: premature close")

	// ErrUnread is reported by a Pipeline whose Wait found a stage's
	// output that no stage reads and that nobody had started to read:
	// its items did not flow.
	ErrUnread = errors.New("flowrt: stage output never read")

	// ErrOverflow is reported when a producer ignored Write's false until
	// the buffer reached its limit (see Limit). The error wrapping it says
	// how much was buffered, the mark and the limit.
	ErrOverflow = errors.New("flowrt: buffer overflow")
)

// A PanicError is the error a Pipeline reports for a stage that panicked.
// It carries the value passed to panic and the stack of the panicking
// goroutine.
type PanicError struct {
	Stage string // e.g. "Map (stage 2)"
	Value any    // the value passed to panic
	Stack []byte // runtime/debug.Stack() at the point of recovery
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("flowrt: panic in %s: %v\n\n%s", e.Stage, e.Value, e.Stack)
}

// Unwrap returns the panic value when it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// rank orders errors for a Pipeline's "first error wins": a stored error
// is replaced by a later one of a higher rank only. Errors that a teardown
// causes (ErrDestroyed, a cancelled context) rank lowest, a premature close
// above them, and every other error (the real cause) highest.
func rank(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrDestroyed), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return 1
	case errors.Is(err, ErrPrematureClose):
		return 2
	}
	return 3
}
