// Package thirdparty: an io.PipeWriter handed to a function outside the
// standard library through an io.Writer parameter is still the
// goroutine's to close.
package thirdparty

import (
	"io"

	"example.com/sgzip"
)

type result struct{ err error }

// rclone backend/compress/gzip_handler.go:113 (putCompress): when the
// compressor cannot be made, the goroutine returns without closing the
// pipe and the upload reading it hangs for ever.
func putCompress(in io.Reader, level int, upload func(io.Reader) error) error {
	pipeReader, pipeWriter := io.Pipe()
	results := make(chan result)
	go func() {
		gz, err := sgzip.NewWriterLevel(pipeWriter, level)
		if err != nil {
			results <- result{err: err}
			close(results)
			return // want `this path leaves the io.PipeWriter pipeWriter open when the goroutine ends: the reader blocks forever`
		}
		_, err = io.Copy(gz, in)
		gzErr := gz.Close()
		if gzErr != nil && err == nil {
			err = gzErr
		}
		closeErr := pipeWriter.Close()
		if closeErr != nil && err == nil {
			err = closeErr
		}
		results <- result{err: err}
		close(results)
	}()
	if err := upload(pipeReader); err != nil {
		return err
	}
	r := <-results
	return r.err
}

// The same with the fix: the pipe is closed with the error.
func putCompressFixed(in io.Reader, level int, upload func(io.Reader) error) error {
	pipeReader, pipeWriter := io.Pipe()
	results := make(chan result, 1)
	go func() {
		gz, err := sgzip.NewWriterLevel(pipeWriter, level)
		if err != nil {
			pipeWriter.CloseWithError(err)
			results <- result{err: err}
			return
		}
		_, err = io.Copy(gz, in)
		if cerr := gz.Close(); err == nil {
			err = cerr
		}
		pipeWriter.CloseWithError(err)
		results <- result{err: err}
	}()
	if err := upload(pipeReader); err != nil {
		return err
	}
	return (<-results).err
}

// One of a variadic ...io.Writer: the callee cannot close it either.
func variadic(in io.Reader) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		w := sgzip.Multi(io.Discard, pw)
		if _, err := io.Copy(w, in); err != nil {
			return // want `this path leaves the io.PipeWriter pw open`
		}
		pw.Close()
	}()
	return pr
}

// An assertion to an interface without Close does not make an escape.
func notCloser(in io.Reader, level int) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		if err := sgzip.NotCloser(pw, level); err != nil {
			return // want `this path leaves the io.PipeWriter pw open`
		}
		_, err := io.Copy(pw, in)
		pw.CloseWithError(err)
	}()
	return pr
}

// A function of this package with an io.Writer parameter that only writes.
func header(w io.Writer) error {
	_, err := w.Write([]byte("hdr"))
	return err
}

func local(in io.Reader) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		if err := header(pw); err != nil {
			return // want `this path leaves the io.PipeWriter pw open`
		}
		_, err := io.Copy(pw, in)
		pw.CloseWithError(err)
	}()
	return pr
}

// ---- silent: the callee can close the pipe writer ----

// An io.WriteCloser parameter takes the duty to close.
func writeCloser(in io.Reader, level int) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		w, err := sgzip.NewCloser(pw, level)
		if err != nil {
			return
		}
		io.Copy(w, in)
		w.Close()
	}()
	return pr
}

// So does a parameter of type any.
func anyParam(in io.Reader, level int) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		w, err := sgzip.NewAny(pw, level)
		if err != nil {
			return
		}
		io.Copy(w, in)
		pw.Close()
	}()
	return pr
}

// A variadic ...any too.
func variadicAny(in io.Reader, log func(...any)) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		if _, err := io.Copy(pw, in); err != nil {
			log("copy failed", pw)
			return
		}
		pw.Close()
	}()
	return pr
}

// Callees with the assertsParams fact, through every way of getting it.
func facts(in io.Reader, level int) []io.Reader {
	pr1, pw1 := io.Pipe()
	go func() {
		if _, err := sgzip.Asserting(pw1, level); err != nil {
			return
		}
		pw1.Close()
	}()
	pr2, pw2 := io.Pipe()
	go func() {
		if err := sgzip.Switching(level, pw2); err != nil {
			return
		}
		pw2.Close()
	}()
	pr3, pw3 := io.Pipe()
	go func() {
		if _, err := sgzip.Via(pw3, level); err != nil {
			return
		}
		pw3.Close()
	}()
	pr4, pw4 := io.Pipe()
	go func() {
		w := sgzip.Same(pw4)
		if _, err := io.Copy(w, in); err != nil {
			return
		}
		pw4.Close()
	}()
	pr5, pw5 := io.Pipe()
	go func() {
		c, err := sgzip.Wrap(pw5, level)
		if err != nil {
			return
		}
		c.Close()
	}()
	return []io.Reader{pr1, pr2, pr3, pr4, pr5}
}

// A function of this package that closes what it is given if it can.
func closeIfCloser(w io.Writer) error { // want closeIfCloser:"assertsParams.0."
	if c, ok := w.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

func localFact(in io.Reader) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		if _, err := io.Copy(pw, in); err != nil {
			closeIfCloser(pw)
			return
		}
		pw.Close()
	}()
	return pr
}

// A method of an interface outside the standard library: its
// implementations are unknown.
type Compressor interface {
	NewWriter(w io.Writer) (io.WriteCloser, error)
}

func viaInterface(c Compressor, in io.Reader) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		w, err := c.NewWriter(pw)
		if err != nil {
			return
		}
		io.Copy(w, in)
		w.Close()
	}()
	return pr
}

// A function value: unknown.
func viaFuncValue(mk func(io.Writer) (io.WriteCloser, error), in io.Reader) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		w, err := mk(pw)
		if err != nil {
			return
		}
		io.Copy(w, in)
		w.Close()
	}()
	return pr
}
