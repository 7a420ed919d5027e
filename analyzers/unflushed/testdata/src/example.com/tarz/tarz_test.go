package tarz

import (
	"bytes"
	"testing"
)

// The wrapper's own tests look at it in partial states: silent.
func TestUnfinished(t *testing.T) {
	var buf bytes.Buffer
	a := New(&buf)
	if err := a.Add("x", []byte("data")); err != nil {
		t.Fatal(err)
	}
	if buf.Len() == 0 {
		t.Fatal("nothing written before Close")
	}
}
