package files

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// shenwei356/bio's fai.create: the index file is written while the input
// is read, and the loop ends on io.EOF through `if err != nil { if err !=
// io.EOF { return ... }; ...; break }`: the return after the loop reports
// success with only a deferred Close of the index. Reported.
func writeIndex(in io.Reader, name string) (int, error) {
	out, err := os.Create(name)
	if err != nil {
		return 0, err
	}
	defer out.Close() // want `out is written to, but every Close drops its error`
	r := bufio.NewReader(in)
	n := 0
	for {
		var line string
		line, err = r.ReadString('\n')
		if err != nil {
			if err != io.EOF {
				return 0, fmt.Errorf("read: %w", err)
			}
			break
		}
		if _, err := fmt.Fprintf(out, "%d\t%d\n", n, len(line)); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

var errTruncated = errors.New("truncated record")

// Twin: the loop ends on another sentinel, a failure the function handles
// by returning what it has: the return after the loop is on an error path.
// Silent.
func writeIndexTruncated(next func() (string, error), name string) (int, error) {
	out, err := os.Create(name)
	if err != nil {
		return 0, err
	}
	defer out.Close()
	n := 0
	for {
		var line string
		line, err = next()
		if err != nil {
			if err != errTruncated {
				return 0, fmt.Errorf("read: %w", err)
			}
			break
		}
		if _, err := fmt.Fprintf(out, "%d\t%d\n", n, len(line)); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}
