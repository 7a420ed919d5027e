// Package fix holds the discarded writes that get a suggested fix.
package fix

import (
	"bytes"
	"context"
	stdctx "context"
	"errors"

	"github.com/flowvet/flowvet/flowrt"
)

type Point struct{ X, Y int }

type Celsius float64

func stage(ctx context.Context, w *flowrt.Writer[int]) error {
	for i := range 10 {
		w.Write(i) // want `result of w.Write ignored`
	}
	return nil
}

func manyResults(ctx context.Context, w *flowrt.Writer[string]) (int, string, *Point, Point, []byte, bool, Celsius, map[string]int, [2]int, error) {
	w.Write("a") // want `result of w.Write ignored`
	return 0, "", nil, Point{}, nil, false, 0, nil, [2]int{}, nil
}

func qualified(ctx context.Context, w *flowrt.Writer[[]byte]) (bytes.Buffer, any, error) {
	_ = w.Write([]byte("chunk")) // want `result of w.Write assigned to _`
	return bytes.Buffer{}, nil, nil
}

func named(ctx context.Context, w *flowrt.Writer[int]) (n int, err error) {
	for v := range 3 {
		w.Write(v * 2) // want `result of w.Write ignored`
		n++
	}
	return n, nil
}

func namedShadowed(ctx context.Context, w *flowrt.Writer[int], vs []int) (n int, err error) {
	for _, n := range vs {
		w.Write(n) // want `result of w.Write ignored`
	}
	return len(vs), nil
}

func generic[T any](c stdctx.Context, w *flowrt.Writer[T], v T) (T, error) {
	w.Write(v) // want `result of w.Write ignored`
	return v, nil
}

func inSource(p *flowrt.Pipeline) *flowrt.Reader[string] {
	return flowrt.Source(p, func(ctx context.Context, w *flowrt.Writer[string]) error {
		w.Write("hello") // want `result of w.Write ignored`
		return nil
	})
}

func inSwitch(ctx context.Context, w *flowrt.Writer[int], v int) error {
	switch {
	case v > 0:
		w.Write(v) // want `result of w.Write ignored`
	}
	return nil
}

func methodValue(ctx context.Context, w *flowrt.Writer[int]) error {
	write := w.Write
	for i := range 3 {
		write(i) // want `result of write ignored`
	}
	return nil
}

func methodExpr(ctx context.Context, w *flowrt.Writer[int], wv flowrt.Writer[int]) error {
	(*flowrt.Writer[int]).Write(w, 1)   // want `result of \(\*flowrt.Writer\[int\]\).Write ignored`
	(*flowrt.Writer[int]).Write(&wv, 2) // want `result of \(\*flowrt.Writer\[int\]\).Write ignored`
	return nil
}

func inSelect(ctx context.Context, w *flowrt.Writer[string], items []string) (count int, err error) {
	for _, s := range items {
		select {
		case <-ctx.Done():
			return count, ctx.Err()
		default:
			w.Write(s) // want `result of w.Write ignored`
			count++
		}
	}
	return count, nil
}

type relay struct {
	out *flowrt.Writer[Point]
}

func (r *relay) forward(parent stdctx.Context, p Point) (Point, bool, error) {
	r.out.Write(p) // want `result of r.out.Write ignored`
	return p, true, nil
}

func relayChannel(ctx context.Context, in <-chan string, w *flowrt.Writer[string]) (count int, err error) {
	for {
		select {
		case s, ok := <-in:
			if !ok {
				return count, nil
			}
			w.Write(s) // want `result of w.Write ignored`
			count++
		case <-ctx.Done():
			return count, ctx.Err()
		}
	}
}

// No fix below: the report stands, but no safe rewrite exists.

func noContext(w *flowrt.Writer[int]) error {
	w.Write(1) // want `result of w.Write ignored`
	return nil
}

func noError(ctx context.Context, w *flowrt.Writer[int]) {
	w.Write(1) // want `result of w.Write ignored`
}

func errorNotLast(ctx context.Context, w *flowrt.Writer[int]) (error, int) {
	w.Write(1) // want `result of w.Write ignored`
	return nil, 0
}

func ownPipe(ctx context.Context) error {
	r, w := flowrt.NewPipe[int]()
	for i := range 3 {
		w.Write(i) // want `result of w.Write ignored`
	}
	w.Close()
	_, err := r.Read(ctx)
	return err
}

func contextDeclaredLater(w *flowrt.Writer[int]) error {
	w.Write(1) // want `result of w.Write ignored`
	ctx := context.Background()
	if !w.Write(2) {
		return w.Drain(ctx)
	}
	return nil
}

func goStmt(ctx context.Context, w *flowrt.Writer[int]) error {
	go w.Write(1) // want `w.Write in a go statement`
	return errors.New("x")
}

// A method value whose receiver is reassigned: Send on it now could reach
// another writer than the one bound.
func methodValueReassigned(ctx context.Context, w, next *flowrt.Writer[int]) error {
	write := w.Write
	w = next
	write(1) // want `result of write ignored`
	return nil
}

// A method value whose receiver is not a plain variable.
func methodValueField(ctx context.Context, r *relay) error {
	write := r.out.Write
	write(Point{}) // want `result of write ignored`
	return nil
}

// A function literal that returns the signal: no known blocking form.
func closure(ctx context.Context, w *flowrt.Writer[int]) error {
	emit := func(v int) bool { return w.Write(v) }
	emit(1) // want `result of emit ignored`
	return nil
}

// A labeled statement, an if init: not rewritten.
func labeled(ctx context.Context, w *flowrt.Writer[int]) error {
	if _ = w.Write(1); true { // want `result of w.Write assigned to _`
	}
	return nil
}

// A pipe made in the enclosing function, written by a literal that runs
// before the reader in the same goroutine: Send would wait forever.
func ownPipeClosure(ctx context.Context) error {
	r, w := flowrt.NewPipe[int]()
	produce := func() error {
		w.Write(1) // want `result of w.Write ignored`
		return w.Close()
	}
	if err := produce(); err != nil {
		return err
	}
	_, err := r.Read(ctx)
	return err
}

// The context of the enclosing function is in scope in a literal that
// returns error (an errgroup's Go).
func capturedContext(ctx context.Context, w *flowrt.Writer[int], run func(func() error)) {
	run(func() error {
		w.Write(1) // want `result of w.Write ignored`
		return nil
	})
}
