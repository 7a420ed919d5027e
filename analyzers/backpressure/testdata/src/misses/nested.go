package misses

import (
	"context"
	"log"

	"github.com/flowvet/flowvet/flowrt"
)

// A false branch that leaves the inner loop while the enclosing loop
// writes again: the break stops one batch, the next one is written into
// the full buffer.

func breakInner(w *flowrt.Writer[Event], batches [][]Event) {
	for _, b := range batches {
		for _, e := range b {
			if !w.Write(e) { // want `a false result of w.Write is tested but ignored: the loop is left, and an enclosing loop writes again without waiting for the buffer to drain`
				log.Print("full: rest of the batch skipped")
				break
			}
		}
	}
}

func continueOuter(w *flowrt.Writer[Event], batches [][]Event) {
outer:
	for _, b := range batches {
		for _, e := range b {
			if ok := w.Write(e); !ok { // want `ok \(the result of w.Write\) is tested but a false result is ignored: the loop is left, and an enclosing loop writes again`
				continue outer
			}
		}
	}
}

// Silent: the enclosing loop waits before the next batch, the break
// leaves every loop, or each batch goes to another writer.

func drainPerBatch(ctx context.Context, w *flowrt.Writer[Event], batches [][]Event) error {
	for _, b := range batches {
		for _, e := range b {
			if !w.Write(e) {
				break
			}
		}
		if err := w.Drain(ctx); err != nil {
			return err
		}
	}
	return nil
}

func breakAll(w *flowrt.Writer[Event], batches [][]Event) int {
	n := 0
outer:
	for _, b := range batches {
		for _, e := range b {
			if !w.Write(e) {
				break outer
			}
			n++
		}
	}
	return n
}

func perWriter(outs []*flowrt.Writer[Event], batch []Event) {
	for _, w := range outs {
		for _, e := range batch {
			if !w.Write(e) {
				break // this subscriber is slow: skip it
			}
		}
	}
}

// The flag tells the enclosing loop.
func flagged(ctx context.Context, w *flowrt.Writer[Event], batches [][]Event) error {
	for _, b := range batches {
		full := false
		for _, e := range b {
			if !w.Write(e) {
				full = true
				break
			}
		}
		if full {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}
