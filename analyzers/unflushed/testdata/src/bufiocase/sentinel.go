package bufiocase

import (
	"bufio"
	"errors"
	"io"
)

// An error from an Err() method compared only with a sentinel, never with
// nil, is non-nil where it is not the sentinel (inbucket
// pkg/webui/sanitize/html.go:41, styleTagFilter: html.Tokenizer.Err()
// after an ErrorToken is io.EOF at the clean end, never nil).

type tokenizer interface {
	Next() bool
	Raw() []byte
	Err() error
}

// Silent: the return err carries a failure.
func copyTokens(w io.Writer, z tokenizer) error {
	bw := bufio.NewWriter(w)
	for z.Next() {
		if _, err := bw.Write(z.Raw()); err != nil {
			return err
		}
	}
	err := z.Err()
	if err == io.EOF {
		return bw.Flush()
	}
	return err
}

// Silent: the same with errors.Is.
func copyTokensIs(w io.Writer, z tokenizer) error {
	bw := bufio.NewWriter(w)
	for z.Next() {
		bw.Write(z.Raw())
	}
	if err := z.Err(); !errors.Is(err, io.EOF) {
		return err
	}
	return bw.Flush()
}

// Still reported: an error of a Read (usually nil when it is not io.EOF),
// and an Err() also tested against nil elsewhere.
func copyRead(w io.Writer, r io.Reader, p []byte) error {
	bw := bufio.NewWriter(w) // want `bufio.Writer bw is not flushed before the return at line 56`
	n, err := r.Read(p)
	bw.Write(p[:n])
	if err == io.EOF {
		return bw.Flush()
	}
	return err
}

func copyNilTested(w io.Writer, z tokenizer, p []byte) error {
	bw := bufio.NewWriter(w) // want `bufio.Writer bw is not flushed before the return at line 67`
	bw.Write(p)
	err := z.Err()
	if err == io.EOF {
		return bw.Flush()
	}
	if len(p) > 0 {
		return err
	}
	if err != nil {
		return err
	}
	return nil
}
