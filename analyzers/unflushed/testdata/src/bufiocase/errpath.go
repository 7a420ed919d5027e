package bufiocase

import (
	"bufio"
	"context"
	"io"
	"strconv"
)

// Which returns report success is decided by analyzers/internal/errpath.

// The error of a call is nil when the call succeeded, also when the call
// gives all the results: these paths may report success.
func multiResult(w io.Writer, s string) (int, error) {
	bw := bufio.NewWriter(w) // want `bw is not flushed before the return at line 17`
	bw.WriteString(s)
	return strconv.Atoi(s)
}

// Err and Error report a state that is nil when all went well.
func scannerErr(w io.Writer, sc *bufio.Scanner) error {
	bw := bufio.NewWriter(w) // want `bw is not flushed before the return at line 26`
	for sc.Scan() {
		bw.WriteString(sc.Text())
	}
	return sc.Err()
}

type shortWrite struct{ n int }

func (e *shortWrite) Error() string { return "short write of " + strconv.Itoa(e.n) }

func short(n int) *shortWrite { return &shortWrite{n} }

// A concrete error value is never a nil error, whatever the callee's name:
// the path fails. Silent.
func concreteError(w io.Writer, data []byte) error {
	bw := bufio.NewWriter(w)
	bw.Write(data)
	if len(data) > 10 {
		return short(len(data))
	}
	return bw.Flush()
}

// An error variable assigned a sentinel is non-nil: silent.
func sentinelAssigned(w io.Writer, data []byte) error {
	bw := bufio.NewWriter(w)
	bw.Write(data)
	var err error
	if len(data) == 0 {
		err = io.ErrShortWrite
		return err
	}
	return bw.Flush()
}

// An error that is neither followed nor tested (a parameter): errpath
// cannot tell whether the return reports success. Silent.
func handedError(w io.Writer, data []byte, err error) error {
	bw := bufio.NewWriter(w)
	bw.Write(data)
	if len(data) == 0 {
		return err
	}
	return bw.Flush()
}

// minio-go's PutObjectsSnowball: the error of a done context is a failure,
// so the report names the success return.
func snowball(ctx context.Context, w io.Writer, items <-chan string) error {
	bw := bufio.NewWriter(w) // want `bw is not flushed before the return at line 79`
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case s, ok := <-items:
			if !ok {
				return nil
			}
			bw.WriteString(s)
		}
	}
}
