package flowrt

import (
	"context"
	"io"
	"sync"
	"testing"
	"time"
)

// The benchmarks compare, in one run, a 3-stage pipeline (source → map →
// map → sink) of b.N ints written with flowrt, with plain goroutines and
// chan int of capacity 64, and in the errgroup style (a WaitGroup, the
// first error kept, a context checked on every send: what
// golang.org/x/sync/errgroup code does, written out by hand so the module
// needs no extra dependency). ns/op is ns per item, cpu-ns/op the CPU time
// of the whole process per item (see reportCPU).
//
//	go test -run '^$' -bench . -benchmem -benchtime 1000000x -count 5 ./flowrt/

// reportCPU adds the metric cpu-ns/op: the CPU time (user + system, all
// threads) the process used per item since start, which on a machine shared
// with other work is much steadier than the wall time. Call it as
// defer reportCPU(b, startCPU(b)).
func reportCPU(b *testing.B, start int64) {
	if end, ok := processCPU(); ok && start >= 0 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

// startCPU resets the timer and returns the process's CPU time so far, or
// -1 if it is not known.
func startCPU(b *testing.B) int64 {
	b.ResetTimer()
	t, ok := processCPU()
	if !ok {
		return -1
	}
	return t
}

func double(_ context.Context, v int) (int, error) { return v * 2, nil }
func inc(_ context.Context, v int) (int, error)    { return v + 1, nil }

func benchFlowrt(b *testing.B, opts ...Option) {
	b.ReportAllocs()
	defer reportCPU(b, startCPU(b))
	n := b.N
	p := NewPipeline(context.Background())
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		for i := range n {
			if !w.Write(i) {
				if err := w.Drain(ctx); err != nil {
					return err
				}
			}
		}
		return nil
	}, opts...)
	m1 := Map(p, src, double, opts...)
	m2 := Map(p, m1, inc, opts...)
	sum := sumAll(b, p, m2)
	if want := n * n; sum != want {
		b.Fatalf("sum %d, want %d", sum, want)
	}
}

func benchChan(b *testing.B) {
	b.ReportAllocs()
	defer reportCPU(b, startCPU(b))
	n := b.N
	src, m1, m2 := make(chan int, 64), make(chan int, 64), make(chan int, 64)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range n {
			src <- i
		}
		close(src)
	})
	wg.Go(func() {
		for v := range src {
			m1 <- v * 2
		}
		close(m1)
	})
	wg.Go(func() {
		for v := range m1 {
			m2 <- v + 1
		}
		close(m2)
	})
	var sum int
	for v := range m2 {
		sum += v
	}
	wg.Wait()
	if want := n * n; sum != want {
		b.Fatalf("sum %d, want %d", sum, want)
	}
}

// stageFuncs holds the two map functions for benchChanBatch, in a variable
// so that the compiler calls them through a func value, as flowrt's Map
// does, instead of inlining them.
var stageFuncs = []func(context.Context, int) (int, error){double, inc}

// benchChanBatch is the same pipeline as a performance-minded user would
// hand-write it with channels: slices of 64 items through channels of
// capacity 1, each hop recycling two buffers through a second channel (no
// allocation, at most 64 items in flight per hop beyond the one being
// worked on, like a mark of 64), the functions called through func values.
// No context, no error path, no overflow check, no statistics: the floor
// of a batched pipeline.
func benchChanBatch(b *testing.B) {
	b.ReportAllocs()
	defer reportCPU(b, startCPU(b))
	n := b.N
	hop := func() (full, free chan []int) {
		full, free = make(chan []int, 1), make(chan []int, 2)
		free <- make([]int, 0, 64)
		free <- make([]int, 0, 64)
		return full, free
	}
	src, srcFree := hop()
	m1, m1Free := hop()
	m2, m2Free := hop()
	var wg sync.WaitGroup
	wg.Go(func() {
		buf := <-srcFree
		for i := range n {
			buf = append(buf, i)
			if len(buf) == cap(buf) {
				src <- buf
				buf = (<-srcFree)[:0]
			}
		}
		if len(buf) > 0 {
			src <- buf
		}
		close(src)
	})
	stage := func(in <-chan []int, inFree chan<- []int, out chan<- []int, outFree <-chan []int, fn func(context.Context, int) (int, error)) {
		ctx := context.Background()
		for batch := range in {
			o := (<-outFree)[:0]
			for _, v := range batch {
				r, _ := fn(ctx, v)
				o = append(o, r)
			}
			inFree <- batch
			out <- o
		}
		close(out)
	}
	wg.Go(func() { stage(src, srcFree, m1, m1Free, stageFuncs[0]) })
	wg.Go(func() { stage(m1, m1Free, m2, m2Free, stageFuncs[1]) })
	var sum int
	for batch := range m2 {
		for _, v := range batch {
			sum += v
		}
		m2Free <- batch
	}
	wg.Wait()
	if want := n * n; sum != want {
		b.Fatalf("sum %d, want %d", sum, want)
	}
}

// group is errgroup.Group as golang.org/x/sync/errgroup writes it.
type group struct {
	wg     sync.WaitGroup
	once   sync.Once
	err    error
	cancel context.CancelFunc
}

func (g *group) Go(f func() error) {
	g.wg.Go(func() {
		if err := f(); err != nil {
			g.once.Do(func() { g.err = err; g.cancel() })
		}
	})
}

func (g *group) Wait() error { g.wg.Wait(); g.cancel(); return g.err }

func benchErrgroup(b *testing.B) {
	b.ReportAllocs()
	defer reportCPU(b, startCPU(b))
	n := b.N
	ctx, cancel := context.WithCancel(context.Background())
	g := &group{cancel: cancel}
	src, m1, m2 := make(chan int, 64), make(chan int, 64), make(chan int, 64)
	send := func(ch chan<- int, v int) error {
		select {
		case ch <- v:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	g.Go(func() error {
		defer close(src)
		for i := range n {
			if err := send(src, i); err != nil {
				return err
			}
		}
		return nil
	})
	g.Go(func() error {
		defer close(m1)
		for v := range src {
			if err := send(m1, v*2); err != nil {
				return err
			}
		}
		return nil
	})
	g.Go(func() error {
		defer close(m2)
		for v := range m1 {
			if err := send(m2, v+1); err != nil {
				return err
			}
		}
		return nil
	})
	var sum int
	g.Go(func() error {
		for v := range m2 {
			sum += v
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		b.Fatal(err)
	}
	if want := n * n; sum != want {
		b.Fatalf("sum %d, want %d", sum, want)
	}
}

// unguarded turns a pipe's guard rails (the limit check and the Stats
// counters) off, for the benchmark variants that measure what they cost.
// Only tests can: the shipped code always has them.
func unguarded() Option { return optionFunc(func(c *config) { c.unguarded = true }) }

func BenchmarkPipeline3Stage(b *testing.B) {
	b.Run("flowrt", func(b *testing.B) { benchFlowrt(b) })
	b.Run("flowrt-unguarded", func(b *testing.B) { benchFlowrt(b, unguarded()) })
	b.Run("flowrt-hwm64", func(b *testing.B) { benchFlowrt(b, HighWaterMark(64)) })
	b.Run("flowrt-hwm64-unguarded", func(b *testing.B) { benchFlowrt(b, HighWaterMark(64), unguarded()) })
	b.Run("chan64", benchChan)
	b.Run("chan-batch64", benchChanBatch)
	b.Run("errgroup", benchErrgroup)
}

const chunk64K = 64 << 10

// BenchmarkBytePipe moves b.N chunks of 64 KiB from one goroutine to
// another: flowrt's byte pipe passes them by reference, io.Pipe copies
// them into the reader's buffer.
func BenchmarkBytePipe(b *testing.B) {
	chunk := make([]byte, chunk64K)
	for _, guard := range []string{"", "-unguarded"} {
		b.Run("flowrt"+guard, func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b, startCPU(b))
			b.SetBytes(chunk64K)
			opts := []Option{}
			if guard != "" {
				opts = append(opts, unguarded())
			}
			r, w := NewBytePipe(opts...)
			ctx := context.Background()
			go func() {
				for range b.N {
					if err := w.Send(ctx, chunk); err != nil {
						break
					}
				}
				w.Close()
			}()
			var total int
			for {
				c, err := r.Read(ctx)
				if err != nil {
					break
				}
				total += len(c)
			}
			if total != b.N*chunk64K {
				b.Fatalf("read %d bytes", total)
			}
		})
	}
	b.Run("io.Pipe", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b, startCPU(b))
		b.SetBytes(chunk64K)
		pr, pw := io.Pipe()
		go func() {
			for range b.N {
				if _, err := pw.Write(chunk); err != nil {
					break
				}
			}
			pw.Close()
		}()
		buf := make([]byte, chunk64K)
		var total int
		for {
			n, err := pr.Read(buf)
			total += n
			if err != nil {
				break
			}
		}
		if total != b.N*chunk64K {
			b.Fatalf("read %d bytes", total)
		}
	})
}

// BenchmarkPipe measures one Write and one Read on a single goroutine:
// the steady-path cost and allocations of the pipe itself.
func BenchmarkPipe(b *testing.B) {
	b.ReportAllocs()
	defer reportCPU(b, startCPU(b))
	r, w := NewPipe[int](HighWaterMark(64))
	ctx := context.Background()
	for i := range b.N {
		w.Write(i) //flowvet:ignore backpressure drained by the Read below
		if _, err := r.Read(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStats measures one Stats snapshot, as a metrics scrape takes it,
// of a pipe that a writer and a reader are using at the same time.
func BenchmarkStats(b *testing.B) {
	r, w := NewPipe[int](HighWaterMark(64))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			if err := w.Send(ctx, i); err != nil {
				return
			}
		}
	}()
	go func() {
		for range r.All(ctx) {
		}
	}()
	b.ReportAllocs()
	b.ResetTimer()
	var s Stats
	for range b.N {
		s = w.Stats()
	}
	b.StopTimer()
	cancel()
	<-done
	w.Close()
	if s.HighWaterMark != 64 {
		b.Fatal(s)
	}
}

const chunk32K = 32 << 10

// BenchmarkIOPipe moves b.N writes of 32 KiB through IOWriter → IOReader
// and through io.Pipe, the alternative a user would pick, read two ways:
// io.Copy to io.Discard (IOReader's WriteTo hands the chunks over without
// a copy; io.Pipe's reader is read into io.Discard's 8 KiB buffer), and a
// plain Read loop with a 32 KiB buffer (IOWriter copies into the buffer of
// a Read that waits, as io.Pipe does, and into a chunk otherwise, which
// Read copies out again). "one-copy" is the floor of any Read loop: one
// copy of 32 KiB per write, on one goroutine.
//
// With -benchtime 32768x each moves 1 GiB.
func BenchmarkIOPipe(b *testing.B) {
	data := make([]byte, chunk32K)
	b.Run("one-copy", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(chunk32K)
		defer reportCPU(b, startCPU(b))
		buf := make([]byte, chunk32K)
		for range b.N {
			copy(buf, data)
		}
	})
	for _, read := range []string{"copy", "read"} {
		consume := func(b *testing.B, r io.Reader) int64 {
			if read == "copy" {
				n, err := io.Copy(io.Discard, r)
				if err != nil {
					b.Fatal(err)
				}
				return n
			}
			buf := make([]byte, chunk32K)
			var total int64
			for {
				n, err := r.Read(buf)
				total += int64(n)
				if err == io.EOF {
					return total
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		b.Run("flowrt-"+read, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(chunk32K)
			defer reportCPU(b, startCPU(b))
			ctx := context.Background()
			r, w := NewBytePipe()
			iw := IOWriter(ctx, w)
			go func() {
				for range b.N {
					if _, err := iw.Write(data); err != nil {
						break
					}
				}
				iw.Close()
			}()
			if n := consume(b, IOReader(ctx, r)); n != int64(b.N)*chunk32K {
				b.Fatalf("read %d bytes", n)
			}
		})
		b.Run("io.Pipe-"+read, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(chunk32K)
			defer reportCPU(b, startCPU(b))
			pr, pw := io.Pipe()
			go func() {
				for range b.N {
					if _, err := pw.Write(data); err != nil {
						break
					}
				}
				pw.Close()
			}()
			if n := consume(b, pr); n != int64(b.N)*chunk32K {
				b.Fatalf("read %d bytes", n)
			}
		})
	}
}

// sumAll adds a Sink that sums out, waits for the pipeline and returns
// the sum.
func sumAll(b *testing.B, p *Pipeline, out *Reader[int]) int {
	var sum int
	Sink(p, out, func(ctx context.Context, r *Reader[int]) error {
		for v := range r.All(ctx) {
			sum += v
		}
		return r.Err()
	})
	if err := p.Wait(); err != nil {
		b.Fatal(err)
	}
	return sum
}

// benchMap runs source → (a Map with opts, unless noMap) → sink over b.N
// ints: the per-item cost of a Map stage is the difference with noMap.
func benchMap(b *testing.B, noMap bool, opts ...Option) {
	b.ReportAllocs()
	defer reportCPU(b, startCPU(b))
	n := b.N
	p := NewPipeline(context.Background())
	out := count(p, n)
	if !noMap {
		out = Map(p, out, double, opts...)
	}
	sum := sumAll(b, p, out)
	want := n * (n - 1)
	if noMap {
		want /= 2
	}
	if sum != want {
		b.Fatalf("sum %d, want %d", sum, want)
	}
}

// benchChanWorkers is the same map on k goroutines in the channel style
// a user would write: a source goroutine, k workers reading one channel of
// capacity 64 and writing another, unordered, closed when all are done.
func benchChanWorkers(b *testing.B, k int, fn func(context.Context, int) (int, error)) {
	b.ReportAllocs()
	defer reportCPU(b, startCPU(b))
	n := b.N
	src, out := make(chan int, 64), make(chan int, 64)
	var wg, workers sync.WaitGroup
	wg.Go(func() {
		for i := range n {
			src <- i
		}
		close(src)
	})
	for range k {
		workers.Go(func() {
			for v := range src {
				r, _ := fn(context.Background(), v)
				out <- r
			}
		})
	}
	wg.Go(func() { workers.Wait(); close(out) })
	var sum int
	for v := range out {
		sum += v
	}
	wg.Wait()
	if want := n * (n - 1); sum != want {
		b.Fatalf("sum %d, want %d", sum, want)
	}
}

// BenchmarkMapWorkers: the cost per item of a Map on a trivial function,
// with one worker, Workers(4) ordered and unordered, and 4 channel
// workers; "source-sink" is the pipeline without the Map, to subtract.
func BenchmarkMapWorkers(b *testing.B) {
	b.Run("source-sink", func(b *testing.B) { benchMap(b, true) })
	b.Run("map", func(b *testing.B) { benchMap(b, false) })
	b.Run("workers4", func(b *testing.B) { benchMap(b, false, Workers(4)) })
	b.Run("workers4-unordered", func(b *testing.B) { benchMap(b, false, Workers(4), Unordered()) })
	b.Run("chan-workers4", func(b *testing.B) { benchChanWorkers(b, 4, double) })
}

// sleeper returns an I/O-bound function (a cache or a service): every
// call takes fast, one in every takes slow (none if every is 0).
func sleeper(fast, slow time.Duration, every int) func(context.Context, int) (int, error) {
	return func(_ context.Context, v int) (int, error) {
		d := fast
		if every > 0 && v%every == 0 {
			d = slow
		}
		time.Sleep(d)
		return v * 2, nil
	}
}

var (
	// lookup: most calls take 20 µs, one in 16 takes 400 µs.
	lookup = sleeper(20*time.Microsecond, 400*time.Microsecond, 16)
	// lookupSkewed: rarer and much slower slow calls, one in 32 of 5 ms.
	// (On a loaded machine a 20 µs sleep takes ~1 ms, so lookup's 400 µs
	// calls are no longer slow beside the others; these still are.)
	lookupSkewed = sleeper(20*time.Microsecond, 5*time.Millisecond, 32)
	// lookupEven: every call alike, 20 µs.
	lookupEven = sleeper(20*time.Microsecond, 0, 0)
)

// BenchmarkMapWorkersIO: the same stages on lookup, where the workers pay
// off: one worker, Workers(8) ordered (a slow call holds back the results
// after it) and unordered, and 8 channel workers; the same on
// lookupSkewed; then Workers(8) ordered and unordered on lookupEven, where
// no call holds others back. Run it with a small -benchtime (e.g. 5000x),
// or the default 1s.
func BenchmarkMapWorkersIO(b *testing.B) {
	run := func(b *testing.B, fn func(context.Context, int) (int, error), opts ...Option) {
		b.ReportAllocs()
		defer reportCPU(b, startCPU(b))
		n := b.N
		p := NewPipeline(context.Background())
		out := Map(p, count(p, n), fn, opts...)
		sum := sumAll(b, p, out)
		if want := n * (n - 1); sum != want {
			b.Fatalf("sum %d, want %d", sum, want)
		}
	}
	b.Run("map", func(b *testing.B) { run(b, lookup) })
	b.Run("workers8", func(b *testing.B) { run(b, lookup, Workers(8)) })
	b.Run("workers8-unordered", func(b *testing.B) { run(b, lookup, Workers(8), Unordered()) })
	b.Run("chan-workers8", func(b *testing.B) { benchChanWorkers(b, 8, lookup) })
	b.Run("skewed-workers8", func(b *testing.B) { run(b, lookupSkewed, Workers(8)) })
	b.Run("skewed-workers8-unordered", func(b *testing.B) { run(b, lookupSkewed, Workers(8), Unordered()) })
	b.Run("skewed-chan-workers8", func(b *testing.B) { benchChanWorkers(b, 8, lookupSkewed) })
	b.Run("even-workers8", func(b *testing.B) { run(b, lookupEven, Workers(8)) })
	b.Run("even-workers8-unordered", func(b *testing.B) { run(b, lookupEven, Workers(8), Unordered()) })
}
