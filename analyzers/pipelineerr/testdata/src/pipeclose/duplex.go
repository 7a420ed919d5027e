package pipeclose

import (
	"encoding/json"
	"io"
)

// pconn is a duplex connection over a reader and a writer (chromedp's
// NewPipeConn).
type pconn struct {
	dec *json.Decoder
	w   io.Writer
}

func newPConn(r io.Reader, w io.Writer) *pconn { return &pconn{dec: json.NewDecoder(r), w: w} }

func (c *pconn) read(v any) error { return c.dec.Decode(v) }

func (c *pconn) write(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = c.w.Write(b)
	return err
}

// chromedp pipe_test.go:257: a fake browser answers the client over two
// pipes; the client holds the reader of the responses and the writer of
// the commands (one newPConn call). The fake's read fails when the client
// closed its command stream: the responses, each written whole, end
// cleanly with Close. Silent.
func fakeBrowser() *pconn {
	cmdR, cmdW := io.Pipe()
	resR, resW := io.Pipe()
	client := newPConn(resR, cmdW)
	go func() {
		fake := newPConn(cmdR, resW)
		for {
			var msg map[string]any
			if err := fake.read(&msg); err != nil {
				resW.Close()
				return
			}
			fake.write(msg)
		}
	}()
	return client
}

// Twin: the commands come from a source of someone else's, not from the
// reader of the responses: its failure is news to that reader. Reported.
func relayBrowser(src io.Reader) io.Reader {
	resR, resW := io.Pipe()
	go func() {
		fake := newPConn(src, resW)
		for {
			var msg map[string]any
			if err := fake.read(&msg); err != nil {
				resW.Close() // want `resW.Close\(\) on the error path: the reader sees a clean io.EOF after truncated data; use resW.CloseWithError\(err\)`
				return
			}
			fake.write(msg)
		}
	}()
	return resR
}

// Twin: two pipes, but their ends go to different peers (the commands'
// writer to one, the responses' reader to another): reported.
func twoPeers(sink func(io.Writer), source func(io.Reader)) {
	cmdR, cmdW := io.Pipe()
	resR, resW := io.Pipe()
	sink(cmdW)
	source(resR)
	go func() {
		fake := newPConn(cmdR, resW)
		for {
			var msg map[string]any
			if err := fake.read(&msg); err != nil {
				resW.Close() // want `resW.Close\(\) on the error path: the reader sees a clean io.EOF after truncated data; use resW.CloseWithError\(err\)`
				return
			}
			fake.write(msg)
		}
	}()
}
