package flowrt

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errInjected = errors.New("fuzz: injected")

// FuzzPipeline builds a pipeline of the stages issue 14 added, shaped by
// the input: FromSlice → Map → Sink, two FromSlices merged, or a Tee into
// two sinks; with a random mark, 1–4 workers, ordered or not, a function
// that is cheap or slow enough for the workers; and one injected failure
// (none, an error or an early return in the Map or a sink, or the caller
// cancelling). It checks that Wait never hangs, that no goroutine is left,
// and that the outcome is explained: nil only when every sink got every
// item exactly once (in order, per input, unless Unordered), the injected
// error when one was injected, ErrPrematureClose for a sink that left
// early (unless it had read everything), the context's error (or a
// complete run) for a cancel.
func FuzzPipeline(f *testing.F) {
	f.Add([]byte{40, 0, 1, 0, 0})
	f.Add([]byte{200, 1, 3, 1, 7})
	f.Add([]byte{90, 2, 2, 3, 30})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 5 {
			return
		}
		runPipelineSchedule(t, data)
	})
}

func runPipelineSchedule(t *testing.T, data []byte) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	n := int(data[0]) * 4
	shape := data[1] % 3
	workers := int(data[2]%4) + 1
	unordered := data[2]&4 != 0 && workers > 1
	slow := data[2]&8 != 0
	mark := int(data[2]>>4) % 9 // 0 is 1
	kinds := []string{"none", "map-error", "sink-error", "sink-early", "cancel"}
	kind := kinds[int(data[3])%len(kinds)]
	at := int(data[4]) % max(n, 1)
	if n == 0 && kind != "none" {
		kind = "none"
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := NewPipeline(ctx)
	items := seq(n)
	var src *Reader[int]
	switch shape {
	case 1:
		evens, odds := []int{}, []int{}
		for _, v := range items {
			if v%2 == 0 {
				evens = append(evens, v)
			} else {
				odds = append(odds, v)
			}
		}
		src = Merge(p, FromSlice(p, evens, HighWaterMark(mark)), FromSlice(p, odds, HighWaterMark(mark)))
	default:
		src = FromSlice(p, items, HighWaterMark(mark))
	}
	opts := []Option{HighWaterMark(mark), Workers(workers)}
	if unordered {
		opts = append(opts, Unordered())
	}
	m := Map(p, src, func(ctx context.Context, v int) (int, error) {
		if slow && v%8 == 0 {
			time.Sleep(30 * time.Microsecond)
		}
		if v == at {
			switch kind {
			case "map-error":
				return 0, errInjected
			case "cancel":
				cancel()
			}
		}
		return v, nil
	}, opts...)
	outs := []*Reader[int]{m}
	if shape == 2 {
		a, b := Tee(p, m, HighWaterMark(mark))
		outs = []*Reader[int]{a, b}
	}
	got := make([][]int, len(outs))
	for i, out := range outs {
		Sink(p, out, func(ctx context.Context, r *Reader[int]) error {
			for v := range r.All(ctx) {
				got[i] = append(got[i], v)
				if v == at && i == 0 {
					switch kind {
					case "sink-error":
						return errInjected
					case "sink-early":
						return nil
					}
				}
			}
			return r.Err()
		})
	}
	err := waitWithin(t, p)
	complete := func() error {
		for i, g := range got {
			sorted := slices.Sorted(slices.Values(g))
			if !slices.Equal(sorted, items) {
				return fmt.Errorf("sink %d got %d items, want each of %d once", i, len(g), n)
			}
			if unordered {
				continue
			}
			last := []int{-1, -1} // per Merge input (evens, odds), or the one input
			for _, v := range g {
				k := 0
				if shape == 1 {
					k = v % 2
				}
				if v < last[k] {
					return fmt.Errorf("sink %d: %d after %d, out of order", i, v, last[k])
				}
				last[k] = v
			}
		}
		return nil
	}
	switch kind {
	case "none":
		if err != nil {
			t.Fatalf("schedule %v: Wait = %v with nothing injected", data, err)
		}
		if cerr := complete(); cerr != nil {
			t.Fatalf("schedule %v: Wait = nil but %v", data, cerr)
		}
	case "map-error", "sink-error":
		if err != errInjected {
			t.Fatalf("schedule %v: Wait = %v, want the injected error", data, err)
		}
	case "sink-early":
		// Nil only if the item it left at was the last one it would get.
		if !errors.Is(err, ErrPrematureClose) && (err != nil || complete() != nil) {
			t.Fatalf("schedule %v: Wait = %v, want ErrPrematureClose", data, err)
		}
	case "cancel":
		if !errors.Is(err, context.Canceled) {
			if err != nil {
				t.Fatalf("schedule %v: Wait = %v, want context.Canceled", data, err)
			}
			if cerr := complete(); cerr != nil {
				t.Fatalf("schedule %v: Wait = nil after a cancel but %v", data, cerr)
			}
		}
	}
}
