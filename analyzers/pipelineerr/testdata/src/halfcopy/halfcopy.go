// Package halfcopy: n, _ := io.Copy(...) keeps the count of a copy whose
// error it drops.
package halfcopy

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"os"
)

type stats struct{ size int64 }

func save(dst *os.File, src io.Reader) (int64, error) {
	n, _ := io.Copy(dst, src) // want `the error of io.Copy is dropped while its count n is used: the count of a failed or short copy is taken for a whole one and dst is left truncated; check the error \(n, err := io.Copy\(...\); if err != nil \{ ... \}\)`
	return n, nil
}

func store(st *stats, dst io.Writer, src io.Reader) error {
	st.size, _ = io.CopyN(dst, src, 512) // want `the error of io.CopyN is dropped while its count st.size is used`
	return nil
}

func record(dst io.Writer, src io.Reader) (stats, error) {
	var err error
	var n int64
	n, _ = io.CopyBuffer(dst, src, nil) // want `the error of io.CopyBuffer is dropped while its count n is used`
	return stats{size: n}, err
}

// No fix: nobody to return the error to.
func logOnly(dst io.Writer, src io.Reader) {
	n, _ := io.Copy(dst, src) // want `the error of io.Copy is dropped while its count n is used`
	log.Printf("copied %d bytes", n)
}

// ---- silent ----

func checked(dst io.Writer, src io.Reader) (int64, error) {
	n, err := io.Copy(dst, src)
	return n, err
}

func drained(src io.Reader) int64 {
	n, _ := io.Copy(io.Discard, src) // a drain: the count is all that is wanted
	return n
}

func memory(buf *bytes.Buffer, data []byte) int64 {
	n, _ := io.Copy(buf, bytes.NewReader(data))
	return n
}

func errorMessage(dst io.Writer, src io.Reader) error {
	var buf bytes.Buffer
	n, _ := io.Copy(&buf, src)
	return fmt.Errorf("bad response (%d bytes): %s", n, buf.String())
}

func blank(dst io.Writer, src io.Reader) {
	_, _ = io.Copy(io.Discard, src)
}

// CopyN's count equals the size if and only if the error is nil: the
// comparison is the check (cmd/internal/archive's AddEntry).
func entry(dst *os.File, src io.Reader, size int64) {
	n, _ := io.CopyN(dst, src, size)
	if n != size {
		log.Fatal("short entry")
	}
}
