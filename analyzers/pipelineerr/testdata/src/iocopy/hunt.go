package iocopy

import (
	"errors"
	"io"
	"io/ioutil"
	"os"
	"sync"
)

// hashicorp/vault/api sys_raft.go:247: a deliberate drain into
// ioutil.Discard, which is io.Discard under its old name. Silent.
func drainPipe(rPipe *io.PipeReader, wg *sync.WaitGroup) {
	defer func() {
		io.Copy(ioutil.Discard, rPipe)
		rPipe.Close()
		wg.Done()
	}()
}

// gohugoio/hugo transform/chain.go:115: the failed transformation's input
// is dumped to a temp file on a path that returns the error; `_, _ =` is
// the deliberate spelling of the statement. Silent.
func transform(tr func(io.Reader) error, from io.Reader, dir string) error {
	if err := tr(from); err != nil {
		tempfile, ferr := os.CreateTemp(dir, "transform-")
		if ferr == nil {
			defer tempfile.Close()
			_, _ = io.Copy(tempfile, from)
			return errors.Join(err, errors.New("input saved in "+tempfile.Name()))
		}
		return err
	}
	return nil
}
