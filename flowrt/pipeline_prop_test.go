package flowrt

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestPipelineFailureInjection builds many random pipelines (source → map →
// transform → sink, random marks and workers) and injects one failure at a
// random item in a random stage: an error, a panic, a sink that stops early
// without an error, or the caller cancelling. Wait must return exactly that
// failure (never a teardown error in its place), return nil with every item
// when nothing is injected, and leave no goroutine behind (TestMain).
func TestPipelineFailureInjection(t *testing.T) {
	noLeak(t)
	const items = 2000
	kinds := []string{"none", "source-error", "map-error", "map-panic", "transform-error", "sink-error", "sink-early", "cancel"}
	rng := rand.New(rand.NewPCG(7, 11))
	for run := range 120 {
		kind := kinds[run%len(kinds)]
		at := rng.IntN(items - 1) // not the last item: a sink leaving after it has read everything
		mark := 1 + rng.IntN(40)
		workers := 1 + rng.IntN(4)
		unordered := workers > 1 && rng.IntN(2) == 0
		slow := rng.IntN(3) == 0 // slow enough, around the failure, for Map to use its workers
		name := fmt.Sprintf("run%d-%s-at%d-mark%d-workers%d-unordered%v-slow%v", run, kind, at, mark, workers, unordered, slow)
		t.Run(name, func(t *testing.T) {
			boom := fmt.Errorf("injected %s at %d", kind, at)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			p := NewPipeline(ctx)
			src := Source(p, func(ctx context.Context, w *Writer[int]) error {
				for i := range items {
					if kind == "source-error" && i == at {
						return boom
					}
					if kind == "cancel" && i == at {
						cancel()
					}
					if err := w.Send(ctx, i); err != nil {
						return err
					}
				}
				return nil
			}, HighWaterMark(mark))
			mapOpts := []Option{HighWaterMark(mark), Workers(workers)}
			if unordered {
				mapOpts = append(mapOpts, Unordered())
			}
			m := Map(p, src, func(ctx context.Context, v int) (int, error) {
				if slow && v > at-100 && v < at+100 {
					// Around the failure only: Map moves to its
					// workers there, and back after.
					time.Sleep(20 * time.Microsecond)
				}
				if v == at {
					switch kind {
					case "map-error":
						return 0, boom
					case "map-panic":
						panic(boom)
					}
				}
				return v, nil
			}, mapOpts...)
			tr := Transform(p, m, func(ctx context.Context, r *Reader[int], w *Writer[int]) error {
				for v := range r.All(ctx) {
					if kind == "transform-error" && v == at {
						return boom
					}
					if err := w.Send(ctx, v); err != nil {
						return err
					}
				}
				return r.Err()
			}, HighWaterMark(mark))
			n := 0
			seen := make([]bool, items)
			Sink(p, tr, func(ctx context.Context, r *Reader[int]) error {
				for v := range r.All(ctx) {
					if v < 0 || v >= items || seen[v] || !unordered && v != n {
						return fmt.Errorf("sink got %d after %d items: a duplicate, or out of order", v, n)
					}
					seen[v] = true
					n++
					if v == at {
						switch kind {
						case "sink-error":
							return boom
						case "sink-early":
							return nil // leaves the loop early: a premature close
						}
					}
				}
				return r.Err()
			})
			err := waitWithin(t, p)
			var pe *PanicError
			switch kind {
			case "none":
				if err != nil || n != items {
					t.Fatalf("Wait = %v after %d items, want nil after %d", err, n, items)
				}
			case "map-panic":
				if !errors.As(err, &pe) || !errors.Is(err, boom) {
					t.Fatalf("Wait = %v, want a *PanicError wrapping %v", err, boom)
				}
			case "sink-early":
				if !errors.Is(err, ErrPrematureClose) {
					t.Fatalf("Wait = %v, want ErrPrematureClose", err)
				}
			case "cancel":
				// Stages notice the cancellation when they would wait; a
				// run that never had to wait again may complete.
				if !errors.Is(err, context.Canceled) && (err != nil || n != items) {
					t.Fatalf("Wait = %v after %d items, want context.Canceled", err, n)
				}
			default:
				if err != boom {
					t.Fatalf("Wait = %v, want %v", err, boom)
				}
			}
		})
	}
}
