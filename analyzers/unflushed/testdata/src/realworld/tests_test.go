package realworld

// Test code from the standard library and the hunts, kept in a _test.go
// file: a non-test file importing "testing" marks the whole package as
// test-only (testcode.go).

import (
	"bufio"
	"bytes"
	"compress/flate"
	"io"
	"testing"
)

// nats-io/nats-server server/norace_2_test.go:861: the sync-flushed output
// is only measured (cb.Len()); nobody reads the stream, so the missing Close
// loses nothing.
func TestCompressionSize(t *testing.T) {
	payload := make([]byte, 1<<20)
	var cb bytes.Buffer
	cw, _ := flate.NewWriter(&cb, flate.BestSpeed)
	cw.Write(payload)
	cw.Flush()
	if cb.Len() <= 64*1024 {
		t.Fatalf("compressed too small: %d", cb.Len())
	}
	cb.Reset()
}

// bufio_test.go: a failed write is reported with t.Errorf and the loop
// goes on; that path has told the test runner.
func testErrorfContinue(t *testing.T, w io.Writer, data []byte) {
	for n := 0; n < 3; n++ {
		buf := bufio.NewWriterSize(w, 16)
		if _, e1 := buf.Write(data[:n]); e1 != nil {
			t.Errorf("write: %v", e1)
			continue
		}
		if e := buf.Flush(); e != nil {
			t.Errorf("flush: %v", e)
		}
	}
}
