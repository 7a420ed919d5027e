package flowrt_test

import (
	"context"
	"expvar"
	"fmt"
	"strings"

	"github.com/flowvet/flowvet/flowrt"
)

// Exporting a pipeline's state with expvar from the standard library: the
// published value is read on every scrape of /debug/vars, while the
// pipeline runs.
func ExamplePipeline_Stats() {
	p := flowrt.NewPipeline(context.Background())
	nums := flowrt.Source(p, func(ctx context.Context, w *flowrt.Writer[int]) error {
		for i := range 1000 {
			if err := w.Send(ctx, i); err != nil {
				return err
			}
		}
		return nil
	})
	odd := flowrt.Map(p, nums, func(ctx context.Context, n int) (bool, error) { return n%2 == 1, nil })
	flowrt.Sink(p, odd, func(ctx context.Context, r *flowrt.Reader[bool]) error {
		for range r.All(ctx) {
		}
		return r.Err()
	})

	expvar.Publish("pipeline", expvar.Func(func() any { return p.Stats() }))

	if err := p.Wait(); err != nil {
		fmt.Println("error:", err)
	}
	for _, s := range p.Stats() {
		fmt.Printf("%s: in %d, out %d, mark %d, limit %d\n",
			s.Stage, s.Output.In, s.Output.Out, s.Output.HighWaterMark, s.Output.Limit)
	}
	fmt.Println(strings.Contains(expvar.Get("pipeline").String(), `"Stage":"Map (stage 2)"`))
	// Output:
	// Source (stage 1): in 1000, out 1000, mark 16, limit 1024
	// Map (stage 2): in 1000, out 1000, mark 16, limit 1024
	// Sink (stage 3): in 0, out 0, mark 0, limit 0
	// true
}
