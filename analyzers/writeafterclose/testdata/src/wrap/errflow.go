package wrap

import (
	"bufio"
	"log"
	"os"
)

// Which returns report success is decided by errpath.Reports with the
// facts of errpath.Flow, the function's error variables followed along
// its CFG: a deferred write in the wrong order is reported only where the
// function may tell its caller that all went well.

// Past `if err == nil { return ... }`, err is non-nil: the return after
// it reports a failure. (Before errpath.Flow, only an enclosing
// `if err != nil` made `return err` a failure, and this was reported.)
func nilCheckFallsThrough(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	defer bw.Flush()
	defer f.Close()
	_, err = bw.Write(data)
	if err == nil {
		return bw.Flush() // flushed: the deferred Flush writes nothing
	}
	log.Print(err)
	return err // err != nil here
}

// err is nil unless short: `return err` may report success, and then what
// bw holds goes into the closed file. (Before errpath.Flow, an error
// variable ever assigned a certain error was not followed: silent.)
func errMaybeSet(name string, data []byte, short bool) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	defer bw.Flush() // want `deferred bw.Flush writes into f, which the deferred f.Close \(line \d+\) has closed by then`
	defer f.Close()
	bw.Write(data)
	err = nil
	if short {
		err = errShort
	}
	return err
}

// A deferred closure that only reads err leaves it followed: `return err`
// after a Write that succeeded reports success. (Before, any closure that
// mentioned err made it unknown: silent.)
func readByDefer(name string, data []byte) (err error) {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(name)
		}
	}()
	bw := bufio.NewWriter(f)
	defer bw.Flush() // want `deferred bw.Flush writes into f, which the deferred f.Close \(line \d+\) has closed by then`
	defer f.Close()
	_, err = bw.Write(data)
	return err
}

// The same with every success path flushing first: silent.
func readByDeferFlushed(name string, data []byte) (err error) {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(name)
		}
	}()
	bw := bufio.NewWriter(f)
	defer bw.Flush()
	defer f.Close()
	if _, err = bw.Write(data); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	return nil
}

// A deferred closure that assigns err may change it at any call: a return
// of err is not judged (silent, though the same code without the closure
// is reported like readByDefer).
func assignedByDefer(name string, data []byte) (err error) {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	defer bw.Flush()
	defer f.Close()
	defer func() {
		if r := recover(); r != nil {
			err = errShort
		}
	}()
	_, err = bw.Write(data)
	return err
}

// Inside `if err != nil && err != errShort`, err is non-nil: a failure.
// (go/cfg keeps the && in one condition; errpath.Flow reads its
// conjuncts, as the syntactic guard did before.)
func nilCheckInChain(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	defer bw.Flush()
	defer f.Close()
	if _, err = bw.Write(data); err != nil && err != errShort {
		return err
	}
	return bw.Flush()
}

// On the path through the Close in `if err != nil`, err is non-nil at the
// return: the deferred Flush writes into the closed file only where the
// caller is told of the failure. (errpath.Flow's facts at the return, on
// every path to it, say err may be nil there: the path from the Close
// is followed on its own.)
func closeOnError(f *os.File, data []byte) (err error) {
	bw := bufio.NewWriter(f)
	defer bw.Flush()
	_, err = bw.Write(data)
	if err != nil {
		f.Close()
	}
	return err
}

// The same with the error swallowed: the caller is told all went well.
func closeOnErrorSwallowed(f *os.File, data []byte) error {
	bw := bufio.NewWriter(f)
	defer bw.Flush() // want `deferred bw.Flush writes into f after f.Close`
	if _, err := bw.Write(data); err != nil {
		f.Close()
		log.Print(err)
		return nil
	}
	return nil
}
