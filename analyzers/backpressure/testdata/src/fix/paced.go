package fix

import (
	"context"
	"time"

	"github.com/flowvet/flowvet/flowrt"
)

// A sleep after the Write paces the producer, but does not wait for the
// consumer: the Write is an ignored one, and Send waits.
func paced(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		w.Write(v) // want `result of w.Write ignored`
		time.Sleep(time.Millisecond)
	}
	return nil
}
