// Package use calls lib: the findings need lib's facts.
package use

import (
	"context"
	"os"

	"example.com/streamapp/lib"
	"github.com/flowvet/flowvet/flowrt"
)

// EmitAll ignores the signal that lib.Emit passes on.
func EmitAll(w *flowrt.Writer[int], items []int) {
	for _, v := range items {
		lib.Emit(w, v)
	}
}

// WriteAfterFinish writes to f after lib.Finish closed it.
func WriteAfterFinish(f *os.File) error {
	if err := lib.Finish(f); err != nil {
		return err
	}
	_, err := f.WriteString("late\n")
	return err
}

// EmitChecked waits when lib.Emit says the buffer is full: silent.
func EmitChecked(ctx context.Context, w *flowrt.Writer[int], items []int) error {
	for _, v := range items {
		if !lib.Emit(w, v) {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}
