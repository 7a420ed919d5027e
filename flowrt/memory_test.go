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
func TestBoundedMemory(t *testing.T) {
	const (
		total = 256 << 20
		chunk = 64 << 10
		mark  = 1 << 20
		slack = 4 << 20 // the reader's batch, the chunk in hand, test overhead
	)
	base := liveHeap()
	r, w := NewBytePipe(HighWaterMark(mark))
	ctx := context.Background()
	errc := make(chan error, 1)
	var peak uint64 // written by the producer, read after errc
	go func() {
		for i := range total / chunk {
			if i%128 == 0 {
				// Measure here: the producer is the only goroutine that
				// allocates, so nothing is allocated during the collection.
				peak = max(peak, liveHeap())
			}
			if err := w.Send(ctx, make([]byte, chunk)); err != nil {
				errc <- err
				return
			}
		}
		errc <- w.Close()
	}()
	var got uint64
	n := 0
	for c := range r.All(ctx) {
		got += uint64(len(c))
		n++
		if n%64 == 0 {
			time.Sleep(time.Millisecond) // a slow consumer
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
	growth := int64(peak) - int64(base)
	t.Logf("live heap: base %.1f MiB, peak %.1f MiB, growth %.1f MiB for %d MiB streamed through a %d MiB mark",
		float64(base)/(1<<20), float64(peak)/(1<<20), float64(growth)/(1<<20), total>>20, mark>>20)
	if growth > mark+slack {
		t.Fatalf("live heap grew by %d bytes, more than the mark (%d) + %d", growth, mark, slack)
	}
}
