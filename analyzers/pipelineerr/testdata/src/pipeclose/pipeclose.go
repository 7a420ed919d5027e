package pipeclose

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"os"
)

func compress(src io.Reader) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		zw := gzip.NewWriter(pw)
		if _, err := io.Copy(zw, src); err != nil {
			pw.Close() // want `pw.Close\(\) on the error path: the reader sees a clean io.EOF after truncated data; use pw.CloseWithError\(err\)`
			return
		}
		if err := zw.Close(); err != nil {
			pw.Close() // want `pw.Close\(\) on the error path.*use pw.CloseWithError\(err\)`
			return
		}
		pw.Close()
	}()
	return pr
}

type job struct {
	pw *io.PipeWriter
}

func (j *job) run(v any) error {
	err := json.NewEncoder(j.pw).Encode(v)
	switch {
	case err != nil:
		j.pw.Close() // want `j.pw.Close\(\) on the error path: the reader sees a clean io.EOF after truncated data; use j.pw.CloseWithError\(err\)`
		return err
	}
	return j.pw.Close()
}

func copyOut(pw *io.PipeWriter, f *os.File) {
	buf := make([]byte, 4096)
	for {
		n, rerr := f.Read(buf)
		if n > 0 {
			if _, werr := pw.Write(buf[:n]); werr != nil {
				pw.Close() // silent: the pipe's own write failed, the reader is gone (pgx)
				return
			}
		}
		if rerr != nil && rerr != io.EOF {
			pw.Close() // want `use pw.CloseWithError\(rerr\)`
			return
		}
		if rerr != nil {
			pw.Close()
			return
		}
	}
}

// ---- silent ----

func cleanEOF(pw *io.PipeWriter, f *os.File) {
	buf := make([]byte, 4096)
	for {
		n, err := f.Read(buf)
		pw.Write(buf[:n])
		if err != nil {
			if err == io.EOF {
				pw.Close() // the clean end
				return
			}
			pw.CloseWithError(err)
			return
		}
	}
}

func isEOF(pw *io.PipeWriter, err error) {
	if err != nil && errors.Is(err, io.EOF) {
		pw.Close()
	}
}

func alreadyClosedWithError(pw *io.PipeWriter, err error) {
	if err != nil {
		pw.CloseWithError(err)
		pw.Close() // the first close wins: harmless
	}
}

func deferred(pw *io.PipeWriter, src io.Reader) {
	defer pw.Close() // after CloseWithError(err), a no-op
	if _, err := io.Copy(pw, src); err != nil {
		pw.CloseWithError(err)
		return
	}
}

func notAnError(pw *io.PipeWriter, p *int) {
	if p != nil {
		pw.Close()
	}
}

// The pipe was made here and the function gives up with an error before
// any goroutine writes: the reader end never reached anyone (minio-go's
// PutObjectFanOut).
func giveUp(names []string) (*io.PipeReader, error) {
	r, w := io.Pipe()
	for _, n := range names {
		if err := check(n); err != nil {
			w.Close()
			return nil, err
		}
	}
	go func() {
		defer w.Close()
		for _, n := range names {
			if err := check(n); err != nil { // not the pipe's own write
				w.Close() // want `w.Close\(\) on the error path.*use w.CloseWithError\(err\)`
				return
			}
		}
	}()
	return r, nil
}

func check(string) error { return nil }
