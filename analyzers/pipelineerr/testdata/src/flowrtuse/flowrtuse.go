package flowrtuse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"

	"github.com/flowvet/flowvet/flowrt"
)

func numbers(ctx context.Context, w *flowrt.Writer[int]) error {
	for i := 0; i < 10; i++ {
		w.Send(ctx, i) // want `the error of w.Send is discarded \(statement\)`
	}
	return nil
}

func numbersOK(ctx context.Context, w *flowrt.Writer[int]) error {
	for i := 0; i < 10; i++ {
		if err := w.Send(ctx, i); err != nil {
			return err
		}
	}
	return nil
}

func drains(ctx context.Context, w *flowrt.Writer[int]) {
	if !w.Write(1) {
		w.Drain(ctx) // want `the error of w.Drain is discarded \(statement\)`
	}
	defer w.Drain(ctx) // want `the error of w.Drain is discarded \(defer\)`
	go w.Send(ctx, 2)  // want `the error of w.Send is discarded \(go\)`
	_ = w.Drain(ctx)   // a written decision: silent
	err := w.Drain(ctx)
	fmt.Println(err)
}

func reads(ctx context.Context, r *flowrt.Reader[int]) int {
	sum := 0
	for i := 0; i < 3; i++ {
		v, _ := r.Read(ctx) // want `the error of r.Read is discarded`
		sum += v
	}
	r.Read(ctx)        // want `the item and error of r.Read are discarded \(statement\)`
	_, _ = r.Read(ctx) // skipping one item on purpose: silent
	for {
		v, err := r.Read(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Print(err)
			break
		}
		sum += v
	}
	return sum
}

func stage(ctx context.Context, r *flowrt.Reader[int], w *flowrt.Writer[string]) error {
	for {
		v, err := r.Read(ctx)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		w.Send(ctx, fmt.Sprint(v)) // want `the error of w.Send is discarded`
	}
}

// ---- Pipeline.Wait ----

func neverWaited(ctx context.Context) {
	p := flowrt.NewPipeline(ctx) // want `pipeline p is never waited for`
	src := flowrt.Source(p, numbersOK)
	flowrt.Sink(p, src, func(ctx context.Context, r *flowrt.Reader[int]) error { return nil })
}

func waitDropped(ctx context.Context) {
	p := flowrt.NewPipeline(ctx)
	src := flowrt.Source(p, numbersOK)
	flowrt.Sink(p, src, func(ctx context.Context, r *flowrt.Reader[int]) error { return nil })
	p.Wait() // want `the error of p.Wait\(\) is discarded \(statement\)`
}

func waitDeferred(ctx context.Context) {
	p := flowrt.NewPipeline(ctx)
	defer p.Wait() // want `the error of p.Wait\(\) is discarded \(defer\)`
	flowrt.Source(p, numbersOK)
}

func waitOK(ctx context.Context, in io.Reader, out io.Writer) error {
	p := flowrt.NewPipeline(ctx)
	data := flowrt.FromReader(p, in)
	flowrt.ToWriter(p, data, out)
	return p.Wait()
}

func waitChecked(ctx context.Context) {
	p := flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	if err := p.Wait(); err != nil {
		log.Fatal(err)
	}
}

func waitBlank(ctx context.Context) {
	p := flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	_ = p.Wait() // a written decision: silent
}

func waitInGoroutine(ctx context.Context, errc chan<- error) {
	p := flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	go func() { errc <- p.Wait() }()
}

// Handed on: the caller waits.
func returned(ctx context.Context) *flowrt.Pipeline {
	p := flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	return p
}

type runner struct{ p *flowrt.Pipeline }

func stored(ctx context.Context, r *runner) {
	p := flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	r.p = p
}

func passed(ctx context.Context) {
	p := flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	waitFor(p)
}

func waitFor(p *flowrt.Pipeline) { _ = p.Wait() }

func sent(ctx context.Context, ch chan *flowrt.Pipeline) {
	p := flowrt.NewPipeline(ctx)
	ch <- p
}

// ---- Reader.All ----

func allNoErr(ctx context.Context) int {
	r, w := flowrt.NewPipe[int]()
	go func() {
		defer w.Close()
		for i := 0; i < 3; i++ {
			if err := w.Send(ctx, i); err != nil {
				w.CloseWithError(err)
				return
			}
		}
	}()
	sum := 0
	for v := range r.All(ctx) { // want `r.All ends the same way on a clean end of stream and on a failure, and r.Err\(\) is never checked`
		sum += v
	}
	return sum
}

func allErr(ctx context.Context) (int, error) {
	r, w := flowrt.NewPipe[int]()
	go func() {
		defer w.Close()
		_ = w.Send(ctx, 1)
	}()
	sum := 0
	for v := range r.All(ctx) {
		sum += v
	}
	return sum, r.Err()
}

func allEscapes(ctx context.Context) int {
	r, w := flowrt.NewPipe[int]()
	go produce(ctx, w)
	defer check(r)
	sum := 0
	for v := range r.All(ctx) {
		sum += v
	}
	return sum
}

func produce(ctx context.Context, w *flowrt.Writer[int]) {}
func check(r *flowrt.Reader[int])                        {}

// In a stage the pipeline reports the upstream error: silent.
func sinkStage(ctx context.Context, r *flowrt.Reader[int]) error {
	for v := range r.All(ctx) {
		_ = v
	}
	return nil
}

// ---- Wait on some paths only ----

func earlyReturn(ctx context.Context, skip bool) error {
	p := flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	if skip {
		return nil // want `this path returns without p.Wait\(\): the pipeline's stage goroutines may still run and their error is lost`
	}
	return p.Wait()
}

func noResult(ctx context.Context, skip bool) {
	p := flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	if skip {
		return // want `this path returns without p.Wait\(\)`
	}
	if err := p.Wait(); err != nil {
		log.Print(err)
	}
}

// A path that returns an error has told its caller: silent.
func errorReturn(ctx context.Context, bad bool) error {
	p := flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	if bad {
		return errors.New("bad input")
	}
	return p.Wait()
}

// Paths that do not return: silent.
func fatal(ctx context.Context, bad bool) error {
	p := flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	if bad {
		log.Fatal("bad input")
	}
	return p.Wait()
}

// A bare return of a named error: cannot tell what it returns. Silent.
func named(ctx context.Context, bad bool) (err error) {
	p := flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	if bad {
		err = errors.New("bad")
		return
	}
	return p.Wait()
}

// Wait in a loop, a defer, or a goroutine on every path: silent.
func waitsInSelect(ctx context.Context) error {
	var p = flowrt.NewPipeline(ctx)
	flowrt.Source(p, numbersOK)
	errc := make(chan error, 1)
	go func() { errc <- p.Wait() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return nil
	}
}
