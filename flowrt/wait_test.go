package flowrt

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// waitWithin runs p.Wait and fails the test if it does not return in time
// (20 s: generous for -race on a loaded machine; a hang never returns).
func waitWithin(t *testing.T, p *Pipeline) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- p.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(20 * time.Second):
		t.Fatal("Wait hangs")
		return nil
	}
}

// Stages that wait with the pipeline's own context park on a cond, not in
// a select on ctx.Done: cancelling the context given to NewPipeline must
// still wake every one of them, wherever it waits.

func TestParentCancelWakesDrain(t *testing.T) {
	noLeak(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := NewPipeline(ctx)
	release := make(chan struct{})
	var sendErr error
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		defer close(release)
		sendErr = w.Send(ctx, 1) // mark 1: parks in Drain
		return sendErr
	}, HighWaterMark(1))
	Sink(p, src, func(ctx context.Context, r *Reader[int]) error {
		<-release // reads nothing until the source returned
		for range r.All(ctx) {
		}
		return r.Err()
	})
	waitUntil(t, "the source parks in Send", func() bool { return writerParked(src.p) })
	cancel()
	if err := waitWithin(t, p); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}
	if !errors.Is(sendErr, context.Canceled) {
		t.Fatalf("Send = %v, want context.Canceled", sendErr)
	}
}

func TestParentCancelWakesRead(t *testing.T) {
	noLeak(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := NewPipeline(ctx)
	release := make(chan struct{})
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		<-release // writes nothing until the sink returned
		return nil
	})
	var readErr error
	Sink(p, src, func(ctx context.Context, r *Reader[int]) error {
		defer close(release)
		_, readErr = r.Read(ctx) // parks
		return readErr
	})
	time.Sleep(short)
	cancel()
	if err := waitWithin(t, p); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}
	if !errors.Is(readErr, context.Canceled) {
		t.Fatalf("Read = %v, want context.Canceled", readErr)
	}
}

func TestParentCancelWakesMap(t *testing.T) {
	noLeak(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := NewPipeline(ctx)
	release := make(chan struct{})
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		<-release
		return nil // closes: a Map still parked would see a clean end
	})
	m := Map(p, src, double) // parks reading
	Sink(p, m, func(ctx context.Context, r *Reader[int]) error {
		<-release
		for range r.All(ctx) {
		}
		return r.Err()
	})
	time.Sleep(short)
	cancel()
	time.Sleep(5 * short)
	close(release)
	if err := waitWithin(t, p); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want context.Canceled (the Map stage was not woken by the cancellation)", err)
	}
}

// A context derived inside a stage is not the pipeline's: its end must
// wake the stage by itself (the select path).
func TestDerivedContextWakesDrainAndRead(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	var sendErr, readErr error
	drained := make(chan struct{})
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		defer close(drained)
		if !w.Write(1) {
			return errors.New("the first Write of a mark-2 pipe returned false")
		}
		w.Write(2) //flowvet:ignore backpressure the Drain below waits
		dctx, cancel := context.WithTimeout(ctx, short)
		defer cancel()
		sendErr = w.Drain(dctx) // the sink takes nothing until later
		return nil
	}, HighWaterMark(2))
	Sink(p, src, func(ctx context.Context, r *Reader[int]) error {
		dctx, cancel := context.WithTimeout(ctx, short)
		defer cancel()
		<-drained // only the deadline can end the source's Drain
		for {
			if _, err := r.Read(dctx); err != nil {
				readErr = err
				break
			}
		}
		// The source has returned and closed: read to the end.
		for range r.All(ctx) {
		}
		return r.Err()
	})
	if err := waitWithin(t, p); err != nil {
		t.Fatalf("Wait = %v", err)
	}
	if !errors.Is(sendErr, context.DeadlineExceeded) {
		t.Fatalf("Drain = %v, want context.DeadlineExceeded", sendErr)
	}
	if readErr == nil {
		t.Fatal("Read with an ended context returned no error")
	}
}

// An item written while the reader is parked reaches it even when the
// writer then stays idle, far below the mark.
func TestLoneItemIsDelivered(t *testing.T) {
	noLeak(t)
	for _, ctx := range []context.Context{context.Background(), canceledLater(t)} {
		r, w := NewPipe[int]()
		got := make(chan int, 1)
		go func() {
			v, err := r.Read(ctx)
			if err != nil {
				v = -1
			}
			got <- v
		}()
		time.Sleep(short) // the reader parks
		if !w.Write(7) {
			t.Fatal("Write = false")
		}
		select {
		case v := <-got:
			if v != 7 {
				t.Fatalf("Read = %d, want 7", v)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a lone item was not delivered while the writer idled")
		}
		w.Close()
	}
}

func canceledLater(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx
}

// A Map stage drains its output late (after taking and mapping its next
// input batch) but never writes past the mark: with a limit equal to the
// mark, any item written at the mark would fail the pipeline with
// ErrOverflow.
func TestMapDrainsLateButKeepsTheMark(t *testing.T) {
	noLeak(t)
	for mark := 1; mark <= 6; mark++ {
		p := NewPipeline(context.Background())
		src := count(p, 3000, HighWaterMark(mark+2))
		m1 := Map(p, src, double, HighWaterMark(mark), Limit(mark))
		m2 := Map(p, m1, inc, HighWaterMark(mark), Limit(mark))
		var got []int
		Sink(p, m2, func(ctx context.Context, r *Reader[int]) error {
			for v := range r.All(ctx) {
				if v%97 == 0 {
					time.Sleep(50 * time.Microsecond) // let the maps run ahead
				}
				got = append(got, v)
			}
			return r.Err()
		})
		if err := waitWithin(t, p); err != nil {
			t.Fatalf("mark %d: Wait = %v", mark, err)
		}
		if len(got) != 3000 {
			t.Fatalf("mark %d: %d items, want 3000", mark, len(got))
		}
		for i, v := range got {
			if v != 2*i+1 {
				t.Fatalf("mark %d: item %d is %d, want %d", mark, i, v, 2*i+1)
			}
		}
	}
}

// All walks its batch in place; a destroy in the middle of a batch must
// still drop the rest of it, as Read does.
func TestAllDropsTheBatchOnDestroy(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int]()
	boom := errors.New("boom")
	for i := 1; i <= 3; i++ {
		w.Write(i) //flowvet:ignore backpressure three items below the mark
	}
	var got []int
	for v := range r.All(context.Background()) {
		got = append(got, v)
		if v == 1 {
			w.CloseWithError(boom)
		}
	}
	if len(got) != 1 || !errors.Is(r.Err(), boom) {
		t.Fatalf("All yielded %v, then Err = %v; want [1], then boom", got, r.Err())
	}
}

// All and Read share the reader's batch: a Read after a loop left early
// reports the destroy the loop caused, and Read before a loop leaves the
// rest of the batch to it.
func TestAllContinuesWhereReadStopped(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int]()
	for i := 1; i <= 5; i++ {
		w.Write(i) //flowvet:ignore backpressure five items below the mark
	}
	w.Close()
	ctx := context.Background()
	if v, err := r.Read(ctx); v != 1 || err != nil {
		t.Fatalf("Read = %d, %v", v, err)
	}
	var got []int
	for v := range r.All(ctx) {
		got = append(got, v)
	}
	if fmt.Sprint(got) != "[2 3 4 5]" || r.Err() != nil {
		t.Fatalf("All after one Read yielded %v, Err %v", got, r.Err())
	}
}

// Wait is meant to be called once, but a second call (or two at once) must
// not hang on the pipeline's context watcher.
func TestWaitTwice(t *testing.T) {
	noLeak(t)
	for _, fail := range []bool{false, true} {
		p := NewPipeline(context.Background())
		src := Source(p, func(ctx context.Context, w *Writer[int]) error {
			if fail {
				return errors.New("boom")
			}
			return w.Send(ctx, 1)
		})
		Sink(p, src, func(ctx context.Context, r *Reader[int]) error {
			for range r.All(ctx) {
			}
			return r.Err()
		})
		first := waitWithin(t, p)
		second := waitWithin(t, p)
		if (first != nil) != fail || second != first {
			t.Fatalf("fail=%v: Wait = %v, then %v", fail, first, second)
		}
	}
}
