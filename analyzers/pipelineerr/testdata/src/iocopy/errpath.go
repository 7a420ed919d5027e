package iocopy

import (
	"bytes"
	"compress/gzip"
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

// hashicorp/nomad api.go:1022,1024: the body of an unexpected response is
// read into the error message in the two arms of an if, and the return of
// the failure follows the if. Every path from the copies falls off their
// blocks into that return. Silent.
type StatusError struct {
	Code int
	Body string
}

func (e StatusError) Error() string { return http.StatusText(e.Code) + ": " + e.Body }

func getNested(c *http.Client, url string) (*http.Response, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		var buf bytes.Buffer
		if resp.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				return nil, err
			}
			_, _ = io.Copy(&buf, zr)
		} else {
			_, _ = io.Copy(&buf, resp.Body)
		}
		resp.Body.Close()
		return nil, StatusError{resp.StatusCode, buf.String()}
	}
	return resp, nil
}

// The same in the arms of a switch, an else-if chain and a bare block,
// two levels up. Silent.
func statusSwitch(resp *http.Response, verbose bool) error {
	var buf bytes.Buffer
	switch {
	case resp.StatusCode == http.StatusOK:
		return nil
	case verbose:
		io.Copy(&buf, resp.Body)
	default:
		if resp.ContentLength > 0 {
			io.Copy(&buf, io.LimitReader(resp.Body, 512))
		} else if resp.ContentLength < 0 {
			{
				io.Copy(&buf, io.LimitReader(resp.Body, 64))
			}
		}
	}
	resp.Body.Close()
	return fmt.Errorf("status %d: %s", resp.StatusCode, buf.String())
}

// Still reported: the return after the if reports success, or another
// path leaves before it, or the copy is in a loop (falling off its body
// goes round again), or its case falls through or breaks.
func getNestedOK(resp *http.Response, dst *os.File) (*http.Response, error) {
	if resp.StatusCode == http.StatusOK {
		if dst != nil {
			io.Copy(dst, resp.Body) // want `the result of io.Copy is discarded \(statement\)`
		}
	}
	return resp, nil
}

func leavesEarly(resp *http.Response, dst *os.File, quiet bool) error {
	if resp.StatusCode != http.StatusOK {
		io.Copy(dst, resp.Body) // want `the result of io.Copy is discarded \(statement\)`
	}
	if quiet {
		return nil
	}
	return fmt.Errorf("status %d", resp.StatusCode)
}

func leavesInBlock(resp *http.Response, dst *os.File, quiet bool) error {
	if resp.StatusCode != http.StatusOK {
		io.Copy(dst, resp.Body) // want `the result of io.Copy is discarded \(statement\)`
		if quiet {
			return nil
		}
	}
	return fmt.Errorf("status %d", resp.StatusCode)
}

func inLoop(parts []io.Reader, dst *os.File) error {
	for _, p := range parts {
		if p != nil {
			io.Copy(dst, p) // want `the result of io.Copy is discarded \(statement\)`
		}
	}
	return fmt.Errorf("%d parts", len(parts))
}

func fallsThrough(resp *http.Response, dst *os.File) error {
	switch resp.StatusCode {
	case http.StatusOK:
		io.Copy(dst, resp.Body) // want `the result of io.Copy is discarded \(statement\)`
		fallthrough
	case http.StatusAccepted:
		return nil
	}
	return fmt.Errorf("status %d", resp.StatusCode)
}

func breaksOut(resps []*http.Response, dst *os.File) error {
	for _, resp := range resps {
		switch resp.StatusCode {
		case http.StatusOK:
			io.Copy(dst, resp.Body) // want `the result of io.Copy is discarded \(statement\)`
			break
		}
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}
