package realworld

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"io/ioutil"
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

// gzip.NewWriter(ioutil.Discard): io.Discard under its old name.
func compressedSize(data []byte) error {
	zw := gzip.NewWriter(ioutil.Discard)
	_, err := zw.Write(data)
	return err
}
