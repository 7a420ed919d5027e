// Package ignore: //flowvet:ignore directives, valid and malformed.
package ignore

import "github.com/flowvet/flowvet/flowrt"

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
