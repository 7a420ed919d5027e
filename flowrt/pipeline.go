package flowrt

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"
)

// A Pipeline is a group of stages sharing one context. Each stage runs in
// its own goroutine and is joined to the next by a pipe. Add every stage,
// then call Wait once.
type Pipeline struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	wg     sync.WaitGroup
	waited sync.Once

	mu     sync.Mutex
	err    error
	pipes  []destroyer
	stages []stageInfo
}

type stageInfo struct {
	name string
	outs []stageOutput // none for a Sink; two for a Tee
}

// StageStats is the state of one stage of a Pipeline.
type StageStats struct {
	Stage  string // e.g. "Map (stage 2)", as errors name it
	Output Stats  // the stage's output pipe; zero for a Sink, which has none
}

// Stats returns the state of every stage's output pipe, in the order the
// stages were added: one entry per stage, and one per output for a stage
// with two (Tee: "Tee (stage 2), output 1" and ", output 2"). It may be
// called at any time from any goroutine, for example by a metrics scrape
// while the pipeline runs.
func (p *Pipeline) Stats() []StageStats {
	p.mu.Lock()
	stages := append([]stageInfo(nil), p.stages...)
	p.mu.Unlock()
	var out []StageStats
	for _, s := range stages {
		switch len(s.outs) {
		case 0:
			out = append(out, StageStats{Stage: s.name})
		case 1:
			out = append(out, StageStats{Stage: s.name, Output: s.outs[0].Stats()})
		default:
			for i, o := range s.outs {
				out = append(out, StageStats{Stage: fmt.Sprintf("%s, output %d", s.name, i+1), Output: o.Stats()})
			}
		}
	}
	return out
}

// destroyer is what a Pipeline needs of a pipe, whatever its item type.
type destroyer interface {
	destroy(error)
	wake()
	// setWriter records the stage that writes the pipe: the Done channel
	// of its context and its cancel function (see Reader.release).
	setWriter(stage string, done <-chan struct{}, cancel context.CancelCauseFunc)
	// markOrphan and stranded: see Pipeline.Wait.
	markOrphan()
	stranded() error
}

// NewPipeline returns an empty pipeline whose stages get a context derived
// from ctx. Cancelling ctx stops the pipeline: Wait then returns ctx's
// error.
func NewPipeline(ctx context.Context) *Pipeline {
	ctx, cancel := context.WithCancelCause(ctx)
	return &Pipeline{ctx: ctx, cancel: cancel}
}

// Wait blocks until every stage goroutine has returned, and returns the
// first error: the error a stage returned, a *PanicError for a stage that
// panicked, ErrPrematureClose (wrapped) for a stage that returned nil
// before its input ended, ErrUnread (wrapped) for a stage output whose
// items did not flow because nothing reads it, or the context's error. A
// failure cancels the stages' context and destroys every pipe, so that
// the other stages stop; errors caused by that teardown (ErrDestroyed,
// context.Canceled) never replace the cause. Wait returns nil only when
// all data flowed.
//
// A stage output that no stage reads is the caller's to read, before Wait
// or from a goroutine that has started reading when Wait is called. If
// nothing has used its Reader by then, nothing will: a stage that would
// wait for it to drain fails with ErrUnread instead of hanging, and so
// does Wait if items were left in it.
func (p *Pipeline) Wait() error {
	first := false
	p.waited.Do(func() {
		first = true
		for _, d := range p.outputs() {
			d.markOrphan()
		}
	})
	p.wg.Wait()
	if first {
		for _, d := range p.outputs() {
			if err := d.stranded(); err != nil {
				p.fail(err, d)
				break
			}
		}
	}
	p.cancel(nil)
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// outputs returns the stages' output pipes.
func (p *Pipeline) outputs() []destroyer {
	p.mu.Lock()
	defer p.mu.Unlock()
	var outs []destroyer
	for _, s := range p.stages {
		for _, o := range s.outs {
			outs = append(outs, o.pipe())
		}
	}
	return outs
}

// fail records err if it is the first (or outranks a stored teardown
// error) and tears the pipeline down: the failing stage's own output pipes
// (own) are destroyed with err, every other pipe with ErrDestroyed, and
// then the stages' context is cancelled (the pipes first, so that a stage
// woken by the cancellation finds its input already destroyed and does
// not go on with buffered items). err is recorded first, so an error a
// later stage makes of it (wrapping what it read) cannot win.
func (p *Pipeline) fail(err error, own ...destroyer) {
	p.mu.Lock()
	first := p.err == nil
	if first && rank(err) == rank(context.Canceled) && p.ctx.Err() != nil {
		// The context given to NewPipeline ended (only a failure or
		// Wait cancels the pipeline's own): whichever teardown error a
		// stage reports first, the cause is the context's.
		err = context.Cause(p.ctx)
	}
	if rank(err) > rank(p.err) {
		p.err = err
	}
	var pipes []destroyer
	if first {
		pipes = p.pipes
	}
	p.mu.Unlock()
	if first {
		for _, d := range pipes {
			if slices.Contains(own, d) {
				d.destroy(err)
			} else {
				d.destroy(ErrDestroyed)
			}
		}
		p.cancel(err)
	}
}

// newStagePipe makes a stage's output pipe and registers it for teardown.
func newStagePipe[T any](p *Pipeline, c config) (*Reader[T], *Writer[T]) {
	pp := newPipe[T](c, Items)
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
	claim(stage string, done <-chan struct{}) (readBy string)
	release(stage string) error
	Close() error
	pipe() destroyer
}

// stageOutput is what a stage needs of its output Writer.
type stageOutput interface {
	Close() error
	CloseWithError(error) error
	Stats() Stats
	pipe() destroyer
}

// start runs fn as a stage reading ins and writing outs (either may be
// empty), in its own goroutine, with its own context (derived from the
// pipeline's: cancelled when the stage that reads its output returns
// before the end, see Reader.release). It panics if an input is already
// read by another stage.
func (p *Pipeline) start(kind string, ins []stageInput, outs []stageOutput, fn func(ctx context.Context) error) {
	ctx, cancel := context.WithCancelCause(p.ctx)
	p.mu.Lock()
	name := fmt.Sprintf("%s (stage %d)", kind, len(p.stages)+1)
	for _, in := range ins {
		if by := in.claim(name, ctx.Done()); by != "" {
			p.mu.Unlock()
			cancel(nil)
			panic(fmt.Sprintf("flowrt: %s reads a Reader that %s already reads: a Reader belongs to one stage "+
				"(to give every item to two stages, use Tee)", name, by))
		}
	}
	p.stages = append(p.stages, stageInfo{name: name, outs: outs})
	p.mu.Unlock()

	var pipes, own []destroyer
	for _, in := range ins {
		pipes = append(pipes, in.pipe())
	}
	for _, out := range outs {
		out.pipe().setWriter(name, ctx.Done(), cancel)
		own = append(own, out.pipe())
	}
	pipes = append(pipes, own...)
	// Goroutines of this stage parked on a cond of its pipes wait with
	// its context: its end must wake them.
	woken := make(chan struct{})
	stopWake := context.AfterFunc(ctx, func() {
		defer close(woken)
		for _, d := range pipes {
			d.wake()
		}
	})

	p.wg.Go(func() {
		defer cancel(nil)
		defer func() {
			if !stopWake() {
				<-woken // no goroutine outlives Wait
			}
		}()
		err := run(name, ctx, fn)
		var pe *PanicError
		if errors.As(err, &pe) && pe.Stage == "" {
			pe.Stage = name // a panic in a goroutine of the stage (Map's workers)
		}
		if err != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
			// The stage stopped because its reader left before the
			// end: that premature close is the cause, not the
			// cancellation.
			if cause := context.Cause(ctx); errors.Is(cause, ErrPrematureClose) {
				err = cause
			}
		}
		for _, in := range ins {
			if err != nil {
				break
			}
			err = in.release(name)
		}
		if err != nil {
			// Record the cause before the teardown can produce errors
			// that would race with it.
			p.fail(err, own...)
			for _, out := range outs {
				out.CloseWithError(err)
			}
			for _, in := range ins {
				in.Close()
			}
			return
		}
		for _, out := range outs {
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
// destroyed with its error otherwise. Options: HighWaterMark, Limit and Measure of the output.
func Source[T any](p *Pipeline, fn func(ctx context.Context, w *Writer[T]) error, opts ...Option) *Reader[T] {
	return newStage(p, "Source", opts, fn)
}

// newStage adds a source stage named kind.
func newStage[T any](p *Pipeline, kind string, opts []Option, fn func(ctx context.Context, w *Writer[T]) error) *Reader[T] {
	r, w := newStagePipe[T](p, newConfig(opts))
	p.start(kind, nil, []stageOutput{w}, func(ctx context.Context) error { return fn(ctx, w) })
	return r
}

// Transform adds a stage with full control: fn reads in and writes w as it
// likes (filter, split, batch, flush at the end). It must read in to its
// end: returning nil earlier is reported as ErrPrematureClose. w is closed
// for fn when it returns nil, destroyed with its error otherwise.
// Options: HighWaterMark, Limit and Measure of the output.
func Transform[A, B any](p *Pipeline, in *Reader[A], fn func(ctx context.Context, r *Reader[A], w *Writer[B]) error, opts ...Option) *Reader[B] {
	r, w := newStagePipe[B](p, newConfig(opts))
	p.start("Transform", []stageInput{in}, []stageOutput{w}, func(ctx context.Context) error { return fn(ctx, in, w) })
	return r
}

// Sink adds a stage that consumes in with fn. It must read in to its end:
// returning nil earlier is reported as ErrPrematureClose (to stop early on
// purpose, return an error of your own and test for it after Wait).
func Sink[T any](p *Pipeline, in *Reader[T], fn func(ctx context.Context, r *Reader[T]) error) {
	p.start("Sink", []stageInput{in}, nil, func(ctx context.Context) error { return fn(ctx, in) })
}

// Map adds a stage that turns each item of in into one item of its output.
// An error from fn stops the pipeline. Results are handed downstream a
// batch at a time, with no allocation per item.
//
// Options: HighWaterMark, Limit and Measure of the output; Workers(n) to
// run fn in up to n goroutines, and Unordered to let their results out in
// completion order (the output order is the input order otherwise).
func Map[A, B any](p *Pipeline, in *Reader[A], fn func(ctx context.Context, a A) (B, error), opts ...Option) *Reader[B] {
	c := newConfig(opts)
	r, w := newStagePipe[B](p, c)
	p.start("Map", []stageInput{in}, []stageOutput{w}, func(ctx context.Context) error {
		if c.workers > 1 {
			return mapWorkers(ctx, in, w, fn, c.workers, !c.unordered)
		}
		var m mapper[A, B]
		return in.eachBatch(ctx, func(batch []A) error { return m.run(ctx, fn, batch, w) })
	})
	return r
}

// mapper runs a Map's function on batches in the stage goroutine.
type mapper[A, B any] struct {
	out  []B
	full bool // the last write reached the mark: Drain before the next
}

// run calls fn on every item of batch and writes the results to w. When
// they reach w's mark it does not wait: the stage takes its next input
// batch and runs fn on it first, and run drains before it writes again
// (by then the next stage has usually taken the buffer, and nobody parks).
func (m *mapper[A, B]) run(ctx context.Context, fn func(context.Context, A) (B, error), batch []A, w *Writer[B]) error {
	m.out = m.out[:0]
	for _, a := range batch {
		b, err := fn(ctx, a)
		if err != nil {
			return err
		}
		m.out = append(m.out, b)
	}
	return m.write(ctx, w)
}

// write writes m.out to w.
func (m *mapper[A, B]) write(ctx context.Context, w *Writer[B]) error {
	if m.full {
		if err := w.Drain(ctx); err != nil {
			return err
		}
	}
	var err error
	m.full, err = w.writeBatch(ctx, m.out)
	clear(m.out)
	return err
}
