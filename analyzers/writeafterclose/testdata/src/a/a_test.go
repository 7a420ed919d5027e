package a

import (
	"errors"
	"os"
	"testing"
)

// A test that looks at the result of a write after Close tests the error.
func TestWriteAfterClose(t *testing.T) {
	f, _ := os.CreateTemp("", "x")
	f.Close()
	if _, err := f.Write(nil); !errors.Is(err, os.ErrClosed) {
		t.Fatal(err)
	}
	f.Write(nil) // want `f.Write after f.Close`
}
