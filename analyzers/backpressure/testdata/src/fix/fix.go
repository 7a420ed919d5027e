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
