// Package bp: backpressure findings and correct producers.
package bp

import (
	"context"

	"github.com/flowvet/flowvet/flowrt"
)

// Flood ignores Write's signal: the buffer grows without bound.
func Flood(ctx context.Context, w *flowrt.Writer[int], n int) error {
	for i := range n {
		w.Write(i)
	}
	return w.Close()
}

// Discard silences the signal with a blank assignment.
func Discard(w *flowrt.Writer[int]) {
	_ = w.Write(1)
}

// TestedIgnored tests the signal and writes on anyway.
func TestedIgnored(w *flowrt.Writer[int], items []int) {
	for _, v := range items {
		if !w.Write(v) {
			println("buffer full")
		}
	}
}

// Good producers: silent.

// Send blocks while the buffer is full.
func Send(ctx context.Context, w *flowrt.Writer[int], items []int) error {
	for _, v := range items {
		if err := w.Send(ctx, v); err != nil {
			return err
		}
	}
	return w.Close()
}

// DrainOnFalse waits for the drain signal when Write returns false.
func DrainOnFalse(ctx context.Context, w *flowrt.Writer[int], items []int) error {
	for _, v := range items {
		if !w.Write(v) {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return w.Close()
}

// StopOnFalse stops producing when the buffer is full.
func StopOnFalse(w *flowrt.Writer[int], items []int) int {
	for i, v := range items {
		if !w.Write(v) {
			return i + 1
		}
	}
	return len(items)
}
