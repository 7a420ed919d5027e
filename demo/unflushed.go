package demo

import (
	"bufio"
	"io"
)

// WriteLines writes one line per item to w through a buffer.
//
// Bug (unflushed): the bufio.Writer is never flushed, so the last bytes
// (up to 4 KiB; all of them for a short list) stay in its buffer and never
// reach w, while the function reports success. Fix: return bw.Flush().
func WriteLines(w io.Writer, lines []string) error {
	bw := bufio.NewWriter(w)
	for _, line := range lines {
		if _, err := bw.WriteString(line + "\n"); err != nil {
			return err
		}
	}
	return nil
}
