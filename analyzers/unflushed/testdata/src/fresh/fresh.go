package fresh

import (
	"bufio"
	"example.com/gzhelp"
	"fmt"
	"io"
)

func compress(w io.Writer, data []byte) error {
	zw := gzhelp.NewCompressor(w) // want `gzip.Writer zw is not closed before the return at line 13: the output lacks the final block and the gzip footer`
	_, err := zw.Write(data)
	return err
}

func compressLevel(w io.Writer, data []byte) error {
	zw, err := gzhelp.NewLevel(w, 9) // want `gzip.Writer zw is not closed before the return at line 22`
	if err != nil {
		return err
	}
	_, err = zw.Write(data)
	return err
}

// A helper of this package.
func newOut(w io.Writer) *bufio.Writer { // want newOut:"returnsFresh\\(bufio.Writer\\)"
	return bufio.NewWriter(w)
}

func report(w io.Writer, lines []string) {
	bw := newOut(w) // want `bufio.Writer bw is not flushed before the return at line 35`
	for _, l := range lines {
		fmt.Fprintln(bw, l)
	}
}

// Silent twins.

func compressClosed(w io.Writer, data []byte) error {
	zw := gzhelp.NewCompressor(w)
	if _, err := zw.Write(data); err != nil {
		return err
	}
	return zw.Close()
}

func reportFlushed(w io.Writer, lines []string) error {
	bw := newOut(w)
	for _, l := range lines {
		fmt.Fprintln(bw, l)
	}
	return bw.Flush()
}

// Not made by the helper: whoever made it finishes it.
func shared(s string) {
	bw := gzhelp.Shared()
	bw.WriteString(s)
}
