package flowrt

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// Issue 14, bug 1: Map with Workers(n > 1) stopped by the parent context
// while a worker is busy and the dispatcher waits must report the
// context's error, not a premature close of its input.
func TestMapWorkersCancelReportsTheContext(t *testing.T) {
	noLeak(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := NewPipeline(ctx)
	srcGate, release := make(chan struct{}), make(chan struct{})
	// Neither the source nor the sink looks at the context: only the Map
	// can report the cancellation.
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		for i := range 8 {
			w.Write(i) //flowvet:ignore backpressure 8 items below the mark of 16
		}
		<-srcGate
		return nil
	})
	started := make(chan struct{})
	m := Map(p, src, func(ctx context.Context, v int) (int, error) {
		switch v {
		case 0:
			time.Sleep(time.Millisecond) // slow enough to hand the rest to the workers
		case 1:
			close(started)
			<-release // ignores ctx: its worker stays busy
		}
		return v, nil
	}, Workers(2))
	Sink(p, m, func(ctx context.Context, r *Reader[int]) error {
		for {
			if _, err := r.Read(context.Background()); err != nil {
				return err
			}
		}
	})
	<-started
	cancel()
	time.Sleep(short) // the dispatcher sees the cancellation
	close(release)
	time.Sleep(short)
	close(srcGate)
	if err := waitWithin(t, p); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}
}

// Issue 14, bug 2: a stage that fails with its own pipe's ErrOverflow, or a
// stream failed by a write after Close, is torn down at once: the next
// stage does not go on with the items buffered before the failure.
func TestTeardownDropsTheBufferWhateverFailedFirst(t *testing.T) {
	for _, kind := range []string{"overflow", "write-after-close"} {
		t.Run(kind, func(t *testing.T) {
			noLeak(t)
			p := NewPipeline(context.Background())
			src := Source(p, func(ctx context.Context, w *Writer[int]) error {
				if kind == "overflow" {
					for i := 0; ; i++ {
						if !w.Write(i) && w.Err() != nil { //flowvet:ignore backpressure the test overflows on purpose
							return w.Err()
						}
					}
				}
				for i := range 60 {
					w.Write(i) //flowvet:ignore backpressure 60 items below the mark of 64
				}
				w.Close()
				w.Write(60) //flowvet:ignore writeafterclose the failure under test
				return nil
			}, HighWaterMark(64))
			var afterCancel int
			Sink(p, src, func(ctx context.Context, r *Reader[int]) error {
				if _, err := r.Read(ctx); err != nil {
					return err
				}
				<-ctx.Done() // the source's failure cancels the pipeline
				for {
					if _, err := r.Read(ctx); err != nil {
						return err
					}
					afterCancel++
				}
			})
			err := waitWithin(t, p)
			want := ErrOverflow
			if kind == "write-after-close" {
				want = ErrWriteAfterClose
			}
			if !errors.Is(err, want) {
				t.Fatalf("Wait = %v, want %v", err, want)
			}
			if afterCancel != 0 {
				t.Fatalf("the sink read %d items after the pipeline failed", afterCancel)
			}
		})
	}
}

// Issue 14, bug 3: All checks its context before every item, not only when
// the buffer is empty, and when the context ends it closes the Reader, so
// that a producer blocked in Send is released.
func TestAllStopsAtTheContextAndReleasesTheWriter(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int](HighWaterMark(100))
	sendErr := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			if err := w.Send(context.Background(), i); err != nil {
				sendErr <- err
				return
			}
		}
	}()
	waitUntil(t, "the writer waits in Send", func() bool { return writerParked(r.p) })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	for range r.All(ctx) { // takes a batch of 100
		n++
		if n == 10 {
			cancel()
		}
	}
	if n != 10 {
		t.Fatalf("All yielded %d items, want 10: it went on after its context ended", n)
	}
	if !errors.Is(r.Err(), context.Canceled) {
		t.Fatalf("Err = %v, want context.Canceled", r.Err())
	}
	// Nobody reads any more: the writer, at the mark again, is released
	// by the close, not left waiting.
	var err error
	within(t, "Send", func() { err = <-sendErr })
	if !errors.Is(err, ErrDestroyed) || !errors.Is(err, context.Canceled) {
		t.Fatalf("Send = %v, want ErrDestroyed wrapping context.Canceled", err)
	}
}

// Issue 14, bug 4: a Sink that returns nil while its Source waits for an
// event (not in a pipe) releases the source: Wait returns the premature
// close instead of hanging.
func TestEarlySinkReleasesAWaitingSource(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	events := make(chan int) // the second event never comes
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		if err := w.Send(ctx, 1); err != nil {
			return err
		}
		select {
		case v := <-events:
			return w.Send(ctx, v)
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	Sink(p, src, func(ctx context.Context, r *Reader[int]) error {
		_, err := r.Read(ctx)
		return err // nil: leaves with the input open
	})
	err := waitWithin(t, p)
	if !errors.Is(err, ErrPrematureClose) || !strings.Contains(err.Error(), "Sink (stage 2)") {
		t.Fatalf("Wait = %v, want the sink's premature close", err)
	}
}

// An upstream Transform blocked in Read is released the same way, and the
// source behind it too.
func TestEarlySinkReleasesTheWholeUpstream(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		if err := w.Send(ctx, 1); err != nil {
			return err
		}
		<-ctx.Done()
		return ctx.Err()
	})
	tr := Transform(p, src, func(ctx context.Context, r *Reader[int], w *Writer[int]) error {
		for v := range r.All(ctx) {
			if err := w.Send(ctx, v); err != nil {
				return err
			}
		}
		return r.Err()
	})
	Sink(p, tr, func(ctx context.Context, r *Reader[int]) error {
		_, err := r.Read(ctx)
		return err
	})
	if err := waitWithin(t, p); !errors.Is(err, ErrPrematureClose) {
		t.Fatalf("Wait = %v, want ErrPrematureClose", err)
	}
}

// Issue 14, bug 4: a stage output that no stage reads, and that nobody
// read before Wait, did not flow: Wait returns an error naming the stage
// (and does not hang when the output is more than a mark).
func TestUnreadOutputIsAnError(t *testing.T) {
	for _, n := range []int{3, 1000} {
		noLeak(t)
		p := NewPipeline(context.Background())
		m := Map(p, count(p, n), double)
		_ = m
		err := waitWithin(t, p)
		if !errors.Is(err, ErrUnread) || !strings.Contains(err.Error(), "Map (stage 2)") {
			t.Fatalf("%d items: Wait = %v, want ErrUnread naming Map (stage 2)", n, err)
		}
	}
}

// The last stage's output read by the caller before Wait is consumed.
func TestOutputReadBeforeWaitFlows(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	out := Map(p, count(p, 1000), double)
	sum := 0
	for v := range out.All(context.Background()) {
		sum += v
	}
	if err := out.Err(); err != nil {
		t.Fatal(err)
	}
	if err := waitWithin(t, p); err != nil || sum != 999*1000 {
		t.Fatalf("Wait = %v, sum %d", err, sum)
	}
}

// Issue 14, bug 5: one Reader given to two stages panics when the second
// stage is added, with a message that names both and the fix.
func TestReaderGivenToTwoStagesPanics(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	src := count(p, 10)
	var got []int
	collect(p, src, &got)
	mustPanic(t, "flowrt: Map (stage 3) reads a Reader that Sink (stage 2) already reads", func() {
		Map(p, src, double)
	})
	mustPanic(t, "use Tee", func() {
		Sink(p, src, func(ctx context.Context, r *Reader[int]) error { return nil })
	})
	if err := waitWithin(t, p); err != nil || len(got) != 10 {
		t.Fatalf("Wait = %v, got %v", err, got)
	}
}

// Issue 14, bug 6: DrainWait is the time writers were blocked, not an
// extrapolation of the first wait: one writer cannot wait longer than it
// ran.
func TestDrainWaitIsBoundedByTheRun(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int](HighWaterMark(4))
	ctx := context.Background()
	start := time.Now()
	go func() {
		time.Sleep(5 * short) // the first wait is long, the later ones short
		for range r.All(ctx) {
		}
	}()
	for i := range 2000 {
		if err := w.Send(ctx, i); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	if err := w.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	s := w.Stats()
	if s.DrainWait > elapsed || s.DrainWait < 5*short {
		t.Fatalf("DrainWait = %v after a run of %v whose first wait was %v", s.DrainWait, elapsed, 5*short)
	}
}

// Issue 14, bug 6: empty chunks count toward the mark and the limit (one
// each), so a producer writing them in a loop is told to stop and cannot
// grow the buffer without bound.
func TestEmptyChunksCount(t *testing.T) {
	noLeak(t)
	r, w := NewBytePipe(HighWaterMark(8), Limit(16))
	for i := range 7 {
		if !w.Write(nil) { //flowvet:ignore backpressure testing the result
			t.Fatalf("empty Write %d returned false below the mark", i+1)
		}
	}
	if w.Write([]byte{}) { //flowvet:ignore backpressure testing the result
		t.Fatal("the 8th empty chunk did not reach the mark of 8")
	}
	for range 8 {
		w.Write(nil) //flowvet:ignore backpressure overflowing on purpose
	}
	if w.Write(nil) || !errors.Is(w.Err(), ErrOverflow) { //flowvet:ignore backpressure overflowing on purpose
		t.Fatalf("17th empty chunk over a limit of 16: Err = %v, want ErrOverflow", w.Err())
	}
	if s := w.Stats(); s.In != 16 || s.Buffered != 16 {
		t.Fatalf("Stats = %+v, want 16 chunks in and buffered", s)
	}
	r.Close()
}

// Issue 14, bug 6: IOWriter.Write never reports (0, err) for bytes the pipe
// accepted: the wait after them failed, not the write.
func TestIOWriterReportsAcceptedBytes(t *testing.T) {
	noLeak(t)
	r, w := NewBytePipe(HighWaterMark(4))
	ctx, cancel := context.WithCancel(context.Background())
	iw := IOWriter(ctx, w)
	go func() {
		time.Sleep(short)
		cancel()
	}()
	n, err := iw.Write([]byte("abcdefgh")) // reaches the mark: waits, then ctx ends
	if n != 8 || !errors.Is(err, context.Canceled) {
		t.Fatalf("Write = %d, %v; want 8 (accepted), context.Canceled", n, err)
	}
	iw.Close()
	got, err := io.ReadAll(IOReader(context.Background(), r))
	if string(got) != "abcdefgh" || err != nil {
		t.Fatalf("read %q, %v; want the 8 accepted bytes", got, err)
	}
}
