// Package docsnippets holds the flowrt code of README.md and docs/*.md,
// wrapped in functions: code users copy must pass the analyzer.
package docsnippets

import (
	"context"
	"fmt"
	"time"

	"github.com/flowvet/flowvet/flowrt"
)

// README.md, "The pipes themselves".
func readmePipes(ctx context.Context) error {
	r, w := flowrt.NewPipe[int](flowrt.HighWaterMark(64))
	go func() {
		defer w.Close() // the reader gets every item, then io.EOF
		for i := range 1000 {
			if !w.Write(i) { // false: the buffer reached the mark
				if err := w.Drain(ctx); err != nil { // wait until the reader took it all
					return
				}
			}
		}
	}()
	for v := range r.All(ctx) {
		fmt.Println(v)
	}
	if err := r.Err(); err != nil {
		return err
	}
	return nil
}

// docs/flowrt.md, Write and Drain.
func flowrtDrainLoop(ctx context.Context, w *flowrt.Writer[int], items []int) error {
	for _, v := range items {
		if !w.Write(v) {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func report(time.Time) {}

// docs/flowrt.md, Drained in a select, in a loop that goes on waiting
// until the drain came (ExampleWriter_Drained).
func flowrtDrainedLoop(ctx context.Context, w *flowrt.Writer[int], items []int, ticker *time.Ticker) error {
	for _, v := range items {
		if !w.Write(v) {
			for drained := false; !drained; {
				select {
				case <-w.Drained():
					if err := w.Err(); err != nil {
						return err // the stream failed: stop writing
					}
					drained = true // the buffer is empty: write on
				case t := <-ticker.C:
					report(t) // still full: wait again
				case <-ctx.Done():
					return ctx.Err()
				}
			}
		}
	}
	return nil
}

// An earlier form of the same snippet: Drained in a select, once.
func flowrtDrainedSelect(w *flowrt.Writer[int], v int, ticker *time.Ticker) error {
	if !w.Write(v) {
		select {
		case <-w.Drained():
			if err := w.Err(); err != nil {
				return err
			}
		case t := <-ticker.C:
			report(t)
		}
	}
	return nil
}

// docs/flowrt.md, the fix for the overflow error.
func flowrtGood(ctx context.Context, w *flowrt.Writer[int], v int) error {
	if err := w.Send(ctx, v); err != nil {
		return err
	}
	if !w.Write(v) {
		if err := w.Drain(ctx); err != nil {
			return err
		}
	}
	return nil
}

// docs/flowrt.md, "bad: the bool is dropped; flowvet's backpressure
// analyzer reports this line".
func flowrtBad(ctx context.Context, w *flowrt.Writer[int], v int) error {
	w.Write(v) // want `result of w.Write ignored`
	return nil
}

// docs/integrations.md and docs/cli.md: a suppressed write.
func integrationsSuppressed(w *flowrt.Writer[float64], sample float64) {
	//flowvet:ignore backpressure samples are dropped on purpose when the consumer lags
	w.Write(sample)
	w.Write(sample) //flowvet:ignore backpressure same, at the end of the line
}
