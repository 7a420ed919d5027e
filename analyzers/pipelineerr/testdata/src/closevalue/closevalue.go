package closevalue

import (
	"errors"
	"io"
)

// go-git's push: the done channel always receives nil.
func push(wr *io.PipeWriter, encode func() error, done chan<- error) {
	if err := encode(); err != nil {
		done <- wr.CloseWithError(err) // want `the result of wr.CloseWithError is always nil, so err is lost here`
		return
	}
	done <- wr.Close()
}

func fail(pw *io.PipeWriter, err error) error {
	return pw.CloseWithError(err) // want `the result of pw.CloseWithError is always nil`
}

func failN(pw *io.PipeWriter, err error) (int, error) {
	if err != nil {
		return 0, pw.CloseWithError(err) // want `the result of pw.CloseWithError is always nil`
	}
	return 1, nil
}

type job struct{ err error }

func (j *job) abort(pw *io.PipeWriter) error {
	switch {
	case j.err != nil:
		return pw.CloseWithError(j.err) // want `so j.err is lost here`
	}
	return nil
}

// No fix: the argument would be evaluated twice.
func noFix(pw *io.PipeWriter) error {
	return pw.CloseWithError(errors.New("x")) // want `the result of pw.CloseWithError is always nil`
}

// No fix: a select case's send is not a statement of its own.
func inSelect(pw *io.PipeWriter, err error, errc chan<- error, quit <-chan struct{}) {
	select {
	case errc <- pw.CloseWithError(err): // want `the result of pw.CloseWithError is always nil`
	case <-quit:
	}
}
