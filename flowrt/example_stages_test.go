package flowrt_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/flowvet/flowvet/flowrt"
)

// printAll is a Sink that prints every item on one line.
func printAll[T any](p *flowrt.Pipeline, in *flowrt.Reader[T]) {
	flowrt.Sink(p, in, func(ctx context.Context, r *flowrt.Reader[T]) error {
		for v := range r.All(ctx) {
			fmt.Print(v, " ")
		}
		fmt.Println()
		return r.Err()
	})
}

// Node's Readable.from(array): a source of the items of a slice, written
// a run at a time.
func ExampleFromSlice() {
	p := flowrt.NewPipeline(context.Background())
	words := flowrt.FromSlice(p, []string{"to", "be", "or", "not"})
	upper := flowrt.Map(p, words, func(_ context.Context, s string) (string, error) {
		return strings.ToUpper(s), nil
	})
	printAll(p, upper)
	if err := p.Wait(); err != nil {
		fmt.Println("error:", err)
	}
	// Output: TO BE OR NOT
}

// Node's Readable.from(iterable): a source of an iterator's values. When
// the pipeline fails, the iterator is stopped, so its cleanup runs.
func ExampleFromSeq() {
	ages := map[string]int{"ada": 36, "alan": 41, "grace": 85}
	p := flowrt.NewPipeline(context.Background())
	names := flowrt.FromSeq(p, slices.Values(slices.Sorted(maps.Keys(ages))))
	printAll(p, names)
	if err := p.Wait(); err != nil {
		fmt.Println("error:", err)
	}
	// Output: ada alan grace
}

// Fan-in: every item of every input, each input in its own order.
func ExampleMerge() {
	p := flowrt.NewPipeline(context.Background())
	evens := flowrt.FromSlice(p, []int{0, 2, 4, 6})
	odds := flowrt.FromSlice(p, []int{1, 3, 5, 7})
	var all []int
	flowrt.Sink(p, flowrt.Merge(p, evens, odds), func(ctx context.Context, r *flowrt.Reader[int]) error {
		for v := range r.All(ctx) {
			all = append(all, v)
		}
		return r.Err()
	})
	if err := p.Wait(); err != nil {
		fmt.Println("error:", err)
	}
	slices.Sort(all) // the inputs interleave as they come
	fmt.Println(all)
	// Output: [0 1 2 3 4 5 6 7]
}

// Fan-out: both branches get every item, in order; the slower one holds
// the faster one back.
func ExampleTee() {
	p := flowrt.NewPipeline(context.Background())
	nums := flowrt.FromSlice(p, []int{1, 2, 3, 4})
	toSum, toCount := flowrt.Tee(p, nums)
	sum, n := 0, 0
	flowrt.Sink(p, toSum, func(ctx context.Context, r *flowrt.Reader[int]) error {
		for v := range r.All(ctx) {
			sum += v
		}
		return r.Err()
	})
	flowrt.Sink(p, toCount, func(ctx context.Context, r *flowrt.Reader[int]) error {
		for range r.All(ctx) {
			n++
		}
		return r.Err()
	})
	if err := p.Wait(); err != nil {
		fmt.Println("error:", err)
	}
	fmt.Println("sum", sum, "count", n)
	// Output: sum 10 count 4
}

// SendAll writes a batch with one lock per run that fits below the mark,
// waiting only when the buffer reaches it.
func ExampleWriter_SendAll() {
	p := flowrt.NewPipeline(context.Background())
	rows := flowrt.Source(p, func(ctx context.Context, w *flowrt.Writer[string]) error {
		for page := range 3 {
			batch := []string{fmt.Sprint("p", page, "a"), fmt.Sprint("p", page, "b")} // e.g. one page of a paged API
			if err := w.SendAll(ctx, batch); err != nil {
				return err
			}
		}
		return nil
	}, flowrt.HighWaterMark(3))
	printAll(p, rows)
	if err := p.Wait(); err != nil {
		fmt.Println("error:", err)
	}
	// Output: p0a p0b p1a p1b p2a p2b
}

// return w.CloseWithError(err) both fails the stream (the reader gets err)
// and returns err to the caller.
func ExampleWriter_CloseWithError() {
	r, w := flowrt.NewPipe[string]()
	produce := func() error {
		w.Write("header") //flowvet:ignore backpressure one item below the mark
		if err := errors.New("disk full"); err != nil {
			return w.CloseWithError(err)
		}
		return w.Close()
	}
	fmt.Println("produce:", produce())
	_, err := r.Read(context.Background())
	fmt.Println("reader:", err)
	// Output:
	// produce: disk full
	// reader: disk full
}

// Ready waits for data in a select, beside other events: here a
// heartbeat while a slow producer computes.
func ExampleReader_Ready() {
	r, w := flowrt.NewPipe[string]()
	go func() {
		time.Sleep(30 * time.Millisecond) // a slow producer
		w.Write("result")                 //flowvet:ignore backpressure one item below the mark
		w.Close()
	}()
	heartbeat := time.NewTicker(10 * time.Millisecond)
	defer heartbeat.Stop()
	beats := 0 // how many depends on the machine's load
	ctx := context.Background()
	for {
		select {
		case <-r.Ready():
			v, err := r.Read(ctx) // returns at once
			if err != nil {
				fmt.Println("end:", err)
				return
			}
			fmt.Println("got", v)
		case <-heartbeat.C:
			beats++ // e.g. report progress, flush a partial batch
		}
	}
	// Output:
	// got result
	// end: EOF
}

// feed is a push source, like a message-queue client: it calls its
// handler from its own goroutine, and can be paused and resumed.
type feed struct {
	mu     sync.Mutex
	cond   sync.Cond
	paused bool
	pauses int
}

func newFeed() *feed {
	f := &feed{}
	f.cond.L = &f.mu
	return f
}

func (f *feed) Pause() {
	f.mu.Lock()
	f.paused = true
	f.pauses++
	f.mu.Unlock()
}

func (f *feed) Resume() {
	f.mu.Lock()
	f.paused = false
	f.cond.Broadcast()
	f.mu.Unlock()
}

// Run delivers the messages 1..n to handle, one at a time, waiting while
// the feed is paused.
func (f *feed) Run(n int, handle func(int)) {
	for i := 1; i <= n; i++ {
		f.mu.Lock()
		for f.paused {
			f.cond.Wait()
		}
		f.mu.Unlock()
		handle(i)
	}
}

// A push source (a callback API that cannot block) feeds a pipeline with
// TryWrite: when the pipe is full, the callback keeps the message, pauses
// the subscription and tells the stage, which drains, writes the message
// and resumes. No message is dropped, and memory stays within the mark.
func ExampleWriter_TryWrite() {
	f := newFeed()
	p := flowrt.NewPipeline(context.Background())
	msgs := flowrt.Source(p, func(ctx context.Context, w *flowrt.Writer[int]) error {
		var (
			mu   sync.Mutex
			held []int                    // the message TryWrite did not take
			full = make(chan struct{}, 1) // the callback paused the feed
			done = make(chan struct{})    // the feed delivered everything
			bad  error                    // the stream failed under the callback
		)
		go func() {
			defer close(done)
			f.Run(20, func(m int) {
				mu.Lock()
				defer mu.Unlock()
				if bad != nil {
					return
				}
				accepted, err := w.TryWrite(m)
				switch {
				case err != nil:
					bad = err
				case !accepted:
					held = append(held, m)
					f.Pause() // no more calls until Resume
					full <- struct{}{}
				}
			})
		}()
		for {
			select {
			case <-full:
				if err := w.Drain(ctx); err != nil {
					f.Resume() // let the feed run out; the callback sees the failure
					<-done
					return err
				}
				mu.Lock()
				err := w.SendAll(ctx, held)
				held = held[:0]
				mu.Unlock()
				if err != nil {
					f.Resume()
					<-done
					return err
				}
				f.Resume()
			case <-done:
				// The feed ended: a message it held at the very end
				// is still to write.
				if bad != nil {
					return bad
				}
				return w.SendAll(ctx, held)
			}
		}
	}, flowrt.HighWaterMark(4))
	sum := 0
	flowrt.Sink(p, msgs, func(ctx context.Context, r *flowrt.Reader[int]) error {
		for m := range r.All(ctx) {
			sum += m
			time.Sleep(time.Millisecond) // a slower consumer: the feed gets paused
		}
		return r.Err()
	})
	if err := p.Wait(); err != nil {
		fmt.Println("error:", err)
	}
	fmt.Println("sum:", sum, "paused:", f.pauses > 0)
	// Output: sum: 210 paused: true
}
