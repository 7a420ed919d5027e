package flowrtuse

import (
	"context"
	"testing"

	"github.com/flowvet/flowvet/flowrt"
)

// Tests poke the API on purpose and judge the outcome by assertions: the
// unchecked-error rules stay silent here.
func TestPoke(t *testing.T) {
	ctx := context.Background()
	r, w := flowrt.NewPipe[int]()
	w.Write(1)
	r.Read(ctx)
	v, _ := r.Read(ctx)
	_ = v
	w.Send(ctx, 2)
	for range r.All(ctx) {
	}
	p := flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	p.Wait()
}
