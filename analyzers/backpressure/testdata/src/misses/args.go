// Package misses holds tested-but-ignored signals in realistic producer
// loops that the analyzer used to miss, and their correct twins.
package misses

import (
	"context"
	"log"

	"github.com/flowvet/flowvet/flowrt"
)

type Event struct{ ID int }

// The argument of the Write fetches the item: calling a generator, or
// receiving from the input, is no wait for the consumer.

func generator(ctx context.Context, w *flowrt.Writer[Event], gen func() Event) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		default:
			if !w.Write(gen()) { // want `a false result of w.Write is tested but ignored: the loop writes again without waiting for the buffer to drain`
				log.Print("slow consumer")
			}
		}
	}
}

func receiveArg(w *flowrt.Writer[Event], in <-chan Event, n int) {
	for range n {
		if !w.Write(<-in) { // want `a false result of w.Write is tested but ignored`
			log.Print("slow consumer")
		}
	}
}

type source interface{ Next(context.Context) Event }

func interfaceArg(ctx context.Context, w *flowrt.Writer[Event], src source, n int) {
	for range n {
		if !w.Write(src.Next(ctx)) { // want `a false result of w.Write is tested but ignored`
			log.Print("slow consumer")
		}
	}
}

// Silent: the same loops, waiting.

func generatorDrains(ctx context.Context, w *flowrt.Writer[Event], gen func() Event) error {
	for {
		if !w.Write(gen()) {
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
}

// A call given the writer may wait for it.
func givenWriter(w *flowrt.Writer[Event], next func(*flowrt.Writer[Event]) Event, n int) {
	for range n {
		if !w.Write(next(w)) {
			log.Print("slow consumer")
		}
	}
}
