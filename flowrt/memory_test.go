package flowrt

import (
	"context"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

// liveHeap returns the bytes of heap objects that a full collection found
// live (not HeapAlloc, which also counts what other goroutines allocated
// since the collection).
func liveHeap() uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestBoundedMemory pushes 256 MiB of fresh 64 KiB chunks through a 1 MiB
// byte pipe into a slow consumer: the live heap must stay within a few MiB
// of the mark, however much flows.
//
// The heap is measured at the pipe's fullest: the consumer pauses now and
// then, the producer fills the pipe to its mark and parks in Send, and the
// consumer then collects, with the buffer at the mark and its own last
// batch still in hand (the producer, the only goroutine that allocates, is
// parked). The producer also measures now and then, between two Sends.
func TestBoundedMemory(t *testing.T) {
	noLeak(t)
	const (
		total = 256 << 20
		chunk = 64 << 10
		mark  = 1 << 20
		slack = 4 << 20 // the reader's batch (up to the mark), the chunk in hand, test overhead
	)
	base := liveHeap()
	r, w := NewBytePipe(HighWaterMark(mark))
	ctx := context.Background()
	errc := make(chan error, 1)
	var producerPeak uint64 // written by the producer, read after errc
	go func() {
		for i := range total / chunk {
			if i%128 == 0 {
				producerPeak = max(producerPeak, liveHeap())
			}
			if err := w.Send(ctx, make([]byte, chunk)); err != nil {
				errc <- err
				return
			}
		}
		errc <- w.Close()
	}()
	var (
		got      uint64
		n        int
		fullPeak uint64 // measured by the consumer with the pipe at its mark
		full     int    // how many of those measurements
	)
	for c := range r.All(ctx) {
		got += uint64(len(c))
		n++
		if n%64 == 0 {
			time.Sleep(time.Millisecond) // a slow consumer
			r.p.mu.Lock()
			atMark := r.p.drainCondN+r.p.drainWaiters > 0 && r.p.size >= mark
			r.p.mu.Unlock()
			if atMark {
				full++
				fullPeak = max(fullPeak, liveHeap())
			}
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if got != total {
		t.Fatalf("got %d bytes, want %d", got, total)
	}
	if full == 0 {
		t.Fatal("the heap was never measured with the pipe at its mark")
	}
	growth := int64(max(fullPeak, producerPeak)) - int64(base)
	t.Logf("live heap: base %.1f MiB; growth %.1f MiB at the fullest (%d samples with the pipe at its mark), %.1f MiB between Sends; %d MiB streamed through a %d MiB mark",
		float64(base)/(1<<20), (float64(fullPeak)-float64(base))/(1<<20), full,
		(float64(producerPeak)-float64(base))/(1<<20), total>>20, mark>>20)
	if growth > mark+slack {
		t.Fatalf("live heap grew by %d bytes, more than the mark (%d) + %d", growth, mark, slack)
	}
}

// The steady path allocates nothing per item: Write and Read on an item
// pipe; Write, Read and Drain on a byte pipe; a pipeline source → Map →
// Map (also with Workers) → sink, whose fixed cost (goroutines, pipes,
// contexts) is spread over many items.
func TestNoAllocationPerItem(t *testing.T) {
	noLeak(t)
	ctx := context.Background()
	r, w := NewPipe[int](HighWaterMark(64))
	step := func() {
		for i := range 64 {
			w.Write(i) //flowvet:ignore backpressure drained by the reads below
		}
		for range 64 {
			if _, err := r.Read(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	step() // the two slices grow once
	if a := testing.AllocsPerRun(100, step); a != 0 {
		t.Errorf("64 Writes + 64 Reads: %.1f allocations, want 0", a)
	}

	br, bw := NewBytePipe()
	chunk := make([]byte, 64<<10)
	bstep := func() {
		if bw.Write(chunk) { // a 64 KiB chunk reaches the default mark
			t.Fatal("Write = true")
		}
		if _, err := br.Read(ctx); err != nil {
			t.Fatal(err)
		}
		if err := bw.Drain(ctx); err != nil { // empty: returns at once
			t.Fatal(err)
		}
	}
	bstep()
	if a := testing.AllocsPerRun(100, bstep); a != 0 {
		t.Errorf("byte pipe Write + Read + Drain: %.1f allocations, want 0", a)
	}

	for _, workers := range []int{1, 4} {
		const n = 200_000
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		p := NewPipeline(ctx)
		src := Source(p, func(ctx context.Context, w *Writer[int]) error {
			for i := range n {
				if err := w.Send(ctx, i); err != nil {
					return err
				}
			}
			return nil
		})
		m := Map(p, Map(p, src, double, Workers(workers)), inc)
		sum := 0
		Sink(p, m, func(ctx context.Context, r *Reader[int]) error {
			for v := range r.All(ctx) {
				sum += v
			}
			return r.Err()
		})
		if err := p.Wait(); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		if sum != n*n {
			t.Fatalf("sum %d", sum)
		}
		perItem := float64(after.Mallocs-before.Mallocs) / n
		t.Logf("pipeline with Workers(%d): %d allocations for %d items", workers, after.Mallocs-before.Mallocs, n)
		if perItem > 0.01 {
			t.Errorf("pipeline with Workers(%d): %.3f allocations per item, want none on the steady path", workers, perItem)
		}
	}
}
