package iopipe

import "io"

// IgnoreError is a project's explicit "I drop this error" helper (pulumi's
// contract.IgnoreError).
func IgnoreError(err error) {}

type recvStream interface {
	Recv() ([]byte, error)
}

// pulumi langruntime_plugin.go:536,537: CloseWithError's (nil) result goes
// to the discard helper, and err itself is sent on the next lines. Silent.
func relayIgnore(s recvStream) (io.Reader, io.Reader, <-chan error) {
	pr, pw := io.Pipe()
	er, ew := io.Pipe()
	done := make(chan error, 1)
	go func() {
		defer close(done)
		for {
			msg, err := s.Recv()
			if err == io.EOF {
				IgnoreError(pw.Close())
				IgnoreError(ew.Close())
				done <- nil
				return
			}
			if err != nil {
				IgnoreError(pw.CloseWithError(err))
				IgnoreError(ew.CloseWithError(err))
				done <- err
				return
			}
			if _, err := pw.Write(msg); err != nil {
				IgnoreError(ew.CloseWithError(err))
				done <- err
				return
			}
		}
	}()
	return pr, er, done
}

type result struct{ err error }

// err returned, or stored outside the function, after the call. Silent.
func abortReturn(pw *io.PipeWriter, err error) error {
	IgnoreError(pw.CloseWithError(err))
	return err
}

func (r *result) abortStore(pw *io.PipeWriter, err error) {
	IgnoreError(pw.CloseWithError(err))
	r.err = err
}

// Still reported: err goes nowhere else (go-git's `done <-
// wr.CloseWithError(err)` stays reported as before), it is sent on only
// one path, after a statement that may leave, or after it was changed.
func abortLost(pw *io.PipeWriter, err error, done chan<- error) {
	IgnoreError(pw.CloseWithError(err)) // want `the result of pw.CloseWithError is always nil, so err is lost here`
	done <- nil
}

func abortOnePath(pw *io.PipeWriter, err error, done chan<- error, tell bool) {
	IgnoreError(pw.CloseWithError(err)) // want `the result of pw.CloseWithError is always nil, so err is lost here`
	if tell {
		done <- err
	}
}

func abortLeaves(pw *io.PipeWriter, err error, done chan<- error, quit bool) {
	IgnoreError(pw.CloseWithError(err)) // want `the result of pw.CloseWithError is always nil, so err is lost here`
	if quit {
		return
	}
	done <- err
}

func abortChanged(pw *io.PipeWriter, err error, done chan<- error) {
	IgnoreError(pw.CloseWithError(err)) // want `the result of pw.CloseWithError is always nil, so err is lost here`
	err = nil
	done <- err
}

// In a goroutine, a returned err goes nowhere.
func abortGo(pw *io.PipeWriter, err error) {
	go func() error {
		IgnoreError(pw.CloseWithError(err)) // want `the result of pw.CloseWithError is always nil, so err is lost here`
		return err
	}()
}

func abortLocal(pw *io.PipeWriter, err error) {
	var last error
	IgnoreError(pw.CloseWithError(err)) // want `the result of pw.CloseWithError is always nil, so err is lost here`
	last = err
	_ = last
}

// Whatever keep does with the nil, err itself reaches done. Silent.
func abortKept(pw *io.PipeWriter, err error, done chan<- error) {
	keep(pw.CloseWithError(err))
	done <- err
}

var kept []error

func keep(err error) error { kept = append(kept, err); return err }

// The helper's result is used: the nil may go on through it. Reported.
func abortResultUsed(pw *io.PipeWriter, err error, done chan<- error) error {
	e := keep(pw.CloseWithError(err)) // want `the result of pw.CloseWithError is always nil, so err is lost here`
	done <- err
	return e
}

// Assigned to a parameter or a local struct: nobody outside sees it.
// Reported.
func abortParam(pw *io.PipeWriter, err, last error) {
	IgnoreError(pw.CloseWithError(err)) // want `the result of pw.CloseWithError is always nil, so err is lost here`
	last = err
	_ = last
}

func abortLocalStruct(pw *io.PipeWriter, err error) {
	var r result
	IgnoreError(pw.CloseWithError(err)) // want `the result of pw.CloseWithError is always nil, so err is lost here`
	r.err = err
	_ = r
}

// Captured by a goroutine that hands it to its starter. Silent.
func abortCaptured(pw *io.PipeWriter, work func() error) error {
	var firstErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := work(); err != nil {
			IgnoreError(pw.CloseWithError(err))
			firstErr = err
		}
	}()
	<-done
	return firstErr
}
