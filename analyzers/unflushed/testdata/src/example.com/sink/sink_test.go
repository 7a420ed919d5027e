package sink

import (
	"bytes"
	"testing"
)

// The writer's own tests look at it in partial states: silent.
func TestPartial(t *testing.T) {
	var buf bytes.Buffer
	s := New(&buf)
	if _, err := s.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 0 {
		t.Fatal("written before Close")
	}
}
