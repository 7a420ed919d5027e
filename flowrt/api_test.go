package flowrt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// HighWaterMark(0) behaves as 1, as Node allows 0: every Write returns
// false, and the item is still accepted.
func TestHighWaterMarkZeroIsOne(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int](HighWaterMark(0))
	if w.Write(1) { //flowvet:ignore backpressure the result is under test
		t.Fatal("Write with a mark of 0 returned true")
	}
	if s := w.Stats(); s.HighWaterMark != 1 || s.Buffered != 1 {
		t.Fatalf("Stats = %+v, want mark 1, one item buffered", s)
	}
	if v, err := r.Read(context.Background()); v != 1 || err != nil {
		t.Fatalf("Read = %d, %v", v, err)
	}
}

// CloseWithError returns its error, or the stream's earlier one, so that
// return w.CloseWithError(err) is right.
func TestCloseWithErrorReturnsTheError(t *testing.T) {
	noLeak(t)
	boom, first := errors.New("boom"), errors.New("first")
	_, w := NewPipe[int]()
	if err := w.CloseWithError(boom); err != boom {
		t.Fatalf("CloseWithError(boom) = %v, want boom", err)
	}
	_, w = NewPipe[int]()
	w.CloseWithError(first)
	if err := w.CloseWithError(boom); err != first {
		t.Fatalf("second CloseWithError = %v, want the first error", err)
	}
	_, w = NewPipe[int]()
	if err := w.CloseWithError(nil); err != nil {
		t.Fatalf("CloseWithError(nil) = %v, want Close's nil", err)
	}
	if err := w.Err(); err != nil {
		t.Fatalf("after CloseWithError(nil), Err = %v", err)
	}
}

// Reader.CloseWithError: the writer gets an error wrapping both
// ErrDestroyed and the reason; it returns the reason.
func TestReaderCloseWithError(t *testing.T) {
	noLeak(t)
	giveUp := errors.New("consumer gave up")
	r, w := NewPipe[int]()
	w.Write(1) //flowvet:ignore backpressure one item below the mark
	if err := r.CloseWithError(giveUp); err != giveUp {
		t.Fatalf("Reader.CloseWithError = %v, want its reason", err)
	}
	for _, err := range []error{w.Err(), w.Send(context.Background(), 2), w.Drain(context.Background())} {
		if !errors.Is(err, ErrDestroyed) || !errors.Is(err, giveUp) {
			t.Fatalf("writer sees %v, want ErrDestroyed wrapping the reason", err)
		}
	}
	// A stream that had failed keeps its error, and says so.
	r, w = NewPipe[int]()
	boom := errors.New("boom")
	w.CloseWithError(boom)
	if err := r.CloseWithError(giveUp); err != boom {
		t.Fatalf("Reader.CloseWithError after the writer failed = %v, want boom", err)
	}
	// In a pipeline, a Sink returns r.CloseWithError(err): Wait reports
	// the reason, and the source is released.
	p := NewPipeline(context.Background())
	Sink(p, count(p, 1000), func(ctx context.Context, r *Reader[int]) error {
		r.Read(ctx)
		return r.CloseWithError(giveUp)
	})
	if err := waitWithin(t, p); err != giveUp {
		t.Fatalf("Wait = %v, want the sink's reason", err)
	}
}

// TryWrite accepts below the mark, says "full" at it without accepting,
// and reports a closed or failed stream with its error.
func TestTryWrite(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int](HighWaterMark(3))
	var results []string
	for i := range 4 {
		ok, err := w.TryWrite(i)
		results = append(results, fmt.Sprint(ok, err))
	}
	if want := "[true <nil> true <nil> true <nil> false <nil>]"; fmt.Sprint(results) != want {
		t.Fatalf("TryWrite results %v, want %v", results, want)
	}
	if s := w.Stats(); s.Buffered != 3 || s.In != 3 || s.MarkReached != 1 {
		t.Fatalf("Stats = %+v: the item refused at the mark must not be buffered", s)
	}
	ctx := context.Background()
	for i := range 3 {
		if v, _ := r.Read(ctx); v != i {
			t.Fatalf("Read = %d, want %d", v, i)
		}
	}
	if ok, err := w.TryWrite(3); !ok || err != nil {
		t.Fatalf("TryWrite after the drain = %v, %v", ok, err)
	}
	w.Close()
	if ok, err := w.TryWrite(4); ok || !errors.Is(err, ErrWriteAfterClose) {
		t.Fatalf("TryWrite after Close = %v, %v; want false, ErrWriteAfterClose", ok, err)
	}
	// A byte pipe: a chunk is accepted whole below the mark.
	_, bw := NewBytePipe(HighWaterMark(4))
	if ok, _ := bw.TryWrite(make([]byte, 10)); !ok {
		t.Fatal("a big chunk below the mark was refused")
	}
	if ok, err := bw.TryWrite([]byte{1}); ok || err != nil {
		t.Fatalf("TryWrite over the mark = %v, %v; want false, nil", ok, err)
	}
}

// SendAll delivers every item in order, waits at the mark, and stops at
// the stream's error.
func TestSendAll(t *testing.T) {
	noLeak(t)
	for _, mark := range []int{1, 3, 64} {
		r, w := NewPipe[int](HighWaterMark(mark))
		items := make([]int, 500)
		for i := range items {
			items[i] = i
		}
		go func() {
			defer w.Close()
			for i := 0; i < len(items); i += 37 {
				if err := w.SendAll(context.Background(), items[i:min(i+37, len(items))]); err != nil {
					return
				}
				if b := w.Buffered(); b > mark {
					w.CloseWithError(fmt.Errorf("buffered %d over the mark %d after SendAll", b, mark))
				}
			}
		}()
		var got []int
		for v := range r.All(context.Background()) {
			got = append(got, v)
		}
		if r.Err() != nil || !slices.Equal(got, items) {
			t.Fatalf("mark %d: got %d items (%v), Err %v", mark, len(got), got[:min(len(got), 10)], r.Err())
		}
	}
	r, w := NewPipe[int](HighWaterMark(2))
	r.Close()
	if err := w.SendAll(context.Background(), []int{1, 2, 3}); !errors.Is(err, ErrDestroyed) {
		t.Fatalf("SendAll to a closed reader = %v, want ErrDestroyed", err)
	}
}

// Ready fires when Read would return at once: data, the end, or a failure.
func TestReady(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int]()
	ready := func() bool {
		select {
		case <-r.Ready():
			return true
		default:
			return false
		}
	}
	if ready() {
		t.Fatal("Ready on an empty open pipe")
	}
	ch := r.Ready()
	written := make(chan struct{})
	go func() {
		defer close(written)
		time.Sleep(short)
		w.Write(1) //flowvet:ignore backpressure one item below the mark
		w.Write(2) //flowvet:ignore backpressure one item below the mark
	}()
	within(t, "Ready after a Write", func() { <-ch })
	<-written // both in the buffer: the Read below takes them as one batch
	ctx := context.Background()
	if v, err := r.Read(ctx); v != 1 || err != nil {
		t.Fatalf("Read = %d, %v", v, err)
	}
	if !ready() {
		t.Fatal("not Ready with an item left in the batch")
	}
	r.Read(ctx)
	ch = r.Ready()
	w.Close()
	select {
	case <-ch:
	default:
		t.Fatal("Close did not fire Ready")
	}
	if _, err := r.Read(ctx); err != io.EOF {
		t.Fatalf("Read = %v, want io.EOF", err)
	}
	r2, w2 := NewPipe[int]()
	ch = r2.Ready()
	w2.CloseWithError(errors.New("boom"))
	select {
	case <-ch:
	default:
		t.Fatal("CloseWithError did not fire Ready")
	}
}

func TestFromSlice(t *testing.T) {
	noLeak(t)
	items := make([]int, 1000)
	for i := range items {
		items[i] = i
	}
	for _, mark := range []int{1, 16, 5000} {
		p := NewPipeline(context.Background())
		var got []int
		collect(p, FromSlice(p, items, HighWaterMark(mark)), &got)
		if err := waitWithin(t, p); err != nil || !slices.Equal(got, items) {
			t.Fatalf("mark %d: Wait = %v, %d items", mark, err, len(got))
		}
	}
}

// FromSeq stops the iterator when the pipeline fails: its cleanup runs,
// and no value is pulled after the failure.
func TestFromSeqStopsTheIterator(t *testing.T) {
	noLeak(t)
	boom := errors.New("boom")
	var pulled int
	cleaned := false
	seq := iter.Seq[int](func(yield func(int) bool) {
		defer func() { cleaned = true }()
		for i := 0; ; i++ {
			pulled++
			if !yield(i) {
				return
			}
		}
	})
	p := NewPipeline(context.Background())
	Sink(p, FromSeq(p, seq), func(ctx context.Context, r *Reader[int]) error {
		for v := range r.All(ctx) {
			if v == 100 {
				return boom
			}
		}
		return r.Err()
	})
	if err := waitWithin(t, p); err != boom {
		t.Fatalf("Wait = %v, want boom", err)
	}
	if !cleaned {
		t.Fatal("the iterator was not stopped: its cleanup did not run")
	}
	if pulled > 100+2*16+2 {
		t.Fatalf("%d values pulled for a sink that failed at the 101st", pulled)
	}
	// A finite sequence flows whole.
	p = NewPipeline(context.Background())
	var got []int
	collect(p, FromSeq(p, slices.Values([]int{3, 1, 2})), &got)
	if err := waitWithin(t, p); err != nil || fmt.Sprint(got) != "[3 1 2]" {
		t.Fatalf("Wait = %v, got %v", err, got)
	}
}

// Merge gets every item of every input, each input in its order.
func TestMerge(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	const n = 3000
	var ins []*Reader[int]
	for k := range 3 {
		ins = append(ins, Map(p, count(p, n, HighWaterMark(1+k*7)), func(_ context.Context, v int) (int, error) {
			return k*n + v, nil
		}))
	}
	var got []int
	collect(p, Merge(p, ins...), &got)
	if err := waitWithin(t, p); err != nil || len(got) != 3*n {
		t.Fatalf("Wait = %v, %d items", err, len(got))
	}
	last := []int{-1, -1, -1}
	for _, v := range got {
		k := v / n
		if v <= last[k] {
			t.Fatalf("input %d out of order: %d after %d", k, v, last[k])
		}
		last[k] = v
	}
	// The first error of an input wins; the others stop.
	boom := errors.New("boom")
	p = NewPipeline(context.Background())
	bad := Source(p, func(ctx context.Context, w *Writer[int]) error {
		w.Write(1) //flowvet:ignore backpressure one item below the mark
		return boom
	})
	collect(p, Merge(p, count(p, 1_000_000), bad), &got)
	if err := waitWithin(t, p); err != boom {
		t.Fatalf("Wait = %v, want boom", err)
	}
	// No inputs: closed at once.
	p = NewPipeline(context.Background())
	got = nil
	collect(p, Merge[int](p), &got)
	if err := waitWithin(t, p); err != nil || len(got) != 0 {
		t.Fatalf("Merge(): Wait = %v, %v", err, got)
	}
}

// Tee: both branches get every item in order; a slow branch holds the
// fast one back to within its marks.
func TestTee(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	a, b := Tee(p, count(p, 2000), HighWaterMark(8))
	var fast []int
	var slowN int
	Sink(p, a, func(ctx context.Context, r *Reader[int]) error {
		for v := range r.All(ctx) {
			fast = append(fast, v)
		}
		return r.Err()
	})
	var slow []int
	Sink(p, b, func(ctx context.Context, r *Reader[int]) error {
		for v := range r.All(ctx) {
			slow = append(slow, v)
			slowN++
			if slowN%100 == 0 {
				time.Sleep(time.Millisecond)
			}
		}
		return r.Err()
	})
	if err := waitWithin(t, p); err != nil {
		t.Fatal(err)
	}
	if len(fast) != 2000 || !slices.Equal(fast, slow) || !sort.IntsAreSorted(fast) {
		t.Fatalf("branches differ or are out of order: %d and %d items", len(fast), len(slow))
	}
	if s := p.Stats(); len(s) != 5 || !strings.HasPrefix(s[1].Stage, "Tee (stage 2)") || !strings.HasPrefix(s[2].Stage, "Tee (stage 2)") {
		t.Fatalf("Stats = %+v, want one entry per Tee output", s)
	}
	// A branch that fails stops the other.
	boom := errors.New("boom")
	p = NewPipeline(context.Background())
	a, b = Tee(p, count(p, 1_000_000))
	var n int
	collect(p, a, &[]int{})
	Sink(p, b, func(ctx context.Context, r *Reader[int]) error {
		for range r.All(ctx) {
			if n++; n == 50 {
				return boom
			}
		}
		return r.Err()
	})
	if err := waitWithin(t, p); err != boom {
		t.Fatalf("Wait = %v, want boom", err)
	}
}
