// Package httpcopy: a failed copy into a chunked response ends it cleanly
// (golang/go#31932).
package httpcopy

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
)

func download(w http.ResponseWriter, r *http.Request) {
	f, err := os.Open(r.URL.Path)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	io.Copy(w, f) // want `the error of io.Copy into w is dropped and no Content-Length is set: when the copy fails, net/http ends the chunked response normally and the client takes the truncated body for a whole one; on error, log it and panic\(http.ErrAbortHandler\) to cut the connection`
}

func relay(w http.ResponseWriter, resp *http.Response) {
	w.WriteHeader(resp.StatusCode)
	_, _ = io.CopyN(w, resp.Body, 1<<20) // want `the error of io.CopyN into w is dropped`
}

func counted(w http.ResponseWriter, body io.Reader) {
	n, _ := io.Copy(w, body) // want `the error of io.Copy into w is dropped`
	log.Printf("sent %d bytes", n)
}

func inClosure(f *os.File) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(w, f) // want `the error of io.Copy into w is dropped`
	}
}

// ---- silent ----

// The client notices a short body against the Content-Length.
func withLength(w http.ResponseWriter, f *os.File, size int64) {
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	io.Copy(w, f)
}

func withLengthLower(w http.ResponseWriter, f *os.File, size int64) {
	h := w.Header()
	h["content-length"] = []string{fmt.Sprint(size)}
	io.Copy(w, f)
}

// A proxy that copies the upstream's headers (Content-Length among them).
func proxy(w http.ResponseWriter, resp *http.Response) {
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	io.Copy(w, resp.Body)
}

func proxyHelper(w http.ResponseWriter, resp *http.Response) {
	copyHeader(w.Header(), resp.Header)
	io.Copy(w, resp.Body)
}

func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		dst[k] = vs
	}
}

// The error is handled.
func handled(w http.ResponseWriter, f *os.File) {
	if _, err := io.Copy(w, f); err != nil {
		log.Print(err)
		panic(http.ErrAbortHandler)
	}
}

// Memory cannot fail: only a client gone away can.
func fromMemory(w http.ResponseWriter, buf *bytes.Buffer) {
	io.Copy(w, buf)
	io.Copy(w, strings.NewReader("done"))
}

// The handler never returns after the copy (net/http/cgi's test program
// writes for ever until the client leaves): net/http never ends the body.
func forever(w http.ResponseWriter, src io.Reader) {
	io.Copy(w, src)
	for {
		select {}
	}
}
