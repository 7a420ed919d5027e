package tests

import (
	"context"
	"testing"

	"github.com/flowvet/flowvet/flowrt"
)

// Tests put a pipe in a known state on purpose: silent.
func TestBuffered(t *testing.T) {
	r, w := flowrt.NewPipe[int](flowrt.HighWaterMark(4))
	w.Write(1)
	_ = w.Write(2)
	go func() { w.Write(3) }()
	if _, err := r.Read(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func fill(w *flowrt.Writer[int], n int) {
	for i := range n {
		w.Write(i)
	}
}

func BenchmarkWrite(b *testing.B) {
	_, w := flowrt.NewPipe[int]()
	for range b.N {
		w.Write(1)
	}
}

// Examples are documentation that users copy: checked.
func Example() {
	_, w := flowrt.NewPipe[string]()
	for _, s := range []string{"a", "b"} {
		w.Write(s) // want `result of w.Write ignored`
	}
	func() {
		w.Write("c") // want `result of w.Write ignored`
	}()
}
