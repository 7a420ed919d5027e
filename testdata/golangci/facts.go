package gclfixture

import (
	"context"
	"os"

	"github.com/flowvet/flowvet/flowrt"

	"example.com/gclfixture/sink"
)

// BUG backpressure, known only through a fact: sink.Emit returns Write's
// signal, and the loop drops it.
func produceVia(w *flowrt.Writer[string], lines []string) error {
	for _, l := range lines {
		sink.Emit(w, l)
	}
	return w.Close()
}

// OK: the signal of the wrapper is honoured.
func produceViaOK(ctx context.Context, w *flowrt.Writer[string], lines []string) error {
	for _, l := range lines {
		if !sink.Emit(w, l) {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return w.Close()
}

// BUG writeafterclose, known only through a fact: sink.Finish closes f,
// so the message is written to a closed file.
func finishAndLog(f *os.File, msg string) error {
	sink.Finish(f)
	_, err := f.WriteString(msg)
	return err
}

// OK: the message is written before the file is closed.
func logAndFinishOK(f *os.File, msg string) error {
	_, err := f.WriteString(msg)
	sink.Finish(f)
	return err
}
