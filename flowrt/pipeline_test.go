package flowrt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// count is a Source of the ints 0..n-1.
func count(p *Pipeline, n int, opts ...Option) *Reader[int] {
	return Source(p, func(ctx context.Context, w *Writer[int]) error {
		for i := range n {
			if err := w.Send(ctx, i); err != nil {
				return err
			}
		}
		return nil
	}, opts...)
}

// collect is a Sink that appends every item to *out.
func collect[T any](p *Pipeline, in *Reader[T], out *[]T) { collectNotify(p, in, out, nil) }

// collectNotify is collect that calls seen (if not nil) after appending
// each item, with the item and how many were collected.
func collectNotify[T any](p *Pipeline, in *Reader[T], out *[]T, seen func(v T, n int)) {
	Sink(p, in, func(ctx context.Context, r *Reader[T]) error {
		for v := range r.All(ctx) {
			*out = append(*out, v)
			if seen != nil {
				seen(v, len(*out))
			}
		}
		return r.Err()
	})
}

func TestPipelineFlows(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	src := count(p, 10_000)
	sq := Map(p, src, func(_ context.Context, v int) (int, error) { return v * v, nil })
	str := Map(p, sq, func(_ context.Context, v int) (string, error) { return fmt.Sprint(v), nil }, HighWaterMark(3))
	var got []string
	collect(p, str, &got)
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 10_000 {
		t.Fatalf("got %d items", len(got))
	}
	for i, s := range got {
		if s != fmt.Sprint(i*i) {
			t.Fatalf("item %d = %s", i, s)
		}
	}
}

func TestPipelineEmpty(t *testing.T) {
	noLeak(t)
	if err := NewPipeline(context.Background()).Wait(); err != nil {
		t.Fatal(err)
	}
}

func TestTransformFiltersAndFlushes(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	evens := Transform(p, count(p, 100), func(ctx context.Context, r *Reader[int], w *Writer[int]) error {
		sum := 0
		for v := range r.All(ctx) {
			if v%2 == 0 {
				sum += v
				if err := w.Send(ctx, v); err != nil {
					return err
				}
			}
		}
		if err := r.Err(); err != nil {
			return err
		}
		return w.Send(ctx, -sum) // flush at the end
	})
	var got []int
	collect(p, evens, &got)
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 51 || got[49] != 98 || got[50] != -2450 {
		t.Fatalf("got %v", got)
	}
}

func TestFirstErrorWins(t *testing.T) {
	noLeak(t)
	boom := errors.New("boom")
	p := NewPipeline(context.Background())
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		for i := 0; ; i++ {
			if err := w.Send(ctx, i); err != nil {
				return fmt.Errorf("source: %w", err) // a teardown error
			}
		}
	})
	m := Map(p, src, func(ctx context.Context, v int) (int, error) {
		if v == 1000 {
			return 0, boom
		}
		return v, nil
	})
	Sink(p, m, func(ctx context.Context, r *Reader[int]) error {
		for {
			if _, err := r.Read(ctx); err != nil {
				if err == io.EOF {
					return nil
				}
				return fmt.Errorf("sink: %w", err)
			}
		}
	})
	if err := p.Wait(); err != boom {
		t.Fatalf("Wait = %v, want boom", err)
	}
}

func TestTeardownErrorDoesNotReplaceTheCause(t *testing.T) {
	noLeak(t)
	// The sink fails late, after the source already saw... nothing: make
	// the weak error arrive first, then the real one.
	boom := errors.New("boom")
	p := NewPipeline(context.Background())
	gate := make(chan struct{})
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		<-gate
		return ErrDestroyed // a teardown-style error first
	})
	Sink(p, src, func(ctx context.Context, r *Reader[int]) error {
		close(gate)
		<-ctx.Done() // cancelled by the source's failure
		return boom  // the real cause, reported late
	})
	if err := p.Wait(); err != boom {
		t.Fatalf("Wait = %v, want boom to replace the earlier ErrDestroyed", err)
	}
}

func TestPanicInStage(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	m := Map(p, count(p, 100), func(ctx context.Context, v int) (int, error) {
		if v == 42 {
			panic("forty-two")
		}
		return v, nil
	})
	var got []int
	collect(p, m, &got)
	err := p.Wait()
	var pe *PanicError
	if !errors.As(err, &pe) {
		t.Fatalf("Wait = %v, want a *PanicError", err)
	}
	if pe.Value != "forty-two" || pe.Stage != "Map (stage 2)" {
		t.Fatalf("PanicError = %q in %q", pe.Value, pe.Stage)
	}
	if !strings.Contains(err.Error(), "forty-two") || !strings.Contains(string(pe.Stack), "pipeline_test.go") {
		t.Fatalf("panic error lacks the value or the stack:\n%v", err)
	}
}

func TestPanicWithErrorUnwraps(t *testing.T) {
	noLeak(t)
	boom := errors.New("boom")
	p := NewPipeline(context.Background())
	Sink(p, count(p, 3), func(ctx context.Context, r *Reader[int]) error { panic(boom) })
	if err := p.Wait(); !errors.Is(err, boom) {
		t.Fatalf("Wait = %v, want it to wrap boom", err)
	}
}

func TestCancellationStopsThePipeline(t *testing.T) {
	noLeak(t)
	ctx, cancel := context.WithCancel(context.Background())
	p := NewPipeline(ctx)
	var n atomic.Int64
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		for i := 0; ; i++ {
			if err := w.Send(ctx, i); err != nil {
				return err
			}
		}
	})
	Sink(p, src, func(ctx context.Context, r *Reader[int]) error {
		for range r.All(ctx) {
			if n.Add(1) == 500 {
				cancel()
			}
		}
		return r.Err()
	})
	if err := p.Wait(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}
}

func TestPrematureClose(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	src := count(p, 1000)
	Sink(p, src, func(ctx context.Context, r *Reader[int]) error {
		for v := range r.All(ctx) {
			if v == 10 {
				break // gives up without an error
			}
		}
		return nil
	})
	if err := p.Wait(); !errors.Is(err, ErrPrematureClose) {
		t.Fatalf("Wait = %v, want ErrPrematureClose", err)
	}
}

func TestStageReadsExactlyToTheEnd(t *testing.T) {
	noLeak(t)
	// A sink that reads every item without waiting for io.EOF consumed
	// everything: that is not a premature close.
	p := NewPipeline(context.Background())
	src := count(p, 5)
	Sink(p, src, func(ctx context.Context, r *Reader[int]) error {
		for range 5 {
			if _, err := r.Read(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	// The source may not have closed its writer yet when the sink
	// returns: that is still a complete run.
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
}

func TestStageReturnsWhileInputGoesOn(t *testing.T) {
	noLeak(t)
	// The sink returns with nothing buffered; the source writes more later:
	// that write fails with the premature close, and Wait reports it.
	p := NewPipeline(context.Background())
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		if err := w.Send(ctx, 1); err != nil {
			return err
		}
		time.Sleep(short)
		return w.Send(ctx, 2)
	})
	Sink(p, src, func(ctx context.Context, r *Reader[int]) error {
		_, err := r.Read(ctx)
		return err
	})
	if err := p.Wait(); !errors.Is(err, ErrPrematureClose) || !strings.Contains(err.Error(), "Sink (stage 2)") {
		t.Fatalf("Wait = %v, want the sink's premature close", err)
	}
}

func TestWriteAfterCloseInStage(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		w.Write(1)
		w.Close()
		w.Write(2) //flowvet:ignore writeafterclose refused, and reported by Wait: the runtime half under test
		return nil
	})
	var got []int
	Sink(p, src, func(ctx context.Context, r *Reader[int]) error {
		for v := range r.All(ctx) {
			got = append(got, v)
		}
		return r.Err()
	})
	if err := p.Wait(); !errors.Is(err, ErrWriteAfterClose) {
		t.Fatalf("Wait = %v, want ErrWriteAfterClose", err)
	}
}

func TestIgnoredDestroyIsReported(t *testing.T) {
	noLeak(t)
	// A source that ignores Write's false after its reader gave up, and
	// returns nil, is still reported.
	p := NewPipeline(context.Background())
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		for i := range 100 {
			w.Write(i) //flowvet:ignore backpressure test of the runtime's report
			time.Sleep(time.Millisecond / 10)
		}
		return nil
	})
	Sink(p, src, func(ctx context.Context, r *Reader[int]) error {
		r.Close()
		return errors.New("sink gave up")
	})
	if err := p.Wait(); err == nil || err.Error() != "sink gave up" {
		t.Fatalf("Wait = %v", err)
	}
}

func TestMapErrorStopsEverything(t *testing.T) {
	noLeak(t)
	boom := errors.New("boom")
	for _, workers := range []int{1, 4} {
		t.Run(fmt.Sprint("workers=", workers), func(t *testing.T) {
			p := NewPipeline(context.Background())
			var calls atomic.Int64
			src := Source(p, func(ctx context.Context, w *Writer[int]) error {
				for i := 0; ; i++ {
					if err := w.Send(ctx, i); err != nil {
						return err
					}
				}
			})
			m := Map(p, src, func(ctx context.Context, v int) (int, error) {
				calls.Add(1)
				if v == 100 {
					return 0, boom
				}
				return v, nil
			}, Workers(workers))
			var got []int
			collect(p, m, &got)
			if err := p.Wait(); err != boom {
				t.Fatalf("Wait = %v, want boom", err)
			}
			if c := calls.Load(); c > 1000 {
				t.Fatalf("fn called %d times after failing at 100", c)
			}
			for i, v := range got {
				if v != i {
					t.Fatalf("item %d = %d", i, v)
				}
			}
		})
	}
}

func TestMapWorkersKeepOrder(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	var inFlight, maxInFlight atomic.Int64
	m := Map(p, count(p, 300), func(ctx context.Context, v int) (int, error) {
		n := inFlight.Add(1)
		for {
			m := maxInFlight.Load()
			if n <= m || maxInFlight.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(time.Duration(v%7) * 100 * time.Microsecond) // finish out of order
		inFlight.Add(-1)
		return v * 2, nil
	}, Workers(4))
	var got []int
	collect(p, m, &got)
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 300 {
		t.Fatalf("got %d items", len(got))
	}
	for i, v := range got {
		if v != 2*i {
			t.Fatalf("item %d = %d: order lost", i, v)
		}
	}
	if m := maxInFlight.Load(); m > 4 || m < 2 {
		t.Fatalf("max concurrent calls = %d, want 2..4", m)
	}
}

func TestMapWorkersPanic(t *testing.T) {
	noLeak(t)
	p := NewPipeline(context.Background())
	m := Map(p, count(p, 100), func(ctx context.Context, v int) (int, error) {
		if v == 50 {
			panic("in a worker")
		}
		return v, nil
	}, Workers(3))
	var got []int
	collect(p, m, &got)
	err := p.Wait()
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Value != "in a worker" {
		t.Fatalf("Wait = %v, want a *PanicError", err)
	}
}

// The unit of a stage's output is Items whatever the item type, unless
// Measure says otherwise; FromReader and Encode measure Bytes. Stats says
// which.
func TestStageUnits(t *testing.T) {
	noLeak(t)
	for _, tc := range []struct {
		name string
		opts []Option
		unit Unit
	}{
		{"[]byte items, default", []Option{HighWaterMark(10)}, Items},
		{"Measure(Bytes)", []Option{HighWaterMark(10), Measure(Bytes)}, Bytes},
	} {
		p := NewPipeline(context.Background())
		var below []bool
		written := make(chan struct{})
		src := Source(p, func(ctx context.Context, w *Writer[[]byte]) error {
			// Two 6-byte chunks: the second reaches a mark of 10 bytes,
			// not one of 10 items. The reader waits for both.
			defer close(written)
			below = append(below, w.Write(make([]byte, 6)), w.Write(make([]byte, 6))) //flowvet:ignore backpressure two chunks, the results under test
			return nil
		}, tc.opts...)
		var got [][]byte
		Sink(p, src, func(ctx context.Context, r *Reader[[]byte]) error {
			if s := r.Stats(); s.Unit != tc.unit || s.HighWaterMark != 10 {
				return fmt.Errorf("Stats = %+v, want unit %v", s, tc.unit)
			}
			<-written
			for b := range r.All(ctx) {
				got = append(got, b)
			}
			return r.Err()
		})
		if err := p.Wait(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if want := []bool{true, tc.unit == Items}; fmt.Sprint(below) != fmt.Sprint(want) || len(got) != 2 {
			t.Fatalf("%s: Write results %v, want %v; %d chunks", tc.name, below, want, len(got))
		}
	}
	p := NewPipeline(context.Background())
	src := FromReader(p, strings.NewReader("abc"))
	gz := Encode(p, src, gzipEncoder)
	var out strings.Builder
	ToWriter(p, gz, &out)
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Stats()[:2] {
		if s.Output.Unit != Bytes {
			t.Fatalf("%s: unit %v, want bytes", s.Stage, s.Output.Unit)
		}
	}
}

// Wait returns only after every stage goroutine, and every Map worker, has
// returned: each stage function and each Map call sleeps on its way out
// (after the teardown woke it), and none may still be running when Wait
// returns. The pipeline runs to its end, and fails half way.
func TestWaitReturnsAfterEveryStage(t *testing.T) {
	for _, fail := range []bool{false, true} {
		for _, workers := range []int{1, 3} {
			t.Run(fmt.Sprintf("fail=%v/workers=%d", fail, workers), func(t *testing.T) {
				noLeak(t)
				var (
					finished atomic.Int64 // stage functions returned
					calls    atomic.Int64 // Map calls running
				)
				enter := func() (leave func()) {
					return func() {
						time.Sleep(2 * time.Millisecond)
						finished.Add(1)
					}
				}
				boom := errors.New("boom")
				p := NewPipeline(context.Background())
				src := Source(p, func(ctx context.Context, w *Writer[int]) error {
					defer enter()()
					for i := range 1000 {
						if err := w.Send(ctx, i); err != nil {
							return err
						}
					}
					return nil
				})
				m := Map(p, src, func(ctx context.Context, v int) (int, error) {
					calls.Add(1)
					defer calls.Add(-1)
					switch {
					case fail && v == 500:
						time.Sleep(time.Millisecond) // the next items reach the other workers
						return 0, boom
					case fail && v > 500:
						<-ctx.Done()          // cancelled by the failure,
						time.Sleep(5 * short) // still busy long after the stages returned
					case v%100 == 99:
						time.Sleep(time.Millisecond)
					}
					return v, nil
				}, Workers(workers))
				tr := Transform(p, m, func(ctx context.Context, r *Reader[int], w *Writer[int]) error {
					defer enter()()
					for v := range r.All(ctx) {
						if err := w.Send(ctx, v); err != nil {
							return err
						}
					}
					return r.Err()
				})
				Sink(p, tr, func(ctx context.Context, r *Reader[int]) error {
					defer enter()()
					for range r.All(ctx) {
					}
					return r.Err()
				})
				err := p.Wait()
				if n := finished.Load(); n != 3 {
					t.Fatalf("Wait returned when %d of the 3 stage functions (Source, Transform, Sink) had returned", n)
				}
				if n := calls.Load(); n != 0 {
					t.Fatalf("Wait returned with %d Map calls still running", n)
				}
				if fail && err != boom || !fail && err != nil {
					t.Fatalf("Wait = %v", err)
				}
			})
		}
	}
}

// First error wins between two real errors too (neither a teardown
// error): the second stage to fail, woken by the teardown, returns an error
// of its own, which must not replace the first. Both orders.
func TestFirstOfTwoRealErrorsWins(t *testing.T) {
	for _, sinkFirst := range []bool{false, true} {
		t.Run(fmt.Sprint("sinkFirst=", sinkFirst), func(t *testing.T) {
			noLeak(t)
			errSource, errSink := errors.New("source failed"), errors.New("sink failed")
			p := NewPipeline(context.Background())
			src := Source(p, func(ctx context.Context, w *Writer[int]) error {
				if sinkFirst {
					<-ctx.Done() // cancelled by the sink's failure
				}
				return errSource
			})
			Sink(p, src, func(ctx context.Context, r *Reader[int]) error {
				if !sinkFirst {
					<-ctx.Done() // cancelled by the source's failure
				}
				return errSink
			})
			want := errSource
			if sinkFirst {
				want = errSink
			}
			if err := p.Wait(); err != want {
				t.Fatalf("Wait = %v, want %v (the first failure)", err, want)
			}
		})
	}
}

// A stage that returns an error has its output destroyed with that error
// (the design: "destroyed with its error"): a reader of that output, inside
// or outside the pipeline, sees the cause, not ErrDestroyed. The other
// pipes, torn down, report ErrDestroyed.
func TestFailedStageDestroysItsOutputWithItsError(t *testing.T) {
	noLeak(t)
	boom := errors.New("boom")
	for _, failing := range []string{"Source", "Map", "Map-workers", "Transform"} {
		t.Run(failing, func(t *testing.T) {
			noLeak(t)
			p := NewPipeline(context.Background())
			src := Source(p, func(ctx context.Context, w *Writer[int]) error {
				if failing == "Source" {
					w.Write(1) //flowvet:ignore backpressure one item, dropped by the destroy
					return boom
				}
				return w.Send(ctx, 1)
			})
			var out *Reader[int]
			switch failing {
			case "Source":
				out = src
			case "Map", "Map-workers":
				workers := 1
				if failing == "Map-workers" {
					workers = 2
				}
				out = Map(p, src, func(ctx context.Context, v int) (int, error) { return 0, boom }, Workers(workers))
			case "Transform":
				out = Transform(p, src, func(ctx context.Context, r *Reader[int], w *Writer[int]) error {
					w.Write(1) //flowvet:ignore backpressure one item, dropped by the destroy
					return boom
				})
			}
			if err := p.Wait(); err != boom {
				t.Fatalf("Wait = %v, want boom", err)
			}
			// out is read outside the pipeline, after Wait.
			if _, err := out.Read(context.Background()); err != boom {
				t.Fatalf("the failed %s stage's output: Read = %v, want boom", failing, err)
			}
			if failing != "Source" {
				if _, err := src.Read(context.Background()); !errors.Is(err, ErrDestroyed) && err != io.EOF {
					t.Fatalf("the source's output: Read = %v, want ErrDestroyed (or io.EOF, if it was all consumed)", err)
				}
			}
		})
	}
}

// goid returns the id of the calling goroutine, from its stack header.
func goid() string {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	id, _, _ := strings.Cut(strings.TrimPrefix(string(buf[:n]), "goroutine "), " ")
	return id
}

// Each stage runs in its own goroutine, none in Wait's caller's: the
// source cannot finish before the sink has started (it waits for it), and
// the four stage functions see four goroutines.
func TestEachStageInItsOwnGoroutine(t *testing.T) {
	noLeak(t)
	var mu sync.Mutex
	ids := map[string]string{}
	record := func(stage string) {
		mu.Lock()
		defer mu.Unlock()
		ids[stage] = goid()
	}
	sinkStarted := make(chan struct{})
	p := NewPipeline(context.Background())
	src := Source(p, func(ctx context.Context, w *Writer[int]) error {
		record("source")
		<-sinkStarted // would deadlock if the stages ran one after the other
		return w.Send(ctx, 1)
	})
	m := Map(p, src, func(ctx context.Context, v int) (int, error) {
		record("map")
		return v, nil
	})
	tr := Transform(p, m, func(ctx context.Context, r *Reader[int], w *Writer[int]) error {
		record("transform")
		for v := range r.All(ctx) {
			if err := w.Send(ctx, v); err != nil {
				return err
			}
		}
		return r.Err()
	})
	Sink(p, tr, func(ctx context.Context, r *Reader[int]) error {
		record("sink")
		close(sinkStarted)
		for range r.All(ctx) {
		}
		return r.Err()
	})
	if err := waitWithin(t, p); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{goid(): true}
	for stage, id := range ids {
		if seen[id] {
			t.Fatalf("stage %s shares goroutine %s: %v (the test runs in %s)", stage, id, ids, goid())
		}
		seen[id] = true
	}
	if len(ids) != 4 {
		t.Fatalf("stages seen: %v", ids)
	}
}
