package flowrt

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestOverflowStopsAProducerThatIgnoresFalse(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int](HighWaterMark(4), Limit(10))
	accepted := 0
	var results []bool
	for i := range 100 {
		results = append(results, w.Write(i)) //flowvet:ignore backpressure the bug under test
		if w.Err() == nil {
			accepted++
		}
	}
	if accepted != 10 {
		t.Fatalf("accepted %d writes, want 10 (the limit)", accepted)
	}
	// true below the mark, false from the mark on (accepted up to the
	// limit, refused from the 11th write on).
	for i, ok := range results {
		if ok != (i < 3) {
			t.Fatalf("Write #%d = %v; results %v", i+1, ok, results[:12])
		}
	}
	err := w.Err()
	if !errors.Is(err, ErrOverflow) {
		t.Fatalf("Err = %v, want ErrOverflow", err)
	}
	for _, want := range []string{"10 items buffered", "high-water mark 4", "limit 10", "ignored Write's false", "Drain", "Send"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("overflow message %q lacks %q", err, want)
		}
	}
	if s := w.Stats(); s.In != 10 || s.Buffered != 10 {
		t.Fatalf("Stats = %+v, want In 10, Buffered 10", s)
	}
	// Send and Drain report it too.
	if err := w.Send(context.Background(), 1); !errors.Is(err, ErrOverflow) {
		t.Fatalf("Send = %v", err)
	}
	// The reader gets every accepted item, then the error.
	ctx := context.Background()
	for i := range 10 {
		if v, err := r.Read(ctx); v != i || err != nil {
			t.Fatalf("Read = %v, %v; want %d", v, err, i)
		}
	}
	if _, err := r.Read(ctx); !errors.Is(err, ErrOverflow) {
		t.Fatalf("Read after the accepted items = %v, want ErrOverflow", err)
	}
}

func TestLimitOptions(t *testing.T) {
	noLeak(t)
	if _, w := NewPipe[int](); w.Stats().Limit != 16*DefaultLimitFactor {
		t.Errorf("default item limit %d", w.Stats().Limit)
	}
	if _, w := NewBytePipe(); w.Stats().Limit != 64<<10*DefaultLimitFactor {
		t.Errorf("default byte limit %d", w.Stats().Limit)
	}
	_, w := NewPipe[int](HighWaterMark(2), Limit(Unlimited))
	if w.Stats().Limit != Unlimited {
		t.Errorf("Limit = %d, want Unlimited", w.Stats().Limit)
	}
	for i := range 100_000 {
		w.Write(i) //flowvet:ignore backpressure unlimited on purpose
	}
	if err := w.Err(); err != nil || w.Buffered() != 100_000 {
		t.Fatalf("unlimited pipe: Err %v, Buffered %d", err, w.Buffered())
	}
	mustPanic(t, "Limit(0)", func() { Limit(0) })
	mustPanic(t, "Limit(-2)", func() { Limit(-2) })
	mustPanic(t, "Limit(3) is below the high-water mark 4", func() { NewPipe[int](HighWaterMark(4), Limit(3)) })
}

func TestByteOverflowCountsBytes(t *testing.T) {
	noLeak(t)
	_, w := NewBytePipe(HighWaterMark(10), Limit(20))
	w.Write(make([]byte, 15)) // one big chunk into an empty pipe: always accepted
	w.Write(make([]byte, 5))  //flowvet:ignore backpressure the bug under test
	if err := w.Err(); err != nil {
		t.Fatalf("20 bytes with limit 20: %v", err)
	}
	w.Write(make([]byte, 1)) //flowvet:ignore backpressure the bug under test
	if err := w.Err(); !errors.Is(err, ErrOverflow) || !strings.Contains(err.Error(), "20 bytes buffered and 1 more") {
		t.Fatalf("Err = %v", err)
	}
}

func TestBigChunkBelowTheMarkIsNotOverflow(t *testing.T) {
	noLeak(t)
	// A writer that obeys false may still write one chunk far larger than
	// the limit into a pipe below its mark: that is not the bug.
	r, w := NewBytePipe(HighWaterMark(10), Limit(20))
	if w.Write(make([]byte, 100)) {
		t.Fatal("100 bytes did not reach a mark of 10")
	}
	if err := w.Err(); err != nil {
		t.Fatalf("Err = %v", err)
	}
	r.Read(context.Background())
}

func TestCorrectConcurrentWritersNeverOverflow(t *testing.T) {
	noLeak(t)
	const writers = 8
	r, w := NewPipe[int](HighWaterMark(2), Limit(2+writers))
	ctx := context.Background()
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for i := range 2000 {
				if err := w.Send(ctx, i); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	go func() { wg.Wait(); w.Close() }()
	n := 0
	for range r.All(ctx) {
		n++
	}
	if err := r.Err(); err != nil || n != writers*2000 {
		t.Fatalf("got %d items, err %v", n, err)
	}
}

// TestOverflowBoundsTheHeap: a producer that ignores every false writes
// 256 MiB of fresh 64 KiB chunks into a 1 MiB pipe limited to 4 MiB, with
// a slow consumer. Without the limit the heap would grow by up to 256 MiB.
func TestOverflowBoundsTheHeap(t *testing.T) {
	noLeak(t)
	const (
		total = 256 << 20
		chunk = 64 << 10
		mark  = 1 << 20
		limit = 4 << 20
		slack = 2 << 20
	)
	base := liveHeap()
	r, w := NewBytePipe(HighWaterMark(mark), Limit(limit))
	var peak uint64 // written by the producer, read after done
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range total / chunk {
			if i%128 == 0 {
				// The producer is the only goroutine that allocates:
				// measure while it does not.
				peak = max(peak, liveHeap())
			}
			w.Write(make([]byte, chunk)) //flowvet:ignore backpressure the bug under test
		}
		w.Close()
	}()
	got := 0
	for range r.All(context.Background()) {
		got++
		if got == 1 {
			<-done // a consumer much slower than the producer
		}
	}
	err := r.Err()
	if !errors.Is(err, ErrOverflow) {
		t.Fatalf("reader ended with %v, want ErrOverflow", err)
	}
	if s := w.Stats(); int64(got) != s.In {
		t.Fatalf("reader got %d chunks, %d were accepted", got, s.In)
	}
	growth := int64(peak) - int64(base)
	t.Logf("live heap growth %.1f MiB (limit %d MiB); %d chunks accepted before: %v",
		float64(growth)/(1<<20), limit>>20, got, err)
	// What a pipe holds is at most twice its limit: the buffer, and the
	// batch the reader took before.
	if growth > 2*limit+slack {
		t.Fatalf("live heap grew by %d bytes, more than twice the limit %d + %d", growth, limit, slack)
	}
}

func TestPipelineReportsOverflow(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	written := make(chan struct{})
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		defer close(written)
		for i := range 10_000 {
			w.Write(i) //flowvet:ignore backpressure the bug under test
		}
		return nil
	})
	got := 0
	Sink(p, src, func(ctx context.Context, r *Reader[int]) error {
		for range r.All(ctx) {
			got++
			if got == 1 {
				<-written // a consumer slower than the producer
			}
		}
		return r.Err()
	})
	err := p.Wait()
	if !errors.Is(err, ErrOverflow) || !strings.Contains(err.Error(), "limit 1024") {
		t.Fatalf("Wait = %v, want the overflow error", err)
	}
	// The sink may get every accepted item (the reader of an overflowed
	// stream gets the items before the error) or fewer (the pipeline's
	// teardown drops them, and the error says why), never more.
	if in := p.Stats()[0].Output.In; int64(got) > in {
		t.Fatalf("sink got %d items, %d were accepted", got, in)
	}
}

func TestStatsExact(t *testing.T) {
	noLeak(t)
	r, w := NewPipe[int](HighWaterMark(4))
	for i := range 5 {
		w.Write(i) //flowvet:ignore backpressure counting the false results
	}
	want := Stats{Unit: Items, Buffered: 5, HighWaterMark: 4, Limit: 4 * DefaultLimitFactor, MarkReached: 2, In: 5}
	if s := w.Stats(); s != want {
		t.Fatalf("Stats = %+v, want %+v", s, want)
	}
	ctx := context.Background()
	r.Read(ctx) // takes the batch of 5
	want.Buffered, want.Out = 0, 5
	if s := r.Stats(); s != want {
		t.Fatalf("Stats = %+v, want %+v", s, want)
	}
	// A Drain that blocks adds to DrainWait; one that does not, nothing.
	w.Drain(ctx)
	if s := w.Stats(); s.DrainWait != 0 {
		t.Fatalf("DrainWait = %v after a Drain that did not block", s.DrainWait)
	}
	w.Write(9)
	go func() {
		time.Sleep(2 * short)
		for range 5 {
			r.Read(ctx)
		}
	}()
	if err := w.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if s := w.Stats(); s.DrainWait < short || s.Waits != 1 || s.In != 6 || s.Out != 6 {
		t.Fatalf("Stats = %+v, want DrainWait >= %v, Waits 1, In 6, Out 6", s, short)
	}
	// Byte pipes count bytes in Buffered, chunks in In and Out.
	_, bw := NewBytePipe()
	bw.Write(make([]byte, 100))
	bw.Write(make([]byte, 23))
	if s := bw.Stats(); s.Buffered != 123 || s.In != 2 {
		t.Fatalf("byte Stats = %+v", s)
	}
}

// Stats under -race, with four writers, a reader and two goroutines
// scraping Stats: every snapshot is consistent (In = Out + Buffered,
// counters never go back), and the final one is exact.
func TestStatsConsistentUnderConcurrency(t *testing.T) {
	noLeak(t)
	const writers, n = 4, 20_000
	r, w := NewPipe[int](HighWaterMark(8))
	ctx := context.Background()
	stop := make(chan struct{})
	var scrapers, producers sync.WaitGroup
	for range 2 {
		scrapers.Go(func() {
			var last Stats
			for {
				select {
				case <-stop:
					return
				default:
				}
				s := r.Stats()
				if s.Out > s.In || s.In-s.Out != int64(s.Buffered) || s.Buffered > s.Limit ||
					s.HighWaterMark != 8 || s.Limit != 8*DefaultLimitFactor ||
					s.In < last.In || s.Out < last.Out || s.MarkReached < last.MarkReached ||
					s.Waits < last.Waits || s.DrainWait < last.DrainWait {
					t.Errorf("inconsistent Stats %+v after %+v", s, last)
					return
				}
				last = s
				runtime.Gosched() // a scraper, not a spinner: with GOMAXPROCS=1 it would starve the pipe
			}
		})
	}
	for range writers {
		producers.Go(func() {
			for i := range n {
				if err := w.Send(ctx, i); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	go func() {
		producers.Wait()
		w.Close()
	}()
	got := 0
	for range r.All(ctx) {
		got++
	}
	close(stop)
	scrapers.Wait()
	s := w.Stats()
	if got != writers*n || s.In != writers*n || s.Out != writers*n || s.Buffered != 0 {
		t.Fatalf("got %d, Stats %+v", got, s)
	}
	if s.MarkReached == 0 || s.Waits == 0 || s.DrainWait <= 0 {
		t.Fatalf("Stats %+v: %d items through a mark of 8 never reached it or never waited", s, got)
	}
}

func TestPipelineStats(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	m := Map(p, count(p, 100), double)
	var got []int
	collect(p, m, &got)
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	st := p.Stats()
	if len(st) != 3 || st[0].Stage != "Source (stage 1)" || st[1].Stage != "Map (stage 2)" || st[2].Stage != "Sink (stage 3)" {
		t.Fatalf("Stats = %+v", st)
	}
	if st[0].Output.In != 100 || st[1].Output.Out != 100 || st[2].Output != (Stats{}) {
		t.Fatalf("Stats = %+v", st)
	}
}

func TestBreakUnblocksPipelineWriter(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	out := Map(p, count(p, 1_000_000), double)
	for v := range out.All(context.Background()) {
		if v == 20 {
			break // the consumer outside the pipeline gives up
		}
	}
	if err := p.Wait(); !errors.Is(err, ErrDestroyed) {
		t.Fatalf("Wait = %v, want ErrDestroyed: the map's output was destroyed", err)
	}
}

// The error docs/flowrt.md shows in "When the producer ignores
// backpressure" is the one a default pipe really reports.
func TestOverflowMessageInTheGuide(t *testing.T) {
	noLeak(t)
	_, w := NewPipe[int]()
	for i := range 1025 {
		w.Write(i) //flowvet:ignore backpressure the bug under test
	}
	msg := w.Err().Error()
	doc, err := os.ReadFile("../docs/flowrt.md")
	if err != nil {
		t.Skip("docs/flowrt.md not found:", err)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(doc)), " "), msg) {
		t.Fatalf("docs/flowrt.md does not show the overflow error a default pipe reports:\n%s", msg)
	}
}
