package flowrt

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"sync"
)

// A Pipeline is a group of stages sharing one context. Each stage runs in
// its own goroutine and is joined to the next by a pipe. Add every stage,
// then call Wait once.
type Pipeline struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	wg     sync.WaitGroup

	// The stages' pipes park goroutines waiting with the pipeline's
	// context on conds, which a select cannot watch: when the context
	// ends, wakeAll wakes them (stopWake unregisters it; woken is closed
	// when it ran; unwake does both once, for Wait).
	stopWake func() bool
	woken    chan struct{}
	unwake   sync.Once

	mu     sync.Mutex
	err    error
	pipes  []destroyer
	stages []stageInfo
}

type stageInfo struct {
	name string
	out  stageOutput // nil for a Sink
}

// StageStats is the state of one stage of a Pipeline.
type StageStats struct {
	Stage  string // e.g. "Map (stage 2)", as errors name it
	Output Stats  // the stage's output pipe; zero for a Sink, which has none
}

// Stats returns the state of every stage's output pipe, in the order the
// stages were added. It may be called at any time from any goroutine, for
// example by a metrics scrape while the pipeline runs.
func (p *Pipeline) Stats() []StageStats {
	p.mu.Lock()
	stages := append([]stageInfo(nil), p.stages...)
	p.mu.Unlock()
	out := make([]StageStats, len(stages))
	for i, s := range stages {
		out[i].Stage = s.name
		if s.out != nil {
			out[i].Output = s.out.Stats()
		}
	}
	return out
}

type destroyer interface {
	destroy(error)
	wake()
}

// NewPipeline returns an empty pipeline whose stages get a context derived
// from ctx. Cancelling ctx stops the pipeline: Wait then returns ctx's
// error.
func NewPipeline(ctx context.Context) *Pipeline {
	ctx, cancel := context.WithCancelCause(ctx)
	p := &Pipeline{ctx: ctx, cancel: cancel, woken: make(chan struct{})}
	p.stopWake = context.AfterFunc(ctx, p.wakeAll)
	return p
}

// wakeAll wakes the goroutines parked in the stages' pipes when the
// pipeline's context ends, so that they see it.
func (p *Pipeline) wakeAll() {
	defer close(p.woken)
	p.mu.Lock()
	pipes := p.pipes
	p.mu.Unlock()
	for _, d := range pipes {
		d.wake()
	}
}

// Wait blocks until every stage goroutine has returned, and returns the
// first error: the error a stage returned, a *PanicError for a stage that
// panicked, ErrPrematureClose (wrapped) for a stage that returned nil
// before its input ended, or the context's error. A failure cancels the
// stages' context and destroys every pipe, so that the other stages stop;
// errors caused by that teardown (ErrDestroyed, context.Canceled) never
// replace the cause. Wait returns nil only when all data flowed.
func (p *Pipeline) Wait() error {
	p.wg.Wait()
	p.unwake.Do(func() {
		if !p.stopWake() {
			<-p.woken // no goroutine outlives Wait
		}
	})
	p.cancel(nil)
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// fail records err if it is the first (or outranks a stored teardown
// error) and tears the pipeline down: the failing stage's own output pipe
// (own, nil if none) is destroyed with err, every other pipe with
// ErrDestroyed. err is recorded first, so an error a later stage makes of
// it (wrapping what it read) cannot win.
func (p *Pipeline) fail(err error, own destroyer) {
	p.mu.Lock()
	first := p.err == nil
	if rank(err) > rank(p.err) {
		p.err = err
	}
	var pipes []destroyer
	if first {
		pipes = p.pipes
	}
	p.mu.Unlock()
	if first {
		p.cancel(err)
		for _, d := range pipes {
			if d == own {
				d.destroy(err)
			} else {
				d.destroy(ErrDestroyed)
			}
		}
	}
}

// newStagePipe makes a stage's output pipe and registers it for teardown.
func newStagePipe[T any](p *Pipeline, c config) (*Reader[T], *Writer[T]) {
	pp := newPipe[T](c, isBytes[T]())
	pp.quietDone = p.ctx.Done()
	p.mu.Lock()
	p.pipes = append(p.pipes, pp)
	failed := p.err != nil
	p.mu.Unlock()
	if failed {
		pp.destroy(ErrDestroyed)
	}
	return &Reader[T]{p: pp}, &Writer[T]{p: pp}
}

// stageInput is what a stage needs of its input Reader.
type stageInput interface {
	release(stage string) error
	Close() error
}

// stageOutput is what a stage needs of its output Writer.
type stageOutput interface {
	Close() error
	CloseWithError(error) error
	Stats() Stats
	pipe() destroyer
}

// start runs fn as a stage. in and out may be nil.
func (p *Pipeline) start(kind string, in stageInput, out stageOutput, fn func(ctx context.Context) error) {
	p.startNamed(p.name(kind, out), in, out, fn)
}

// name registers the next stage and returns its name, as errors show it.
func (p *Pipeline) name(kind string, out stageOutput) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	name := fmt.Sprintf("%s (stage %d)", kind, len(p.stages)+1)
	p.stages = append(p.stages, stageInfo{name: name, out: out})
	return name
}

func (p *Pipeline) startNamed(name string, in stageInput, out stageOutput, fn func(ctx context.Context) error) {
	p.wg.Go(func() {
		err := run(name, p.ctx, fn)
		if err == nil && in != nil {
			err = in.release(name)
		}
		if err != nil {
			// Record the cause before the teardown can produce errors
			// that would race with it.
			var own destroyer
			if out != nil {
				own = out.pipe()
			}
			p.fail(err, own)
			if out != nil {
				out.CloseWithError(err)
			}
			if in != nil {
				in.Close()
			}
			return
		}
		if out != nil {
			// A write after Close inside the stage, or a stream the
			// next stage destroyed, is reported here.
			if err := out.Close(); err != nil {
				p.fail(err, out.pipe())
			}
		}
	})
}

// run calls fn, turning a panic into a *PanicError.
func run(name string, ctx context.Context, fn func(context.Context) error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Stage: name, Value: v, Stack: debug.Stack()}
		}
	}()
	return fn(ctx)
}

// Source adds a stage that produces items with fn and returns the reader
// of its output. The writer is closed for fn when it returns nil, and
// destroyed with its error otherwise. Options: HighWaterMark and Limit of the output.
func Source[T any](p *Pipeline, fn func(ctx context.Context, w *Writer[T]) error, opts ...Option) *Reader[T] {
	r, w := newStagePipe[T](p, newConfig(opts))
	p.start("Source", nil, w, func(ctx context.Context) error { return fn(ctx, w) })
	return r
}

// Transform adds a stage with full control: fn reads in and writes w as it
// likes (filter, split, batch, flush at the end). It must read in to its
// end: returning nil earlier is reported as ErrPrematureClose. w is closed
// for fn when it returns nil, destroyed with its error otherwise.
// Options: HighWaterMark and Limit of the output.
func Transform[A, B any](p *Pipeline, in *Reader[A], fn func(ctx context.Context, r *Reader[A], w *Writer[B]) error, opts ...Option) *Reader[B] {
	r, w := newStagePipe[B](p, newConfig(opts))
	p.start("Transform", in, w, func(ctx context.Context) error { return fn(ctx, in, w) })
	return r
}

// Sink adds a stage that consumes in with fn. It must read in to its end:
// returning nil earlier is reported as ErrPrematureClose (to stop early on
// purpose, return an error of your own and test for it after Wait).
func Sink[T any](p *Pipeline, in *Reader[T], fn func(ctx context.Context, r *Reader[T]) error) {
	p.start("Sink", in, nil, func(ctx context.Context) error { return fn(ctx, in) })
}

// Map adds a stage that turns each item of in into one item of its output.
// An error from fn stops the pipeline. Results are handed downstream a
// batch at a time, with no allocation per item.
//
// Options: HighWaterMark and Limit of the output, and Workers(n) to run fn in n
// goroutines; the output order is the input order either way.
func Map[A, B any](p *Pipeline, in *Reader[A], fn func(ctx context.Context, a A) (B, error), opts ...Option) *Reader[B] {
	c := newConfig(opts)
	r, w := newStagePipe[B](p, c)
	if c.workers > 1 {
		name := p.name("Map", w)
		p.startNamed(name, in, w, func(ctx context.Context) error {
			return mapOrdered(ctx, name, in, w, fn, c.workers)
		})
		return r
	}
	p.start("Map", in, w, func(ctx context.Context) error {
		var out []B
		full := false // the last write reached the mark: Drain before the next
		for {
			batch, err := in.takeBatch(ctx)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			out = out[:0]
			for _, a := range batch {
				b, err := fn(ctx, a)
				if err != nil {
					return err
				}
				out = append(out, b)
			}
			if full {
				if err := w.Drain(ctx); err != nil {
					return err
				}
			}
			full, err = w.writeBatch(ctx, out)
			clear(out)
			if err != nil {
				return err
			}
		}
	})
	return r
}

// mapOrdered runs fn in n worker goroutines and writes the results in the
// input order. The stage goroutine dispatches; an emitter goroutine waits
// for each result in turn. 2n slots cycle between them, so nothing is
// allocated per item and at most 2n items are in flight.
func mapOrdered[A, B any](ctx context.Context, name string, in *Reader[A], w *Writer[B], fn func(context.Context, A) (B, error), n int) error {
	type slot struct {
		a    A
		b    B
		err  error
		done chan struct{}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		errOnce sync.Once
		first   error
	)
	setErr := func(err error) {
		errOnce.Do(func() { first = err })
		cancel()
	}

	free := make(chan *slot, 2*n)
	for range 2 * n {
		free <- &slot{done: make(chan struct{}, 1)}
	}
	jobs := make(chan *slot, n)
	order := make(chan *slot, 2*n)

	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for s := range jobs {
				if ctx.Err() == nil {
					s.err = run(name, ctx, func(ctx context.Context) (err error) {
						s.b, err = fn(ctx, s.a)
						return err
					})
				} else {
					s.err = ctx.Err()
				}
				if s.err != nil {
					setErr(s.err)
				}
				s.done <- struct{}{}
			}
		})
	}
	wg.Go(func() {
		for s := range order {
			<-s.done
			if s.err != nil {
				setErr(s.err)
				return
			}
			b := s.b
			var zero slot
			s.a, s.b, s.err = zero.a, zero.b, nil
			free <- s
			if err := w.Send(ctx, b); err != nil {
				setErr(err)
				return
			}
		}
	})

	func() {
		defer close(jobs)
		defer close(order)
		for {
			a, err := in.Read(ctx)
			if err == io.EOF {
				return
			}
			if err != nil {
				setErr(err)
				return
			}
			var s *slot
			select {
			case s = <-free:
			case <-ctx.Done():
				return
			}
			s.a = a
			order <- s // never blocks: it holds every slot
			jobs <- s  // blocks only while the n workers are busy
		}
	}()
	wg.Wait()
	return first
}
