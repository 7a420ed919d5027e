package iopipe

import (
	"encoding/json"
	"io"
)

type client struct {
	r io.Reader
	w io.Writer
}

func newClient(r io.Reader, w io.Writer) *client { return &client{r, w} }

// mcp-go client/stdio_test.go:521: a fake server answers a client over two
// pipes; the client holds the reader of the responses and the writer of
// the requests (one newClient call). The server's decode fails when the
// client ended its requests: the deferred Close ends the responses, each
// written whole, as they should. Silent.
func fakeServer() *client {
	clientRead, serverWrite := io.Pipe()
	serverRead, clientWrite := io.Pipe()
	c := newClient(clientRead, clientWrite)
	go func() {
		defer serverWrite.Close()
		dec := json.NewDecoder(serverRead)
		for {
			var req map[string]any
			if err := dec.Decode(&req); err != nil {
				return
			}
			b, _ := json.Marshal(req)
			serverWrite.Write(b)
		}
	}()
	return c
}

// Twin: the requests come from a source the response reader did not
// write: reported.
func echoServer(src io.Reader) io.Reader {
	clientRead, serverWrite := io.Pipe()
	go func() {
		defer serverWrite.Close()
		dec := json.NewDecoder(src)
		for {
			var req map[string]any
			if err := dec.Decode(&req); err != nil {
				return // want `this error path returns with err in hand and the deferred serverWrite.Close\(\) gives the reader a clean io.EOF after truncated data`
			}
			b, _ := json.Marshal(req)
			serverWrite.Write(b)
		}
	}()
	return clientRead
}
