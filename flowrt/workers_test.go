package flowrt

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// concurrency counts the calls of a function running at once.
type concurrency struct{ now, peak atomic.Int64 }

func (c *concurrency) enter() {
	n := c.now.Add(1)
	for {
		p := c.peak.Load()
		if n <= p || c.peak.CompareAndSwap(p, n) {
			return
		}
	}
}

func (c *concurrency) leave() { c.now.Add(-1) }

// A slow function fed one item at a time (an upstream mark of 1: every
// input batch is a single item) still runs on several workers: the stage
// hands batches over without waiting for the previous ones.
func TestMapWorkersOverlapSmallBatches(t *testing.T) {
	noLeak(t)
	for _, unordered := range []bool{false, true} {
		var c concurrency
		p := NewPipeline(context.Background())
		opts := []Option{Workers(4)}
		if unordered {
			opts = append(opts, Unordered())
		}
		m := Map(p, count(p, 40, HighWaterMark(1)), func(ctx context.Context, v int) (int, error) {
			c.enter()
			defer c.leave()
			time.Sleep(2 * time.Millisecond)
			return v, nil
		}, opts...)
		var got []int
		collect(p, m, &got)
		if err := waitWithin(t, p); err != nil {
			t.Fatal(err)
		}
		if !unordered && !slices.Equal(got, seq(40)) {
			t.Fatalf("ordered: got %v", got)
		}
		slices.Sort(got)
		if !slices.Equal(got, seq(40)) {
			t.Fatalf("unordered=%v: got %v, want every item once", unordered, got)
		}
		if peak := c.peak.Load(); peak < 2 || peak > 4 {
			t.Fatalf("unordered=%v: at most %d calls at once, want 2..4", unordered, peak)
		}
	}
}

// seq returns 0..n-1.
func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// waitingMap is an unordered Map with Workers(4) over 0..63 whose
// function takes 100 µs (slow enough for the workers, and over itemAbove:
// one item per segment), and whose call for item at returns only once
// every channel of waits is closed; after 5 s it fails with stuck.
func waitingMap(p *Pipeline, at int, stuck string, waits ...chan struct{}) *Reader[int] {
	return Map(p, count(p, 64), func(ctx context.Context, v int) (int, error) {
		time.Sleep(100 * time.Microsecond)
		if v != at {
			return v, nil
		}
		for _, c := range waits {
			select {
			case <-c:
			case <-time.After(5 * time.Second):
				return 0, errors.New(stuck)
			case <-ctx.Done():
				return 0, ctx.Err()
			}
		}
		return v, nil
	}, Workers(4), Unordered())
}

// Unordered lets results out as they complete: item 10 waits until the
// sink has seen 15 items, which in input order would never happen. (Not
// item 0: the stage runs the first item itself, to time the function.)
func TestMapUnorderedCompletionOrder(t *testing.T) {
	noLeak(t)
	seen := make(chan struct{})
	p := NewPipeline(context.Background())
	m := waitingMap(p, 10, "item 10 was never let out before 15 others", seen)
	var got []int
	collectNotify(p, m, &got, func(_, n int) {
		if n == 15 {
			close(seen)
		}
	})
	if err := waitWithin(t, p); err != nil {
		t.Fatal(err)
	}
	if i := slices.Index(got, 10); len(got) != 64 || i < 15 {
		t.Fatalf("got %d items, item 10 at %d: want 64, item 10 after 15 others", len(got), i)
	}
}

// A cheap function runs in the stage goroutine (no worker is worth its
// hand-off), and a function that becomes slow moves to the workers; the
// order is kept across the switches, both ways. The cheap function's
// batches run mostly untimed (the clock costs as much as their work), and
// still the slow part reaches the workers within untimedRuns+1 input
// batches.
func TestMapWorkersSwitchKeepsOrder(t *testing.T) {
	noLeak(t)
	const jump = 10_000
	var c concurrency
	var slow atomic.Bool
	var firstOverlap atomic.Int64 // the first slow item that ran beside another
	firstOverlap.Store(-1)
	p := NewPipeline(context.Background())
	m := Map(p, count(p, 30_000), func(ctx context.Context, v int) (int, error) {
		c.enter()
		defer c.leave()
		switch {
		case v == jump:
			slow.Store(true)
		case v == jump+400:
			slow.Store(false)
		}
		if slow.Load() {
			if c.now.Load() > 1 {
				firstOverlap.CompareAndSwap(-1, int64(v))
			}
			time.Sleep(200 * time.Microsecond)
		}
		return v, nil
	}, Workers(4))
	var got []int
	collect(p, m, &got)
	if err := waitWithin(t, p); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, seq(30_000)) {
		t.Fatal("order lost across the switches between the stage goroutine and the workers")
	}
	if c.peak.Load() < 2 {
		t.Fatal("the slow part never ran on more than one goroutine")
	}
	// The source's mark is 16: an input batch holds at most 17 items.
	limit := int64(jump + (untimedRuns+1)*17)
	if at := firstOverlap.Load(); at < 0 || at > limit {
		t.Fatalf("the first slow call beside another was item %d; want one by item %d (%d batches after the slowdown at %d)",
			at, limit, untimedRuns+1, jump)
	}
}

// A worker's error and panic stop the stage, in either order mode, with
// no goroutine left behind.
func TestMapWorkersErrors(t *testing.T) {
	boom := errors.New("boom")
	for _, unordered := range []bool{false, true} {
		for _, kind := range []string{"error", "panic"} {
			noLeak(t)
			p := NewPipeline(context.Background())
			opts := []Option{Workers(3)}
			if unordered {
				opts = append(opts, Unordered())
			}
			m := Map(p, count(p, 1_000_000), func(ctx context.Context, v int) (int, error) {
				time.Sleep(50 * time.Microsecond) // on the workers
				if v == 200 {
					if kind == "panic" {
						panic(boom)
					}
					return 0, boom
				}
				return v, nil
			}, opts...)
			collect(p, m, &[]int{})
			err := waitWithin(t, p)
			var pe *PanicError
			if !errors.Is(err, boom) || (kind == "panic") != errors.As(err, &pe) {
				t.Fatalf("unordered=%v %s: Wait = %v", unordered, kind, err)
			}
			if pe != nil && pe.Stage != "Map (stage 2)" {
				t.Fatalf("panic reported in %q", pe.Stage)
			}
		}
	}
}

// Unordered, a slow function is handed to the workers one item at a
// time: a call that waits holds back no item beside it. Item 33 returns
// only once the sink has seen items 32 and 34, which a segment of two or
// more items would hold back until item 33 returned.
func TestMapUnorderedSlowCallsHoldNoNeighbour(t *testing.T) {
	noLeak(t)
	seen32, seen34 := make(chan struct{}), make(chan struct{})
	p := NewPipeline(context.Background())
	m := waitingMap(p, 33, "item 33's neighbours never reached the sink: they waited for it in its segment", seen32, seen34)
	var got []int
	collectNotify(p, m, &got, func(v, _ int) {
		switch v {
		case 32:
			close(seen32)
		case 34:
			close(seen34)
		}
	})
	if err := waitWithin(t, p); err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if !slices.Equal(got, seq(64)) {
		t.Fatalf("got %v, want every item once", got)
	}
}
