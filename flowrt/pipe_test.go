package flowrt

import (
	"context"
	"errors"
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

// short is how long a test waits before concluding that something blocks.
const short = 20 * time.Millisecond

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
	mustPanic(t, "HighWaterMark(0): the mark must be > 0", func() { NewPipe[int](HighWaterMark(0)) })
	mustPanic(t, "HighWaterMark(-1)", func() { NewBytePipe(HighWaterMark(-1)) })
	mustPanic(t, "Workers(0)", func() { Workers(0) })
}

func TestWriteSignalsTheMark(t *testing.T) {
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
	_, w := NewPipe[int](HighWaterMark(1))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Send(ctx, 1) }()
	select {
	case err := <-done:
		t.Fatalf("Send returned %v before the reader took anything", err)
	case <-time.After(short):
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Send = %v, want context.Canceled", err)
	}
	if n := w.Buffered(); n != 1 {
		t.Fatalf("Buffered = %d: the item was accepted before the wait", n)
	}
}

func TestReadCancellation(t *testing.T) {
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

func TestAllBreakReleasesTheWriter(t *testing.T) {
	r, w := NewPipe[int](HighWaterMark(2))
	ctx := context.Background()
	done := make(chan error)
	go func() {
		for i := 0; ; i++ {
			if err := w.Send(ctx, i); err != nil {
				done <- err
				return
			}
		}
	}()
	for v := range r.All(ctx) {
		if v == 10 {
			break
		}
	}
	if err := <-done; !errors.Is(err, ErrDestroyed) {
		t.Fatalf("Send = %v, want ErrDestroyed after the loop left early", err)
	}
	if r.Err() != nil {
		t.Fatalf("Err after break = %v, want nil", r.Err())
	}
}

func TestAllPanicReleasesTheWriter(t *testing.T) {
	r, w := NewPipe[int](HighWaterMark(2))
	w.Write(1)
	func() {
		defer func() { recover() }()
		for range r.All(context.Background()) {
			panic("consumer bug")
		}
	}()
	if err := w.Drain(context.Background()); !errors.Is(err, ErrDestroyed) {
		t.Fatalf("Drain = %v, want ErrDestroyed", err)
	}
}

func TestDrainedSelect(t *testing.T) {
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
