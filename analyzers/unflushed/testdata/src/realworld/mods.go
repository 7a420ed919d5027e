package realworld

import (
	"bufio"
	"bytes"
	"compress/lzw"
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
