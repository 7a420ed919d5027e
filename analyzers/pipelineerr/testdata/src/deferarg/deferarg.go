// Package deferarg: `defer pw.CloseWithError(err)` evaluates err at the
// defer statement, so a failure assigned to err later never reaches the
// reader (clickhouse-go's HTTP batch insert, conn_http_batch.go).
package deferarg

import (
	"compress/gzip"
	"context"
	"errors"
	"io"

	"github.com/flowvet/flowvet/flowrt"
)

func encode() error           { return errors.New("bad block") }
func count() (int, error)     { return 0, nil }
func fill(err *error)         { *err = encode() }
func run(f func())            { f() }
func consume(r io.Reader) int { return 0 }

type compression struct{}

// reset hands the pipe writer to a method the analyzer cannot follow: the
// rule must not depend on that.
func (compression) reset(pw *io.PipeWriter) io.WriteCloser { return gzip.NewWriter(pw) }

// The clickhouse-go shape.
func batch(c compression) int {
	pr, pw := io.Pipe()
	zw := c.reset(pw)
	go func() {
		var err error
		defer pw.CloseWithError(err) // want `defer pw.CloseWithError\(err\): err is evaluated when the defer statement runs \(nil here\): the reader gets a clean io.EOF on every path, even after a failure assigned to err later \(line 35\); use defer func\(\) \{ pw.CloseWithError\(err\) \}\(\)`
		defer zw.Close()
		if err = encode(); err != nil {
			return
		}
		if _, err = zw.Write([]byte("rows")); err != nil {
			return
		}
	}()
	return consume(pr)
}

// The same with gzip.NewWriter on the pipe: the pipe rules follow this
// writer, and still only the defer is reported.
func compress() int {
	pr, pw := io.Pipe()
	go func() {
		var err error
		defer pw.CloseWithError(err) // want `defer pw.CloseWithError\(err\): err is evaluated when the defer statement runs \(nil here\)`
		zw := gzip.NewWriter(pw)
		defer zw.Close()
		if err = encode(); err != nil {
			return
		}
		if _, err = zw.Write([]byte("data")); err != nil {
			return
		}
	}()
	return consume(pr)
}

// := re-use of err in the same scope assigns it.
func redeclared(pw *io.PipeWriter) {
	err := encode()
	defer pw.CloseWithError(err) // want `defer pw.CloseWithError\(err\): err is evaluated when the defer statement runs, not at return: a failure assigned to err later \(line 68\) is lost, the reader gets a clean io.EOF; use defer func\(\) \{ pw.CloseWithError\(err\) \}\(\)`
	n, err := count()
	_ = n
}

// A named result is assigned by every return with results.
func named(pw *io.PipeWriter) (err error) {
	defer pw.CloseWithError(err) // want `\(nil here\).*assigned to err later \(line 75\)`
	return encode()
}

// An assignment in a closure that captures err.
func closure(pw *io.PipeWriter) {
	var err error
	defer pw.CloseWithError(err) // want `\(nil here\).*\(line 82\)`
	run(func() { err = encode() })
}

// Its address taken: it may change through the pointer.
func address(pw *io.PipeWriter) {
	var err error
	defer pw.CloseWithError(err) // want `\(nil here\).*\(line 89\)`
	fill(&err)
}

// The reader end: the writer gets io.ErrClosedPipe instead of err.
func readerEnd(pr *io.PipeReader) {
	var err error
	defer pr.CloseWithError(err) // want `defer pr.CloseWithError\(err\): err is evaluated when the defer statement runs \(nil here\): the writer gets io.ErrClosedPipe on every path`
	_, err = io.ReadAll(pr)
}

// A flowrt writer.
func stage(ctx context.Context, w *flowrt.Writer[int]) {
	var err error
	defer w.CloseWithError(err) // want `defer w.CloseWithError\(err\): err is evaluated when the defer statement runs \(nil here\): the reader gets a clean io.EOF on every path`
	for i := range 3 {
		if err = w.Send(ctx, i); err != nil {
			return
		}
	}
}

// A later assignment in a loop that comes back to it.
func loop(pw *io.PipeWriter, blocks [][]byte) {
	var err error
	for _, b := range blocks {
		if err != nil {
			break
		}
		defer pw.CloseWithError(err) // want `\(nil here\).*\(line 118\)`
		_, err = pw.Write(b)
	}
}

// The receiver is reassigned after the defer: reported, but the closure
// would close another pipe, so no fix is offered.
func swapped(pw, next *io.PipeWriter) {
	var err error
	defer pw.CloseWithError(err) // want `defer pw.CloseWithError\(err\): err is evaluated`
	pw = next
	err = encode()
}

// ---- silent ----

// The closure form reads err at return.
func closureForm(pw *io.PipeWriter) {
	var err error
	defer func() { pw.CloseWithError(err) }()
	err = encode()
}

// Deferred in the branch that tests it: the error in hand is the one meant.
func guarded(pw *io.PipeWriter) {
	err := encode()
	if err != nil {
		defer pw.CloseWithError(err)
		return
	}
	_, err = pw.Write([]byte("x"))
	_ = err
}

// Not assigned after the defer.
func notReassigned(pw *io.PipeWriter) {
	err := encode()
	defer pw.CloseWithError(err)
	pw.Write([]byte("x"))
}

// A parameter, never assigned.
func param(pw *io.PipeWriter, err error) {
	defer pw.CloseWithError(err)
}

// A call expression or a field is evaluated when it is meant to be.
type job struct{ err error }

func callArg(ctx context.Context, pw *io.PipeWriter, j *job) {
	defer pw.CloseWithError(ctx.Err())
	defer pw.CloseWithError(errors.New("stop"))
	defer pw.CloseWithError(j.err)
	j.err = encode()
}

// The later assignment is on another path: the defer's branch returns.
func otherPath(pw *io.PipeWriter, stop bool, err error) {
	if stop {
		defer pw.CloseWithError(err)
		return
	}
	err = encode()
	_ = err
}

// A new err in each iteration: the defer holds that iteration's.
func perIteration(pw *io.PipeWriter, n int) {
	for range n {
		err := encode()
		defer pw.CloseWithError(err)
	}
}

// A new err in an inner scope is another variable.
func shadowed(pw *io.PipeWriter) {
	var err error
	defer pw.CloseWithError(err)
	if err := encode(); err != nil {
		return
	}
}

// Not a pipe: some other type's CloseWithError.
type conn struct{}

func (conn) CloseWithError(err error) error { return nil }

func other(c conn) {
	var err error
	defer c.CloseWithError(err)
	err = encode()
	_ = err
}

// A deferred CloseWithError in the branch runs at return, after this Close:
// the Close wins, and the reader sees a clean io.EOF (the deferarg rule is
// silent: the defer holds the error in hand).
func deferredInBranch(pw *io.PipeWriter, src io.Reader) {
	if _, err := io.Copy(pw, src); err != nil {
		defer pw.CloseWithError(err)
		pw.Close() // want `pw.Close\(\) on the error path: the reader sees a clean io.EOF after truncated data; use pw.CloseWithError\(err\)`
		return
	}
	pw.Close()
}
