package iocopy

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"sync"

	"golang.org/x/sync/errgroup"
)

// containerd pkg/cio/io_unix.go:69,80,90: stdio relays between FIFOs and
// the caller's streams in fire-and-forget goroutines. The literal has no
// result, sends no error and stores none: the copy's error has nowhere to
// go, and neither destination can carry it to its reader. Silent.
type streamSet struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

type fifoSet struct {
	Stdin          io.WriteCloser
	Stdout, Stderr io.ReadCloser
}

func copyIO(pipes fifoSet, ioset streamSet, bufs *sync.Pool) *sync.WaitGroup {
	go func() {
		p := bufs.Get().(*[]byte)
		defer bufs.Put(p)

		io.CopyBuffer(pipes.Stdin, ioset.Stdin, *p)
		pipes.Stdin.Close()
	}()

	var wg = &sync.WaitGroup{}
	wg.Go(func() {
		p := bufs.Get().(*[]byte)
		defer bufs.Put(p)

		io.CopyBuffer(ioset.Stdout, pipes.Stdout, *p)
		pipes.Stdout.Close()
	})
	wg.Go(func() {
		_, _ = io.Copy(ioset.Stderr, pipes.Stderr)
		pipes.Stderr.Close()
	})
	return wg
}

// containerd core/diff/stream_unix.go:53: feeding a child's extra file
// (an os.Pipe) from memory in a fire-and-forget goroutine. Silent.
func binaryProcessor(cmd *exec.Cmd, data []byte) error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	go func() {
		io.Copy(w, bytes.NewReader(data))
		w.Close()
	}()
	cmd.ExtraFiles = append(cmd.ExtraFiles, r)
	return cmd.Start()
}

// go-git plumbing/transport/ssh/internal/test/test_utils.go:28,36: the same
// relays in an SSH test server. Silent.
func sshHandler(s io.ReadWriter, stdin io.WriteCloser, stderr io.Reader, errw io.Writer) {
	go func() {
		defer stdin.Close()
		io.Copy(stdin, s)
	}()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		io.Copy(errw, stderr)
	}()
	wg.Wait()
}

// containerd pkg/ioutil/read_closer.go:33: a pipe writer carries the error
// to its reader (CloseWithError): reported, with that remedy.
func wrapReadCloser(r io.Reader) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		_, _ = io.Copy(pw, r) // want `the result of io.Copy is discarded \(blank\): a failed or short copy leaves pw truncated and its reader sees a clean io.EOF; hand the error to the reader \(if _, err := io.Copy\(...\); err != nil \{ pw.CloseWithError\(err\); ... \}\)`
		pr.Close()
		pw.Close()
	}()
	return pr
}

// A child's stdin from cmd.StdinPipe: cmd.Stdin = src makes cmd.Wait
// report the copy. Reported.
func relayToChild(cmd *exec.Cmd, src *os.File) error {
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	go func() {
		defer stdin.Close()
		io.Copy(stdin, src) // want `the process sees a clean end of input; check the error, or set cmd.Stdin to the source and let cmd.Wait\(\) report a failed copy`
	}()
	return cmd.Run()
}

// A goroutine that has a channel for errors but does not send the copy's:
// reported.
func relayWithErrc(dst io.Writer, src io.Reader) error {
	errc := make(chan error, 1)
	go func() {
		io.Copy(dst, src) // want `the result of io.Copy is discarded \(statement\): a failed or short copy leaves dst truncated and nobody knows`
		errc <- nil
	}()
	return <-errc
}

type result struct {
	n   int64
	err error
}

func relayWithResultChan(dst io.Writer, src io.Reader) error {
	done := make(chan result, 1)
	go func() {
		io.Copy(dst, src) // want `the result of io.Copy is discarded`
		done <- result{}
	}()
	return (<-done).err
}

// A goroutine that stores errors in a captured variable: reported.
func relayWithCapturedErr(dst io.Writer, src, other io.Reader) error {
	var wg sync.WaitGroup
	var firstErr error
	wg.Go(func() {
		io.Copy(dst, src) // want `the result of io.Copy is discarded`
		if _, err := io.ReadAll(other); err != nil {
			firstErr = err
		}
	})
	wg.Wait()
	return firstErr
}

// An errgroup literal returns an error that reaches Wait: reported.
func relayInGroup(g *errgroup.Group, dst io.Writer, src io.Reader) {
	g.Go(func() error {
		io.Copy(dst, src) // want `the result of io.Copy is discarded`
		return nil
	})
}

// go io.Copy(...) of a connection, pipe or terminal: relay.go.

// A goroutine-local error variable is no way out: silent.
func relayLocalErr(dst io.Writer, src, other io.Reader) {
	go func() {
		io.Copy(dst, src)
		var err error
		_, err = io.ReadAll(other)
		_ = err
	}()
}

// gohugoio/hugo babel.go:198, postcss.go:225, tailwindcss.go:141: a
// wrapper of exec.Cmd with the same StdinPipe, fed from a fallible source.
// Reported.
type runner struct{ cmd *exec.Cmd }

func (r *runner) StdinPipe() (io.WriteCloser, error) { return r.cmd.StdinPipe() }
func (r *runner) Run() error                         { return r.cmd.Run() }

func babel(cmd *runner, from io.Reader) error {
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	go func() {
		defer stdin.Close()
		io.Copy(stdin, from) // want `the process sees a clean end of input; check the error and stop the process, or give cmd the source as its stdin so that it reports a failed copy`
	}()
	return cmd.Run()
}

// mcp-go client/transport/stdio.go:366: a function that only ever runs as
// a goroutine (`go drainStderr(ring, stderr)`, no other use), without
// results, drains a child's stderr into a lossy ring: its body is a
// goroutine body, and the copy's error has nowhere to go. Silent.
type ring struct{ buf bytes.Buffer }

func (r *ring) Write(p []byte) (int, error) { return r.buf.Write(p) }

func drainStderr(r *ring, stderr io.Reader) {
	_, _ = io.Copy(r, stderr)
}

func startDrain(r *ring, stderr io.Reader) {
	go drainStderr(r, stderr)
}

// Twin: the same function also called directly runs on the caller's path,
// where a result could carry the error: reported.
func drainBoth(r *ring, stderr io.Reader) {
	_, _ = io.Copy(r, stderr) // want `the result of io.Copy is discarded \(blank\)`
}

func startBoth(r *ring, stderr io.Reader) {
	go drainBoth(r, stderr)
	drainBoth(r, stderr)
}

// Twin: a goroutine-only function that stores the error where others can
// see it has a way out: reported.
type drainer struct{ err error }

func (d *drainer) drainInto(r *ring, stderr io.Reader, other io.Reader) {
	_, _ = io.Copy(r, stderr) // want `the result of io.Copy is discarded \(blank\)`
	_, d.err = io.ReadAll(other)
}

func (d *drainer) start(r *ring, stderr, other io.Reader) {
	go d.drainInto(r, stderr, other)
}

// chromedp allocate.go:605: readOutput returns the copy of the rest of a
// child's output as a func() task, and its only caller runs it in a
// WaitGroup's goroutine: the literal is a goroutine body, and the copy's
// error has nowhere to go. Silent.

func readOutput(rc io.Reader, forward io.Writer) (string, func(), error) {
	copyRest := func() {}
	if forward != nil {
		copyRest = func() { io.Copy(forward, rc) }
	}
	return "ws://", copyRest, nil
}

func startBrowser(wg *sync.WaitGroup, rc io.Reader, forward io.Writer) (string, error) {
	url, copyRest, err := readOutput(rc, forward)
	if err != nil {
		return "", err
	}
	wg.Go(func() {
		copyRest()
	})
	return url, nil
}

// Twin: a caller that runs the task on its own path, where a result could
// carry the error: reported.
func readRest(rc io.Reader, forward io.Writer) func() {
	return func() { io.Copy(forward, rc) } // want `the result of io.Copy is discarded \(statement\)`
}

func finishBrowser(rc io.Reader, forward io.Writer) {
	copyRest := readRest(rc, forward)
	copyRest()
}

// chromedp's readOutput, kept beside readOutputTo and never called:
// returning readOutputTo's results as its own passes the task on to
// nobody. Silent.
func readOutputTo(rc io.Reader, forward io.Writer) (string, func(), error) {
	copyRest := func() {}
	if forward != nil {
		copyRest = func() { io.Copy(forward, rc) }
	}
	return "ws://", copyRest, nil
}

func readOutputUnused(rc io.Reader, forward io.Writer) (string, func(), error) {
	return readOutputTo(rc, forward)
}

func startBrowserTo(wg *sync.WaitGroup, rc io.Reader, forward io.Writer) error {
	_, copyRest, err := readOutputTo(rc, forward)
	if err != nil {
		return err
	}
	if copyRest != nil {
		wg.Go(func() { copyRest() })
	}
	return nil
}

// Twin: a forwarder whose caller runs the task on its own path: reported.
func readRestTo(rc io.Reader, forward io.Writer) func() {
	return func() { io.Copy(forward, rc) } // want `the result of io.Copy is discarded \(statement\)`
}

func readRestVia(rc io.Reader, forward io.Writer) func() {
	return readRestTo(rc, forward)
}

func finishVia(wg *sync.WaitGroup, rc io.Reader, forward io.Writer) {
	copyRest := readRestVia(rc, forward)
	wg.Go(func() { copyRest() })
	readRestTo(rc, forward)()
}
