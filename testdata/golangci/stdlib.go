package gclfixture

import (
	"bufio"
	"compress/gzip"
	"io"
	"os"
)

// BUG unflushed: the bufio.Writer is never flushed, so up to 4 KiB of the
// report never reaches w and nobody is told.
func writeReport(w io.Writer, rows []string) error {
	bw := bufio.NewWriter(w)
	for _, r := range rows {
		if _, err := bw.WriteString(r + "\n"); err != nil {
			return err
		}
	}
	return nil
}

// OK: flushed, and the flush error returned.
func writeReportOK(w io.Writer, rows []string) error {
	bw := bufio.NewWriter(w)
	for _, r := range rows {
		if _, err := bw.WriteString(r + "\n"); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// BUG unflushed: the gzip stream is never closed, so its footer (and the
// last compressed block) is missing and readers fail with unexpected EOF.
func compress(dst io.Writer, src io.Reader) error {
	zw := gzip.NewWriter(dst)
	if _, err := io.Copy(zw, src); err != nil {
		return err
	}
	return nil
}

// OK: closed, and the close error returned.
func compressOK(dst io.Writer, src io.Reader) error {
	zw := gzip.NewWriter(dst)
	if _, err := io.Copy(zw, src); err != nil {
		zw.Close()
		return err
	}
	return zw.Close()
}

// BUG pipelineerr: io.Copy's error is dropped; a short copy looks complete.
func save(path string, r io.Reader) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	io.Copy(f, r)
	if err := f.Close(); err != nil {
		return err
	}
	return nil
}

// BUG pipelineerr, silenced with golangci-lint's own directive.
func mirror(dst io.Writer, r io.Reader) {
	io.Copy(dst, r) //nolint:flowvet // best-effort debug mirror; losing it is fine
}

// BUG writeafterclose: the footer is written after Close; the write fails
// with os.ErrClosed on every call, so no file ever gets its footer.
func writeWithFooter(path string, body []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(body); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	_, err = f.Write([]byte("\n-- footer --\n"))
	return err
}

// OK: a pipe whose writer reports the producer's error to the reader.
func pipeOK(produce func(io.Writer) error) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(produce(pw))
	}()
	return pr
}
