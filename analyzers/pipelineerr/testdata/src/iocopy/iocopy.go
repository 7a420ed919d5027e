package iocopy

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
)

func save(dst *os.File, resp *http.Response) {
	io.Copy(dst, resp.Body) // want `the result of io.Copy is discarded \(statement\): a failed or short copy leaves dst truncated`
}

func saveN(dst *os.File, src io.Reader) {
	io.CopyN(dst, src, 512) // want `the result of io.CopyN is discarded \(statement\)`
}

func saveBuf(dst *os.File, src io.Reader) {
	buf := make([]byte, 32<<10)
	_, _ = io.CopyBuffer(dst, src, buf) // want `the result of io.CopyBuffer is discarded \(blank\)`
}

func download(f *os.File, c net.Conn, r io.Reader) {
	go io.Copy(f, r)    // want `the result of io.Copy is discarded \(go\)`
	defer io.Copy(f, c) // want `the result of io.Copy is discarded \(defer\)`
}

func hashFile(f *os.File) []byte {
	h := sha256.New()
	io.Copy(h, f) // want `the result of io.Copy is discarded`
	return h.Sum(nil)
}

func intoBuffer(src io.Reader) string {
	var b bytes.Buffer
	(io.Copy(&b, src)) // want `the result of io.Copy is discarded`
	return b.String()
}

// ---- silent ----

func drain(resp *http.Response) {
	io.Copy(io.Discard, resp.Body) // a deliberate drain
	resp.Body.Close()
}

func toStdout(r io.Reader) {
	io.Copy(os.Stdout, r) // like fmt.Print: the process's own output
	io.Copy(os.Stderr, r)
}

func inMemory() string {
	var b bytes.Buffer
	io.Copy(&b, strings.NewReader("cannot fail"))
	var sb strings.Builder
	io.Copy(&sb, bytes.NewReader([]byte("cannot fail")))
	return b.String() + sb.String()
}

func checked(dst io.Writer, src io.Reader) error {
	if _, err := io.Copy(dst, src); err != nil {
		return err
	}
	n, err := io.CopyN(dst, src, 10)
	if err != nil || n != 10 {
		return io.ErrUnexpectedEOF
	}
	_, err = io.Copy(dst, src)
	return err
}

// An HTTP handler has nobody to report to, but with no Content-Length the
// client does not see the cut: net/http ends the chunked body normally
// (P-httpcopy, see httpcopy/).
func handler(w http.ResponseWriter, r *http.Request) {
	f, err := os.Open("x")
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	defer f.Close()
	io.Copy(w, f) // want `the error of io.Copy into w is dropped and no Content-Length is set`
}

// A copy into a connection: the peer sees a failed copy as a broken
// connection (a proxy has nobody else to tell).
func proxy(a, b net.Conn) {
	go io.Copy(a, b)
	io.Copy(b, a)
}

type session interface {
	io.ReadWriter
	RemoteAddr() net.Addr
}

func serveSession(s session, stdout io.Reader) {
	io.Copy(s, stdout)
}

// On a path that returns an error, the copy only decorates the message.
func errorBody(resp *http.Response) error {
	if resp.StatusCode != 200 {
		var b strings.Builder
		io.Copy(&b, resp.Body)
		return errors.New("unexpected status: " + b.String())
	}
	var b strings.Builder
	io.Copy(&b, resp.Body) // want `the result of io.Copy is discarded`
	return nil
}

// An SSH-style channel: CloseWrite marks a connection (gliderlabs/ssh's
// tunnels). Silent.
type channel interface {
	io.ReadWriteCloser
	CloseWrite() error
}

func tunnel(ch channel, c net.Conn) {
	go func() {
		defer ch.Close()
		io.Copy(ch, c)
	}()
	io.Copy(c, ch)
}

// Feeding a child process from memory (os/exec's StdinPipe example, helm's
// post-renderer): cmd.Wait tells how the process ended. Silent.
func feed(cmd *exec.Cmd, manifests *bytes.Buffer) error {
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	go func() {
		defer stdin.Close()
		io.Copy(stdin, manifests)
	}()
	return cmd.Run()
}

// But from a fallible source the process sees a clean EOF of truncated input.
func feedFromNetwork(cmd *exec.Cmd, c net.Conn) error {
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	go func() {
		defer stdin.Close()
		io.Copy(stdin, c) // want `the result of io.Copy is discarded \(statement\): a failed or short copy leaves stdin truncated`
	}()
	return cmd.Run()
}

// The last statement returns Close's error, which is nil on success: this
// is the success path, and the copy's error is lost on it.
func saveAndClose(name string, src io.Reader) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	io.Copy(f, src) // want `the result of io.Copy is discarded \(statement\)`
	return f.Close()
}

// A block that ends by returning a constructed error is an error path.
func describeFailure(resp *http.Response) error {
	if resp.StatusCode != 200 {
		var b bytes.Buffer
		io.Copy(&b, resp.Body)
		return wrapStatus(resp.StatusCode, b.String())
	}
	return nil
}

func wrapStatus(code int, body string) error { return errors.New(body) }
