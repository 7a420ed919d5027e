package realworld

import (
	"bufio"
	"bytes"
	"compress/lzw"
	"encoding/csv"
	"os"
	"runtime/pprof"
)

// klauspost/compress lzw/compat_test.go: an lzw writer flushes a
// destination that can Flush in its own Close.
func lzwFlushesBufio(data []byte) ([]byte, error) {
	var sink bytes.Buffer
	bw := bufio.NewWriter(&sink)
	w := lzw.NewWriter(bw, lzw.LSB, 8)
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return sink.Bytes(), nil
}

// klauspost/compress s2/cmd/s2c/main.go: os.Exit(0) with a deferred Close of
// a file loses nothing (the kernel has the data); only buffered writers are
// reported there.
func exitWithDeferredFileClose(name string) {
	f, err := os.Create(name)
	if err != nil {
		return
	}
	defer f.Close()
	defer pprof.WriteHeapProfile(f)
	os.Exit(0)
}

// golang.org/x/tools internal/modindex/index.go:316: a csv.Writer over the
// caller's *bufio.Writer; bufio keeps the first write error and the
// function returns w.Flush(), so the unchecked cw.Flush loses nothing.
func writeIndex(w *bufio.Writer, rows [][]string) error {
	for _, r := range rows {
		cw := csv.NewWriter(w)
		cw.Write(r)
		cw.Flush()
	}
	return w.Flush()
}
