// Package ignore: //flowvet:ignore directives, valid and malformed.
package ignore

import (
	"context"

	"github.com/flowvet/flowvet/flowrt"
)

// Suppressed: a valid directive silences the backpressure finding.
func Suppressed(w *flowrt.Writer[int]) {
	//flowvet:ignore backpressure the consumer reads synchronously in this test harness
	w.Write(1)
}

// NoReason: the directive gives no reason, so it silences nothing: both the
// directive and the finding are reported.
func NoReason(w *flowrt.Writer[int]) {
	//flowvet:ignore backpressure
	w.Write(2)
}

// Misspelled names an analyzer that does not exist.
func Misspelled(w *flowrt.Writer[int]) {
	w.Write(3) //flowvet:ignore backpresure the consumer keeps up
}

// Stale: the directive names an analyzer that reports nothing here (the code
// it was written for changed), so it is reported, not kept to hide the next
// finding on that line.
func Stale(w *flowrt.Writer[int], ctx context.Context) error {
	//flowvet:ignore backpressure the consumer reads synchronously in this test harness
	return w.Send(ctx, 4)
}
