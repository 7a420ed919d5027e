// Package corpus holds shapes from correct programs written against
// docs/flowrt.md by someone other than the analyzer's authors (the bpcorpus
// hunt): every one is silent.
package corpus

import (
	"context"
	"time"

	"github.com/flowvet/flowvet/flowrt"
)

// Poll waits for the drain by polling the buffer: a loop whose condition
// reads the writer's Buffered (or Stats) ends only when the buffer was
// seen below the bound, and a path that skips the loop saw it so already.
func Poll(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		if !w.Write(v) {
			for w.Buffered() > 0 {
				if err := w.Err(); err != nil {
					return err
				}
				time.Sleep(time.Millisecond)
			}
		}
	}
	return nil
}

func PollStats(ctx context.Context, w *flowrt.Writer[string], vs []string, low int) error {
	for _, v := range vs {
		if ok := w.Write(v); !ok {
			for w.Stats().Buffered > low {
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(time.Millisecond):
				}
			}
		}
	}
	return nil
}

// A busy loop burns a core, but it waits.
func Spin(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		if !w.Write(v) {
			for w.Buffered() != 0 {
			}
		}
	}
}
