package flowrt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// noLeak fails t if a goroutine that t started (itself, or through a
// pipeline) is still running when t ends. goleak retries for a while, so a
// goroutine that is just exiting passes; one blocked for good does not.
// Every test calls it first; TestMain checks the whole run as well.
func noLeak(t testing.TB) {
	t.Helper()
	before := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, before) })
}

// short is how long a test waits before concluding that something blocks.
const short = 20 * time.Millisecond

// within fails t unless f returns within 5 seconds.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s did not return", what)
	}
}

// readerParked reports whether a goroutine is parked in Read on p (on the
// cond or in the select), waiting for data.
func readerParked[T any](p *pipe[T]) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.readerWaiting != notWaiting
}

// writerParked reports whether a goroutine is parked in Drain (or Send) on
// p, waiting for the buffer to empty.
func writerParked[T any](p *pipe[T]) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.drainCondN+p.drainWaiters > 0
}

// waitUntil polls cond until it holds, failing t after 5 seconds.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(100 * time.Microsecond)
	}
}

func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		r := recover()
		if r == nil {
			t.Fatalf("no panic, want %q", want)
		}
		if s, _ := r.(string); !strings.Contains(s, want) {
			t.Fatalf("panic %v, want %q", r, want)
		}
	}()
	f()
}

func TestBadOptionsPanic(t *testing.T) {
	noLeak(t)
	mustPanic(t, "HighWaterMark(-1): the mark must be >= 0", func() { NewBytePipe(HighWaterMark(-1)) })
	mustPanic(t, "Workers(0)", func() { Workers(0) })
	mustPanic(t, "Measure(Bytes) for a pipe of int", func() { NewPipe[int](Measure(Bytes)) })
	mustPanic(t, "Measure(Unit(7))", func() { Measure(7) })
}

func TestWriteSignalsTheMark(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int](HighWaterMark(4))
	var got []bool
	for i := 1; i <= 5; i++ {
		got = append(got, w.Write(i))
	}
	want := []bool{true, true, true, false, false}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Write results %v, want %v", got, want)
		}
	}
	if n := w.Buffered(); n != 5 {
		t.Fatalf("Buffered = %d, want 5 (a false Write still accepts the item)", n)
	}
	w.Close()
	for i := 1; i <= 5; i++ {
		v, err := r.Read(context.Background())
		if err != nil || v != i {
			t.Fatalf("Read = %v, %v; want %d", v, err, i)
		}
	}
	if _, err := r.Read(context.Background()); err != io.EOF {
		t.Fatalf("Read at end = %v, want io.EOF", err)
	}
}

func TestDefaultMarks(t *testing.T) {
	noLeak(t)
	_, w := NewPipe[int]()
	for i := 1; i < 16; i++ {
		if !w.Write(i) {
			t.Fatalf("item pipe: Write %d returned false, default mark is 16", i)
		}
	}
	if w.Write(16) {
		t.Fatal("item pipe: Write 16 returned true, default mark is 16")
	}
	_, bw := NewBytePipe()
	if !bw.Write(make([]byte, 64<<10-1)) {
		t.Fatal("byte pipe: 64 KiB - 1 reached the mark")
	}
	if bw.Write([]byte{0}) {
		t.Fatal("byte pipe: 64 KiB did not reach the mark")
	}
}

func TestBytePipeCountsBytes(t *testing.T) {
	noLeak(t)
	// Node: hwm 10: write(5) true, write(4) true, write(1) false.
	_, w := NewBytePipe(HighWaterMark(10))
	if !w.Write(make([]byte, 5)) || !w.Write(make([]byte, 4)) || w.Write(make([]byte, 1)) {
		t.Fatal("byte pipe mark arithmetic differs from Node's")
	}
	if n := w.Buffered(); n != 10 {
		t.Fatalf("Buffered = %d, want 10 bytes", n)
	}
}

func TestBytePipePassesChunksByReference(t *testing.T) {
	noLeak(t)
	r, w := NewBytePipe()
	chunk := []byte("hello")
	w.Write(chunk)
	w.Close()
	got, err := r.Read(context.Background())
	if err != nil || &got[0] != &chunk[0] {
		t.Fatalf("Read = %q, %v: want the very chunk written", got, err)
	}
}

func TestDrainWaitsForEmpty(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int](HighWaterMark(4))
	ctx := context.Background()
	w.Write(1)
	w.Write(2)
	select {
	case <-w.Drained():
		t.Fatal("Drained closed with 2 items buffered")
	case <-time.After(short):
	}
	done := make(chan error)
	go func() { done <- w.Drain(ctx) }()
	select {
	case err := <-done:
		t.Fatalf("Drain returned %v with items buffered", err)
	case <-time.After(short):
	}
	// One Read takes the whole buffer in one hand-off: the buffer is empty.
	if v, err := r.Read(ctx); v != 1 || err != nil {
		t.Fatalf("Read = %v, %v", v, err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Drain = %v, want nil", err)
	}
	select {
	case <-w.Drained():
	default:
		t.Fatal("Drained not closed on an empty buffer")
	}
	if n := w.Buffered(); n != 0 {
		t.Fatalf("Buffered = %d after the hand-off", n)
	}
	if v, err := r.Read(ctx); v != 2 || err != nil {
		t.Fatalf("Read = %v, %v", v, err)
	}
	// Drain on an empty pipe returns at once, even with a dead context.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := w.Drain(cancelled); err != nil {
		t.Fatalf("Drain on empty = %v", err)
	}
}

func TestDrainNotBelowMarkButEmpty(t *testing.T) {
	noLeak(t)
	// Drain waits for empty even when the reader leaves the buffer below
	// the mark: here two separate hand-offs are needed.
	r, w := NewPipe[int](HighWaterMark(2))
	ctx := context.Background()
	w.Write(1)
	w.Write(2) // false: reached the mark
	r.Read(ctx)
	w.Write(3)
	select {
	case <-w.Drained():
		t.Fatal("Drained closed with an item buffered")
	default:
	}
	r.Read(ctx)
	r.Read(ctx)
	<-w.Drained()
}

func TestDrainAndSendCancellation(t *testing.T) {
	noLeak(t)
	_, w := NewPipe[int](HighWaterMark(1))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Send(ctx, 1) }()
	waitUntil(t, "Send parks", func() bool { return writerParked(w.p) })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Send = %v, want context.Canceled", err)
	}
	if n := w.Buffered(); n != 1 {
		t.Fatalf("Buffered = %d: the item was accepted before the wait", n)
	}
	// Drain itself, parked, returns ctx's error when ctx ends.
	ctx2, cancel2 := context.WithCancel(context.Background())
	go func() { done <- w.Drain(ctx2) }()
	waitUntil(t, "Drain parks", func() bool { return writerParked(w.p) })
	cancel2()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Drain = %v, want context.Canceled", err)
	}
}

func TestReadCancellation(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int]()
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), short)
	defer cancel()
	if _, err := r.Read(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Read = %v, want context.DeadlineExceeded", err)
	}
	// The pipe still works after a cancelled Read.
	w.Write(7)
	if v, err := r.Read(context.Background()); v != 7 || err != nil {
		t.Fatalf("Read = %v, %v", v, err)
	}
}

func TestCloseDeliversEverythingThenEOF(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[string]()
	for _, s := range []string{"a", "b", "c"} {
		w.Write(s)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close = %v, want nil", err)
	}
	var got []string
	for {
		s, err := r.Read(context.Background())
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	if strings.Join(got, "") != "abc" {
		t.Fatalf("got %q", got)
	}
	if _, err := r.Read(context.Background()); err != io.EOF {
		t.Fatalf("Read after EOF = %v", err)
	}
	if err := w.Err(); err != nil {
		t.Fatalf("Err after clean close = %v", err)
	}
}

func TestWriteAfterClose(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int]()
	ctx := context.Background()
	w.Write(1)
	w.Close()
	if w.Write(2) {
		t.Fatal("Write after Close returned true")
	}
	for name, err := range map[string]error{
		"Err":   w.Err(),
		"Drain": w.Drain(ctx),
		"Send":  w.Send(ctx, 3),
		"Close": w.Close(),
	} {
		if !errors.Is(err, ErrWriteAfterClose) {
			t.Errorf("%s = %v, want ErrWriteAfterClose", name, err)
		}
	}
	// The reader gets what was accepted, then the error: not a clean EOF.
	if v, err := r.Read(ctx); v != 1 || err != nil {
		t.Fatalf("Read = %v, %v; want the accepted item", v, err)
	}
	if _, err := r.Read(ctx); !errors.Is(err, ErrWriteAfterClose) {
		t.Fatalf("Read = %v, want ErrWriteAfterClose", err)
	}
}

func TestCloseWithErrorDestroys(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int]()
	boom := errors.New("boom")
	w.Write(1)
	w.CloseWithError(boom)
	if _, err := r.Read(context.Background()); err != boom {
		t.Fatalf("Read = %v, want boom", err)
	}
	if w.Write(2) {
		t.Fatal("Write after CloseWithError returned true")
	}
	if err := w.Err(); err != boom {
		t.Fatalf("Err = %v", err)
	}
	w.CloseWithError(errors.New("later"))
	if err := w.Err(); err != boom {
		t.Fatalf("Err = %v, the first error must stay", err)
	}
	// CloseWithError(nil) is Close.
	r2, w2 := NewPipe[int]()
	w2.CloseWithError(nil)
	if _, err := r2.Read(context.Background()); err != io.EOF {
		t.Fatalf("Read = %v, want io.EOF", err)
	}
}

func TestCloseWithErrorDropsTheReadersBatch(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int]()
	boom := errors.New("boom")
	w.Write(1)
	w.Write(2)
	w.Write(3)
	if v, _ := r.Read(context.Background()); v != 1 {
		t.Fatal(v)
	}
	w.CloseWithError(boom)
	if _, err := r.Read(context.Background()); err != boom {
		t.Fatalf("Read = %v, want boom at once", err)
	}
}

func TestReaderCloseReleasesWriter(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int](HighWaterMark(1))
	ctx := context.Background()
	done := make(chan error)
	go func() { done <- w.Send(ctx, 1) }()
	time.Sleep(short)
	r.Close()
	if err := <-done; !errors.Is(err, ErrDestroyed) {
		t.Fatalf("Send = %v, want ErrDestroyed", err)
	}
	if w.Write(2) {
		t.Fatal("Write after reader Close returned true")
	}
	if err := w.Err(); !errors.Is(err, ErrDestroyed) {
		t.Fatalf("Err = %v", err)
	}
	if err := w.Close(); !errors.Is(err, ErrDestroyed) {
		t.Fatalf("Close = %v, want ErrDestroyed", err)
	}
	if _, err := r.Read(ctx); !errors.Is(err, ErrDestroyed) {
		t.Fatalf("Read after Close = %v", err)
	}
	r.Close() // harmless
}

func TestReaderCloseWakesBlockedRead(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int]()
	defer w.Close()
	done := make(chan error)
	go func() { _, err := r.Read(context.Background()); done <- err }()
	time.Sleep(short)
	r.Close()
	if err := <-done; !errors.Is(err, ErrDestroyed) {
		t.Fatalf("Read = %v, want ErrDestroyed", err)
	}
}

func TestReaderCloseAfterCleanEnd(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int]()
	w.Write(1)
	w.Close()
	r.Read(context.Background())
	r.Close()
	if err := w.Err(); err != nil {
		t.Fatalf("Err = %v: closing a finished reader must not fail the writer", err)
	}
}

func TestConcurrentOrderedDelivery(t *testing.T) {
	noLeak(t)
	const n = 100_000
	r, w := NewPipe[int](HighWaterMark(8))
	ctx := context.Background()
	go func() {
		for i := range n {
			if err := w.Send(ctx, i); err != nil {
				t.Error(err)
				return
			}
		}
		w.Close()
	}()
	next := 0
	for v := range r.All(ctx) {
		if v != next {
			t.Fatalf("got %d, want %d", v, next)
		}
		next++
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if next != n {
		t.Fatalf("got %d items, want %d", next, n)
	}
}

func TestConcurrentWriters(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int](HighWaterMark(3))
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 1000 {
				if err := w.Send(ctx, g*1000+i); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	go func() { wg.Wait(); w.Close() }()
	seen := make(map[int]bool)
	last := [4]int{-1, -1, -1, -1}
	for v := range r.All(ctx) {
		if seen[v] {
			t.Fatalf("%d delivered twice", v)
		}
		seen[v] = true
		if g := v / 1000; v <= last[g] {
			t.Fatalf("writer %d out of order: %d after %d", g, v, last[g])
		} else {
			last[g] = v
		}
	}
	if r.Err() != nil || len(seen) != 4000 {
		t.Fatalf("got %d items, err %v", len(seen), r.Err())
	}
}

func TestAllReportsTheStreamError(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int]()
	boom := errors.New("boom")
	w.Write(1)
	go func() {
		w.Drain(context.Background()) // the reader took the item
		w.CloseWithError(boom)
	}()
	n := 0
	for range r.All(context.Background()) {
		n++
	}
	if n != 1 || r.Err() != boom {
		t.Fatalf("got %d items, Err %v; want 1, boom", n, r.Err())
	}
}

// Leaving a range loop over All early (break, return, panic) closes the
// Reader: a writer parked in Send at that moment is released with
// ErrDestroyed, and no goroutine is left behind. Both ways of parking are
// covered: a context that is never done parks on the pipe's cond, a
// cancellable one in a select.
func TestLeavingAllReleasesABlockedSend(t *testing.T) {
	for _, how := range []string{"break", "return", "panic"} {
		for _, cancellable := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/cancellable=%v", how, cancellable), func(t *testing.T) {
				noLeak(t)
				ctx := context.Background()
				if cancellable {
					ctx = canceledLater(t)
				}
				r, w := NewPipe[int](HighWaterMark(1))
				errc := make(chan error, 1)
				sent := 0
				go func() {
					for i := 0; ; i++ {
						if err := w.Send(ctx, i); err != nil {
							errc <- err
							return
						}
						sent++
					}
				}()
				consume := func() (first int) {
					for v := range r.All(ctx) {
						// The writer sent v, reached the mark of 1 with
						// it and parks in Send until the buffer empties.
						waitUntil(t, "the writer parks in Send", func() bool { return writerParked(r.p) })
						switch how {
						case "break":
							first = v
							break
						case "return":
							return v
						case "panic":
							panic(v)
						}
						break
					}
					return first
				}
				var recovered any
				func() {
					defer func() { recovered = recover() }()
					consume()
				}()
				if how == "panic" && recovered != 0 || how != "panic" && recovered != nil {
					t.Fatalf("recovered %v", recovered)
				}
				select {
				case err := <-errc:
					if !errors.Is(err, ErrDestroyed) {
						t.Fatalf("Send = %v, want ErrDestroyed", err)
					}
				case <-time.After(5 * time.Second):
					t.Fatalf("the writer stayed blocked in Send after the loop was left by %s", how)
				}
				if sent > 1 {
					t.Fatalf("%d Sends succeeded, want at most 1 (the item the loop saw)", sent)
				}
				if err := r.Err(); err != nil {
					t.Fatalf("Err after leaving the loop = %v, want nil", err)
				}
				if w.Write(100) || !errors.Is(w.Err(), ErrDestroyed) {
					t.Fatalf("Write after the loop was left: accepted, or Err %v", w.Err())
				}
			})
		}
	}
}

func TestDrainedSelect(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int](HighWaterMark(1))
	ctx := context.Background()
	go func() {
		time.Sleep(short)
		r.Read(ctx)
	}()
	if w.Write(1) {
		t.Fatal("mark 1: Write returned true")
	}
	select {
	case <-w.Drained():
	case <-time.After(5 * time.Second):
		t.Fatal("Drained never closed")
	}
	if err := w.Err(); err != nil {
		t.Fatal(err)
	}
	r.Close()
	w.Write(2)
	<-w.Drained() // closed: the stream failed
	if !errors.Is(w.Err(), ErrDestroyed) {
		t.Fatal(w.Err())
	}
}

// Write never blocks: not at or far past the mark with nobody reading, not
// while a reader is parked in Read or another writer in Drain, not on a
// stream that is closed, destroyed by either side, or overflowed.
func TestWriteNeverBlocks(t *testing.T) {
	noLeak(t)
	ctx := context.Background()

	r, w := NewPipe[int](HighWaterMark(2))
	within(t, "Write at and past the mark", func() {
		for i := range 100 { // below the default limit of 64 × 2
			w.Write(i) //flowvet:ignore backpressure never blocking is the point
		}
	})
	if n := w.Buffered(); n != 100 {
		t.Fatalf("Buffered = %d, want 100", n)
	}
	parked := make(chan error, 1)
	go func() { parked <- w.Drain(ctx) }()
	waitUntil(t, "a writer parks in Drain", func() bool { return writerParked(w.p) })
	within(t, "Write while another writer is parked in Drain", func() {
		w.Write(100) //flowvet:ignore backpressure never blocking is the point
	})
	r.Close()
	if err := <-parked; !errors.Is(err, ErrDestroyed) {
		t.Fatalf("Drain = %v", err)
	}

	r2, w2 := NewPipe[int]()
	got := make(chan int, 1)
	go func() {
		v, _ := r2.Read(ctx)
		got <- v
	}()
	waitUntil(t, "the reader parks in Read", func() bool { return readerParked(r2.p) })
	within(t, "Write while the reader is parked", func() { w2.Write(7) })
	if v := <-got; v != 7 {
		t.Fatalf("Read = %d", v)
	}

	for name, stop := range map[string]func(*Reader[int], *Writer[int]){
		"Close":          func(_ *Reader[int], w *Writer[int]) { w.Close() },
		"CloseWithError": func(_ *Reader[int], w *Writer[int]) { w.CloseWithError(errors.New("boom")) },
		"Reader.Close":   func(r *Reader[int], _ *Writer[int]) { r.Close() },
		"overflow (Limit 2)": func(_ *Reader[int], w *Writer[int]) {
			for i := range 3 {
				w.Write(i) //flowvet:ignore backpressure the overflow under test
			}
		},
	} {
		r, w := NewPipe[int](HighWaterMark(1), Limit(2))
		stop(r, w)
		within(t, "Write after "+name, func() {
			if w.Write(1) {
				t.Errorf("Write after %s returned true", name)
			}
		})
		if w.Err() == nil {
			t.Errorf("Err after %s and a refused Write = nil", name)
		}
	}
}

// Send is Write, plus Drain only when Write returned false: below the mark
// it returns at once with nobody reading; the item that reaches the mark is
// accepted at once, and Send then waits until the reader took everything.
func TestSendWaitsOnlyAtTheMark(t *testing.T) {
	noLeak(t)
	ctx := context.Background()
	r, w := NewPipe[int](HighWaterMark(3))
	within(t, "Send below the mark", func() {
		for i := range 2 {
			if err := w.Send(ctx, i); err != nil {
				t.Errorf("Send(%d) = %v", i, err)
			}
		}
	})
	done := make(chan error, 1)
	go func() { done <- w.Send(ctx, 2) }()
	waitUntil(t, "Send at the mark parks", func() bool { return writerParked(w.p) })
	select {
	case err := <-done:
		t.Fatalf("Send of the item that reached the mark returned %v before the reader took anything", err)
	default:
	}
	if n := w.Buffered(); n != 3 {
		t.Fatalf("Buffered = %d while Send waits, want 3 (the item is accepted before the wait)", n)
	}
	if v, err := r.Read(ctx); v != 0 || err != nil { // takes all three
		t.Fatalf("Read = %d, %v", v, err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Send after the drain = %v", err)
	}
	w.Close()
	for want := 1; want <= 2; want++ {
		if v, err := r.Read(ctx); v != want || err != nil {
			t.Fatalf("Read = %d, %v; want %d", v, err, want)
		}
	}
	if _, err := r.Read(ctx); err != io.EOF {
		t.Fatalf("Read at the end = %v", err)
	}
}

// A destroy from either side wakes the goroutine parked on the other:
// CloseWithError wakes a Read (with its error) and a Send parked on another
// goroutine; Reader.Close wakes a Send and a Read (ErrDestroyed). Each with
// a context that parks on the cond and with one that parks in a select.
func TestDestroyWakesTheOtherSide(t *testing.T) {
	boom := errors.New("boom")
	for _, cancellable := range []bool{false, true} {
		t.Run(fmt.Sprint("cancellable=", cancellable), func(t *testing.T) {
			noLeak(t)
			ctx := context.Background()
			if cancellable {
				ctx = canceledLater(t)
			}
			parkedRead := func(r *Reader[int]) chan error {
				errc := make(chan error, 1)
				go func() {
					_, err := r.Read(ctx)
					errc <- err
				}()
				waitUntil(t, "the reader parks", func() bool { return readerParked(r.p) })
				return errc
			}
			parkedSend := func(w *Writer[int]) chan error {
				errc := make(chan error, 1)
				go func() { errc <- w.Send(ctx, 1) }() // mark 1: parks
				waitUntil(t, "the writer parks", func() bool { return writerParked(w.p) })
				return errc
			}
			expect := func(what string, errc chan error, want error) {
				t.Helper()
				select {
				case err := <-errc:
					if !errors.Is(err, want) {
						t.Fatalf("%s = %v, want %v", what, err, want)
					}
				case <-time.After(5 * time.Second):
					t.Fatalf("%s still blocked", what)
				}
			}

			r, w := NewPipe[int](HighWaterMark(1))
			errc := parkedRead(r)
			w.CloseWithError(boom)
			expect("Read woken by CloseWithError", errc, boom)

			r, w = NewPipe[int](HighWaterMark(1))
			errc = parkedSend(w)
			w.CloseWithError(boom) // another goroutine destroys the writer
			expect("Send woken by CloseWithError", errc, boom)
			if _, err := r.Read(ctx); err != boom {
				t.Fatalf("Read = %v: the buffered item must be dropped", err)
			}

			r, w = NewPipe[int](HighWaterMark(1))
			errc = parkedSend(w)
			r.Close()
			expect("Send woken by Reader.Close", errc, ErrDestroyed)

			r, w = NewPipe[int](HighWaterMark(1))
			errc = parkedRead(r)
			r.Close() // from another goroutine than the reader's
			expect("Read woken by Reader.Close", errc, ErrDestroyed)
			if w.Write(1) || !errors.Is(w.Err(), ErrDestroyed) {
				t.Fatalf("Write after Reader.Close: accepted, or Err %v", w.Err())
			}
		})
	}
}

// Closing twice is harmless, on both ends, and a later close never replaces
// the error a stream already failed with.
func TestCloseTwiceIsHarmless(t *testing.T) {
	noLeak(t)
	ctx := context.Background()
	r, w := NewPipe[int]()
	w.Write(1)
	for i := range 2 {
		if err := w.Close(); err != nil {
			t.Fatalf("Close #%d = %v", i+1, err)
		}
	}
	if v, err := r.Read(ctx); v != 1 || err != nil {
		t.Fatalf("Read = %d, %v", v, err)
	}
	if _, err := r.Read(ctx); err != io.EOF {
		t.Fatalf("Read = %v, want io.EOF", err)
	}
	for i := range 2 {
		if err := r.Close(); err != nil {
			t.Fatalf("Reader.Close #%d = %v", i+1, err)
		}
	}
	if err := w.Err(); err != nil {
		t.Fatalf("Err = %v after a clean end and two Reader.Close", err)
	}

	boom := errors.New("boom")
	r, w = NewPipe[int]()
	w.CloseWithError(boom)
	w.CloseWithError(errors.New("later"))
	if err := w.Close(); err != boom {
		t.Fatalf("Close after CloseWithError = %v, want boom", err)
	}
	for i := range 2 {
		if err := r.Close(); err != nil {
			t.Fatalf("Reader.Close #%d = %v", i+1, err)
		}
	}
	if err := w.Err(); err != boom {
		t.Fatalf("Err = %v: Reader.Close must not replace boom", err)
	}
}
