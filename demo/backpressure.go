package demo

import (
	"context"

	"github.com/flowvet/flowvet/flowrt"
)

// Produce sends every event into a flowrt stream.
//
// Bug (backpressure): Write never blocks; its false result says the buffer
// reached its high-water mark and the producer must wait for Drain. Ignoring
// it, a fast producer buffers the whole input in memory — the crash flowrt
// exists to prevent. Fix: w.Send(ctx, e), or Drain when Write returns false.
func Produce(ctx context.Context, w *flowrt.Writer[string], events []string) error {
	for _, e := range events {
		w.Write(e)
	}
	return w.Close()
}
