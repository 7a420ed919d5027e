package flowrt_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/flowvet/flowvet/flowrt"
)

// A producer that respects backpressure: Write never blocks, and returns
// false when the buffer reaches the high-water mark; Drain then waits
// until the reader has taken everything.
func ExampleNewPipe() {
	ctx := context.Background()
	r, w := flowrt.NewPipe[string](flowrt.HighWaterMark(2))

	go func() {
		for _, s := range []string{"a", "b", "c", "d", "e"} {
			if !w.Write(s) {
				if err := w.Drain(ctx); err != nil {
					return
				}
			}
		}
		w.Close() // the reader gets every item, then io.EOF
	}()

	for s := range r.All(ctx) {
		fmt.Print(s, " ")
	}
	if err := r.Err(); err != nil {
		fmt.Println("error:", err)
	}
	fmt.Println()
	// Output: a b c d e
}

// Send is Write plus Drain when needed: the blocking write that is
// always correct.
func ExampleWriter_Send() {
	ctx := context.Background()
	r, w := flowrt.NewPipe[int]()
	go func() {
		for i := range 3 {
			if err := w.Send(ctx, i); err != nil {
				w.CloseWithError(err) // the reader learns why the stream ended early
				return
			}
		}
		w.Close() // the reader gets every item, then io.EOF
	}()
	for {
		v, err := r.Read(ctx)
		if err == io.EOF {
			break
		}
		fmt.Println(v)
	}
	// Output:
	// 0
	// 1
	// 2
}

// Drained is Drain for a select: here the producer reports progress on
// every tick while it waits. The select sits in a loop that ends only when
// the drain came: after a tick the buffer is still full, and writing on
// would ignore Write's false.
func ExampleWriter_Drained() {
	ctx := context.Background()
	r, w := flowrt.NewPipe[int](flowrt.HighWaterMark(4))
	sum := make(chan int)
	go func() { // a slow consumer
		s := 0
		for v := range r.All(ctx) {
			time.Sleep(100 * time.Microsecond)
			s += v
		}
		sum <- s
	}()

	ticker := time.NewTicker(200 * time.Microsecond)
	defer ticker.Stop()
	ticks := 0
	produce := func() error {
		for v := range 100 {
			if !w.Write(v) {
				for drained := false; !drained; {
					select {
					case <-w.Drained():
						if err := w.Err(); err != nil {
							return err // the stream failed: stop writing
						}
						drained = true // the buffer is empty: write on
					case <-ticker.C:
						ticks++ // still full: report, and wait again
					case <-ctx.Done():
						return ctx.Err()
					}
				}
			}
			if n := w.Buffered(); n > 4 {
				return fmt.Errorf("%d items buffered over a mark of 4", n)
			}
		}
		return w.Close()
	}
	err := produce()
	if err != nil {
		w.CloseWithError(err) // the consumer stops too
	}
	fmt.Println("produce:", err)
	fmt.Println("sum:", <-sum)
	// Output:
	// produce: <nil>
	// sum: 4950
}

// A pipeline: a source, two maps (one with four ordered workers) and a
// sink, each in its own goroutine. Wait returns the first error, after
// every stage has returned.
func ExampleNewPipeline() {
	p := flowrt.NewPipeline(context.Background())
	nums := flowrt.Source(p, func(ctx context.Context, w *flowrt.Writer[int]) error {
		for i := 1; i <= 5; i++ {
			if err := w.Send(ctx, i); err != nil {
				return err
			}
		}
		return nil // closes w
	})
	squares := flowrt.Map(p, nums, func(ctx context.Context, n int) (int, error) {
		return n * n, nil
	})
	labels := flowrt.Map(p, squares, func(ctx context.Context, n int) (string, error) {
		return fmt.Sprintf("<%d>", n), nil
	}, flowrt.Workers(4))
	flowrt.Sink(p, labels, func(ctx context.Context, r *flowrt.Reader[string]) error {
		for s := range r.All(ctx) {
			fmt.Print(s)
		}
		return r.Err()
	})
	if err := p.Wait(); err != nil {
		fmt.Println("error:", err)
	}
	fmt.Println()
	// Output: <1><4><9><16><25>
}

// Node's pipeline(fs.createReadStream(in), zlib.createGzip(),
// fs.createWriteStream(out)) in Go: one error to check. With files, in is
// an *os.File from os.Open and out one from os.Create (check its Close
// error too).
func ExampleEncode() {
	in := strings.NewReader(strings.Repeat("flowrt ", 1000))
	var out bytes.Buffer

	p := flowrt.NewPipeline(context.Background())
	src := flowrt.FromReader(p, in)
	gz := flowrt.Encode(p, src, func(w io.Writer) io.WriteCloser { return gzip.NewWriter(w) })
	flowrt.ToWriter(p, gz, &out)
	if err := p.Wait(); err != nil {
		fmt.Println("error:", err)
		return
	}

	compressed := out.Len()
	zr, _ := gzip.NewReader(&out)
	plain, _ := io.ReadAll(zr)
	fmt.Printf("%d bytes in, under 1%% out: %v, round trip ok: %v\n",
		len(plain), compressed < 70, string(plain) == strings.Repeat("flowrt ", 1000))
	// Output: 7000 bytes in, under 1% out: true, round trip ok: true
}
