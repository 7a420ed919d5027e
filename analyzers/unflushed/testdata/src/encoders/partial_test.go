package encoders

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"testing"
)

// pdfcpu pkg/filter/flateDecode_test.go:64 (flatePartialFlushTestData): a
// deliberately partial zlib stream, sync-flushed and never closed, to test
// that a decoder tolerates it. Silent in a _test.go file.
func flatePartialFlushTestData(t *testing.T, data []byte) *bytes.Buffer {
	t.Helper()
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return &b
}

// The same with flate and an unchecked Flush: silent.
func partialFlate(data []byte) []byte {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestSpeed)
	w.Write(data)
	w.Flush()
	return b.Bytes()
}

// A test helper that forgets Close and never Flushes: reported.
func gzipFixture(data []byte) (*bytes.Buffer, error) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b) // want `gzip.Writer zw is not closed before the return at line 43`
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	return &b, nil
}

// Flushed, but closed on some path: the missing Close on the other path is
// an oversight, not a partial stream. Reported.
func gzipClosedSometimes(data []byte, full bool) ([]byte, error) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b) // want `gzip.Writer zw is flushed but not closed before the return at line 62`
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Flush(); err != nil {
		return nil, err
	}
	if full {
		if err := zw.Close(); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}
