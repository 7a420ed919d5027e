package iopipe

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"sync"

	"golang.org/x/sync/errgroup"
)

// ---- a pipe writer not closed on some path of its goroutine ----

func upload(url string, v any) (*http.Response, error) {
	pr, pw := io.Pipe()
	go func() {
		if err := json.NewEncoder(pw).Encode(v); err != nil {
			log.Print(err)
			return // want `this path leaves the io.PipeWriter pw open when the goroutine ends: the reader blocks forever`
		}
		pw.Close()
	}()
	return http.Post(url, "application/json", pr)
}

func fallsOff(f *os.File) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		bw := bufio.NewWriter(pw)
		if _, err := io.Copy(bw, f); err != nil {
			pw.CloseWithError(err)
			return
		}
		if err := bw.Flush(); err == nil {
			pw.Close()
		}
	}() // want `this path leaves the io.PipeWriter pw open`
	return pr
}

func neverClosed(names []string) io.Reader {
	pr, pw := io.Pipe()
	go func() { // want `the io.PipeWriter pw written by this goroutine is never closed: the reader blocks forever`
		for _, n := range names {
			fmt.Fprintln(pw, n)
		}
	}()
	return pr
}

func param(names []string) io.Reader {
	pr, pw := io.Pipe()
	go func(w *io.PipeWriter) {
		for _, n := range names {
			if _, err := fmt.Fprintln(w, n); err != nil {
				return // want `this path leaves the io.PipeWriter pw open`
			}
		}
		w.Close()
	}(pw)
	return pr
}

func group(ctx context.Context, src io.Reader, dst io.Writer) error {
	pr, pw := io.Pipe()
	var g errgroup.Group
	g.Go(func() error {
		tw := tar.NewWriter(pw)
		if _, err := io.Copy(tw, src); err != nil {
			return err // want `this path leaves the io.PipeWriter pw open`
		}
		return pw.CloseWithError(tw.Close()) // want `the result of pw.CloseWithError is always nil, so tw.Close\(\) is lost here`
	})
	g.Go(func() error {
		_, err := io.Copy(dst, pr)
		return err
	})
	return g.Wait()
}

func waitGroup(src io.Reader) io.Reader {
	pr, pw := io.Pipe()
	var wg sync.WaitGroup
	wg.Go(func() {
		if _, err := io.Copy(pw, src); err != nil {
			return // want `this path leaves the io.PipeWriter pw open`
		}
		pw.Close()
	})
	return pr
}

// ---- CloseWithError used as a value ----

func asValue(pw *io.PipeWriter, err error, errc chan<- error) error {
	errc <- pw.CloseWithError(err) // want `the result of pw.CloseWithError is always nil, so err is lost here: call pw.CloseWithError\(err\) as a statement and report err itself`
	return pw.CloseWithError(err)  // want `the result of pw.CloseWithError is always nil`
}

func readerSide(pr *io.PipeReader) error {
	return pr.CloseWithError(errors.New("stop")) // want `the result of pr.CloseWithError is always nil`
}

// ---- silent ----

func asStatement(pw *io.PipeWriter, err error) error {
	pw.CloseWithError(err)
	_ = pw.CloseWithError(err)
	defer pw.CloseWithError(err)
	return err
}

func deferredClose(v any) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close()
		if err := json.NewEncoder(pw).Encode(v); err != nil {
			pw.CloseWithError(err) // the first close wins over the deferred Close
			return
		}
	}()
	return pr
}

func deferredClosure(v any) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		var err error
		defer func() { pw.CloseWithError(err) }()
		err = json.NewEncoder(pw).Encode(v)
	}()
	return pr
}

func panics(v any) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		if err := json.NewEncoder(pw).Encode(v); err != nil {
			log.Fatal(err) // does not return
		}
		pw.Close()
	}()
	return pr
}

func forever(ch <-chan []byte) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		for b := range ch {
			if _, err := pw.Write(b); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.Close()
	}()
	return pr
}

// pw handed to a function the analyzer cannot see: it may close it.
func handedOn(v any) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		encodeTo(pw, v)
	}()
	return pr
}

func encodeTo(w io.WriteCloser, v any) { w.Close() }

// A standard function that takes io.WriteCloser may close it: silent.
func handedToStd(v any) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		var wc io.WriteCloser = pw
		_ = wc
	}()
	return pr
}

// Closed by the enclosing function.
func closedOutside(ctx context.Context, v any) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		json.NewEncoder(pw).Encode(v)
	}()
	go func() {
		<-ctx.Done()
		pw.CloseWithError(ctx.Err())
	}()
	return pr
}

// Stored in a struct: someone else closes it.
type stream struct{ w *io.PipeWriter }

func stored(s *stream) io.Reader {
	pr, pw := io.Pipe()
	s.w = pw
	go func() {
		fmt.Fprintln(pw, "hello")
	}()
	return pr
}

// A closure stored for later: cannot follow.
func closure(v any) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		done := func() { pw.Close() }
		if err := json.NewEncoder(pw).Encode(v); err != nil {
			done()
			return
		}
		done()
	}()
	return pr
}

// A goroutine started by a function the analyzer does not know.
func unknownRunner(run func(func()), v any) io.Reader {
	pr, pw := io.Pipe()
	run(func() {
		json.NewEncoder(pw).Encode(v)
	})
	return pr
}

// Synchronous use, no goroutine: not this rule's business.
func sync2() {
	pr, pw := io.Pipe()
	_ = pr
	pw.Write(nil)
}

// The reader reads a known amount: a writer never closed does not hang it.
func framed() []byte {
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte("hello"))
	}()
	buf := make([]byte, 5)
	io.ReadFull(pr, buf)
	return buf
}

// But a reader handed to io.ReadAll reads to the end.
func readAll() []byte {
	pr, pw := io.Pipe()
	go func() { // want `the io.PipeWriter pw written by this goroutine is never closed`
		pw.Write([]byte("hello"))
	}()
	b, _ := io.ReadAll(pr)
	return b
}

// Several goroutines share the writer: none of them may close it alone.
func manyWriters(n int) []byte {
	pr, pw := io.Pipe()
	for i := 0; i < n; i++ {
		go func() {
			if _, err := pw.Write([]byte("x")); err != nil {
				return
			}
		}()
	}
	buf := make([]byte, n)
	io.ReadFull(pr, buf)
	return buf
}

// CloseWithError(nil) returns nil and loses nothing.
type pipeCloser struct{ pw *io.PipeWriter }

func (p pipeCloser) Close() error { return p.pw.CloseWithError(nil) }

// Wrapped before the goroutine starts (net/http's multipart ranges).
func wrappedOutside(parts [][]byte) io.Reader {
	pr, pw := io.Pipe()
	tw := tar.NewWriter(pw)
	go func() {
		for _, p := range parts {
			if _, err := tw.Write(p); err != nil {
				return // want `this path leaves the io.PipeWriter pw open`
			}
		}
		pw.CloseWithError(tw.Close())
	}()
	return pr
}

// The result of a function run by a go statement goes nowhere: returning
// CloseWithError's nil loses nothing (go-containerregistry's internal/gzip).
func goReturns(r io.Reader) io.Reader {
	pr, pw := io.Pipe()
	go func() error {
		if _, err := io.Copy(pw, r); err != nil {
			return pw.CloseWithError(err)
		}
		return pw.Close()
	}()
	return pr
}

// Checking the always-nil result is dead code, but the error still reaches
// the reader (ulikunitz/xz's lzma tests).
func deadCheck(pw *io.PipeWriter, err error) {
	if err := pw.CloseWithError(io.EOF); err != nil {
		log.Fatal(err)
	}
	if cerr := pw.CloseWithError(err); cerr != nil {
		log.Fatal(cerr)
	}
}

// ---- a deferred Close on an error path that only logs ----

func loggedOnly(v any) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close()
		if err := json.NewEncoder(pw).Encode(v); err != nil {
			log.Printf("encode: %v", err)
			return // want `this error path returns with err in hand and the deferred pw.Close\(\) gives the reader a clean io.EOF after truncated data; call pw.CloseWithError\(err\) before returning`
		}
	}()
	return pr
}

type logger struct{}

func (logger) Errorf(format string, args ...any) {}

func loggedByMethod(src io.Reader, l logger) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close()
		_, err := io.Copy(pw, src)
		if err != nil {
			l.Errorf("copy: %v", err)
			return // want `this error path returns with err in hand`
		}
	}()
	return pr
}

// The error is handed on: whoever receives it may stop the reader. Silent.
func sentOn(v any, errc chan<- error) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close()
		if err := json.NewEncoder(pw).Encode(v); err != nil {
			errc <- err
			return
		}
	}()
	return pr
}

// The error goes to the pipe. Silent.
func closedWithError(v any) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		defer pw.Close()
		if err := json.NewEncoder(pw).Encode(v); err != nil {
			log.Print(err)
			pw.CloseWithError(err)
			return
		}
	}()
	return pr
}

// Returned to errgroup: the logged-error rule is silent (g.Wait() would
// report it), but the deferred Close still hands pr's reader a clean
// io.EOF after truncated data (P-deferclose).
func groupReturns(v any) io.Reader {
	pr, pw := io.Pipe()
	var g errgroup.Group
	g.Go(func() error {
		defer pw.Close() // want `defer pw.Close\(\) closes the pipe cleanly on the error return at line \d+ too`
		if err := json.NewEncoder(pw).Encode(v); err != nil {
			log.Print(err)
			return err
		}
		return nil
	})
	return pr
}

// The pipe's own Write failed: the reader is gone (or the writer was
// closed), so nobody is left to block on the open writer (pgx's CopyFrom).
func ownWriteFailed(parts [][]byte) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		for _, p := range parts {
			if _, err := pw.Write(p); err != nil {
				return
			}
		}
		pw.Close()
	}()
	return pr
}

// The same through fmt.Fprintf, with the error tested on the next line.
func ownFprintfFailed(lines []string) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		for _, l := range lines {
			_, err := fmt.Fprintf(pw, "%s\n", l)
			if err != nil {
				return
			}
		}
		pw.Close()
	}()
	return pr
}

// A write through a compressor on the pipe can fail for its own reasons:
// still reported.
func compressedWriteFailed(parts [][]byte) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		zw := gzip.NewWriter(pw)
		for _, p := range parts {
			if _, err := zw.Write(p); err != nil {
				return // want `this path leaves the io.PipeWriter pw open`
			}
		}
		pw.CloseWithError(zw.Close())
	}()
	return pr
}
