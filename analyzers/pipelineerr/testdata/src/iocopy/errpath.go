package iocopy

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"os"
)

// Which returns report success is decided by analyzers/internal/errpath,
// with what the function's CFG says about its error variables.

// syncthing's sha256file: the block ends with a bare return of a named
// error that is nil on this path (tested just before). A success path.
func sha256OfFile(name string) (sum []byte, err error) {
	f, err := os.Open(name)
	if err != nil {
		return
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f) // want `the result of io.Copy is discarded \(statement\)`
	sum = h.Sum(nil)
	return
}

// A named error assigned a failure before the bare return: the error
// path reads the body into the message. Silent.
func statusError(resp *http.Response) (body []byte, err error) {
	if resp.StatusCode != http.StatusOK {
		var buf bytes.Buffer
		err = fmt.Errorf("status %d", resp.StatusCode)
		io.Copy(&buf, resp.Body)
		body = buf.Bytes()
		return
	}
	return io.ReadAll(resp.Body)
}

// The same with the error in a local tested on the enclosing branch.
// Silent.
func statusErrorLocal(resp *http.Response) ([]byte, error) {
	var err error
	if resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %d", resp.StatusCode)
	}
	if err != nil {
		var buf bytes.Buffer
		io.Copy(&buf, resp.Body)
		return nil, err
	}
	return io.ReadAll(resp.Body)
}
