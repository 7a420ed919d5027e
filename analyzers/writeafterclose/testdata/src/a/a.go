package a

import (
	"bytes"
	"compress/lzw"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"

	"github.com/flowvet/flowvet/flowrt"
)

var done bool

func basic(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	f.Write(data)
	f.Close()
	_, err = f.Write(data) // want `f.Write after f.Close \(line 27\): the write fails with os.ErrClosed and its data is lost; move the Close after the last write \(defer it\)`
	return err
}

func writeString(f *os.File) { // want writeString:"closesParams\\[0\\]"
	f.Close()
	f.WriteString("x") // want `f.WriteString after f.Close`
}

func fprintf(f *os.File) { // want fprintf:"closesParams\\[0\\]"
	f.Close()
	fmt.Fprintf(f, "%d", 1) // want `fmt.Fprintf\(f, ...\) after f.Close`
}

func ioCopy(f *os.File, r io.Reader) { // want ioCopy:"closesParams\\[0\\]"
	f.Close()
	io.Copy(f, r) // want `io.Copy\(f, ...\) after f.Close`
}

func readFromClosed(f *os.File, w io.Writer) { // want readFromClosed:"closesParams\\[0\\]"
	f.Close()
	io.Copy(w, f) // reading a closed file is not a write: not this analyzer's business
}

func syncAfter(f *os.File) { // want syncAfter:"closesParams\\[0\\]"
	if err := f.Close(); err != nil {
		return
	}
	f.Sync() // want `f.Sync after f.Close`
}

// The close is on a path that returns: it does not reach the write.
func closeOnErrorPath(f *os.File, data []byte) error {
	if len(data) == 0 {
		f.Close()
		return errors.New("empty")
	}
	_, err := f.Write(data)
	if err != nil {
		return err
	}
	return f.Close()
}

// Some path: the write after a conditional close.
func conditional(f *os.File, data []byte) {
	if len(data) == 0 {
		f.Close()
	}
	f.Write(data) // want `f.Write after f.Close`
}

func deferClose(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write(data) // fine: the deferred Close runs at return
	return err
}

func reassigned(names []string, data []byte) error {
	f, err := os.Create(names[0])
	if err != nil {
		return err
	}
	f.Write(data)
	f.Close()
	f, err = os.Create(names[1])
	if err != nil {
		return err
	}
	f.Write(data) // fine: a new file
	return f.Close()
}

func loopNoBreak(w *os.File, data []byte) {
	for {
		w.Write(data) // want `w.Write after w.Close`
		if done {
			w.Close()
		}
	}
}

func loopBreak(w *os.File, data []byte) { // want loopBreak:"closesParams\\[0\\]"
	for {
		w.Write(data)
		if done {
			w.Close()
			break
		}
	}
}

func loopFresh(names []string, data []byte) {
	for _, name := range names {
		f, _ := os.Create(name)
		f.Write(data)
		f.Close()
	}
}

func loopRangeValue(files []*os.File, data []byte) {
	for _, f := range files {
		f.Write(data) // fine: f is a new value each iteration
		f.Close()
	}
}

func loopVar(names []string, data []byte) {
	var f *os.File
	for _, name := range names {
		f, _ = os.Create(name)
		f.Write(data)
		f.Close()
	}
}

func pipe(data []byte) *io.PipeReader {
	pr, pw := io.Pipe()
	pw.Close()
	pw.Write(data) // want `pw.Write after pw.Close \(line 150\): the write fails with io.ErrClosedPipe`
	return pr
}

func pipeCloseWithError(pw *io.PipeWriter, data []byte, err error) { // want pipeCloseWithError:"closesParams\\[0\\]"
	pw.CloseWithError(err)
	pw.Write(data) // want `pw.Write after pw.CloseWithError`
}

func conn(c net.Conn, data []byte) { // want conn:"closesParams\\[0\\]"
	c.Close()
	c.Write(data) // want `c.Write after c.Close \(line 161\): the write fails with net.ErrClosed`
}

func tcp(c *net.TCPConn, data []byte) { // want tcp:"closesParams\\[0\\]"
	c.CloseWrite()
	c.Write(data) // want `c.Write after c.CloseWrite \(line 166\): the write fails with net.ErrClosed`
}

// An io.WriteCloser parameter: whose Close is it? A base64 encoder's Close
// flushes and it writes on. Not checked.
func writeCloser(w io.WriteCloser, data []byte) { // want writeCloser:"closesParams\\[0\\]"
	w.Close()
	w.Write(data)
}

func base64Encoder(buf *bytes.Buffer, s string) {
	w := base64.NewEncoder(base64.StdEncoding, buf)
	io.WriteString(w, s)
	w.Close()
	io.WriteString(w, s) // fine for an encoder: Close flushed it (mime/encodedword.go)
	w.Close()
}

func stdinPipe(cmd *exec.Cmd, data []byte) error {
	w, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	w.Close()
	_, err = w.Write(data) // want `w.Write after w.Close \(line \d+\): the write fails and its data is lost`
	return err
}

func fileAsWriteCloser(name string, data []byte) {
	var w io.WriteCloser
	w, _ = os.Create(name)
	w.Close()
	w.Write(data) // want `w.Write after w.Close`
}

func lzwReset(data []byte) {
	var buf bytes.Buffer
	w := lzw.NewWriter(&buf, lzw.LSB, 8)
	w.Write(data)
	w.Close()
	w.(*lzw.Writer).Reset(&buf, lzw.LSB, 8)
	w.Write(data) // fine: Reset reopened it (compress/lzw/writer_test.go)
	w.Close()
}

func lzwNoReset(data []byte) {
	var buf bytes.Buffer
	w := lzw.NewWriter(&buf, lzw.LSB, 8)
	w.Close()
	w.Write(data) // want `w.Write after w.Close`
}

func flowrtWriter(ctx context.Context, w *flowrt.Writer[int]) error { // want flowrtWriter:"closesParams\\[1\\]"
	w.Close()
	w.Write(1)            // want `w.Write after w.Close \(line 220\): the write is rejected with flowrt.ErrWriteAfterClose`
	return w.Send(ctx, 2) // want `w.Send after w.Close`
}

func flowrtDestroy(w *flowrt.Writer[int], err error) { // want flowrtDestroy:"closesParams\\[0\\]"
	w.CloseWithError(err)
	w.Write(1) // want `w.Write after w.CloseWithError`
}

// A reader close does not stop the writer being checked elsewhere.
func readerClose(r *flowrt.Reader[int], w *flowrt.Writer[int]) { // want readerClose:"closesParams\\[0\\]"
	r.Close()
	w.Write(1)
}

// Deferred calls run at return, in reverse order.
func deferSyncClose(f *os.File) { // want deferSyncClose:"closesParams\\[0\\]"
	defer f.Sync() // want `deferred f.Sync runs after the deferred f.Close \(line 239\), since defers run in reverse order: it fails with os.ErrClosed and its data is lost; defer the Close first so that it runs last`
	defer f.Close()
	f.Write(nil)
}

func deferCloseSync(f *os.File) { // want deferCloseSync:"closesParams\\[0\\]"
	defer f.Close()
	defer f.Sync() // fine: runs first
	f.Write(nil)
}

func deferredWriteAfterExplicitClose(f *os.File) error { // want deferredWriteAfterExplicitClose:"closesParams\\[0\\]"
	defer f.Sync() // want `deferred f.Sync runs at return, after f.Close \(line 252\)`
	f.Write(nil)
	return f.Close()
}

func deferredWriteErrorPath(f *os.File) error {
	defer f.Sync()
	if _, err := f.Write(nil); err != nil {
		return err
	}
	for {
	}
}

// Escapes the analyzer cannot follow: silent.
func addressTaken(f *os.File) {
	f.Close()
	reopen(&f)
	f.Write(nil)
}

func reopen(f **os.File) { *f, _ = os.Create("x") }

func goroutine(f *os.File) { // want goroutine:"closesParams\\[0\\]"
	go func() {
		f.Write(nil)
	}()
	f.Close()
	f.Write(nil)
}

func passedAway(f *os.File, run func(func())) {
	f.Close()
	run(func() { f, _ = os.Create("y") })
	f.Write(nil)
}

// Closures run where they are called.
func closureImmediate(f *os.File) {
	func() {
		f.Close()
	}()
	f.Write(nil) // want `f.Write after the function literal called here \(it closes f\)`
}

func closureLater(f *os.File) {
	cleanup := func() { f.Close() }
	f.Write(nil) // fine: cleanup has not run yet
	cleanup()
	f.Write(nil) // want `f.Write after cleanup\(\) \(it closes f\)`
}

func closureDefined(f *os.File) {
	cleanup := func() { f.Close() }
	f.Write(nil)
	defer cleanup()
	f.Write(nil) // fine: runs at return
}

func closureDeferredWrite(f *os.File) {
	defer func() {
		f.Close()
	}()
	f.Write(nil)
}

func closureWritesLater(f *os.File) { // want closureWritesLater:"closesParams\\[0\\]"
	flush := func() { f.Sync() } // want `f.Sync after f.Close`
	f.Close()
	flush() // the Sync inside is reported
}

func closureConditional(f *os.File) {
	maybe := func() {
		if done {
			f.Close()
		}
	}
	maybe()
	f.Write(nil) // not reported: maybe does not close on every path
}

// Inside a goroutine's function literal the flow is its own.
func insideGoroutine(pw *io.PipeWriter) {
	go func() {
		pw.Close()
		pw.Write(nil) // want `pw.Write after pw.Close`
	}()
}

func closeWhenDone(f *os.File, err error) error { // want closeWhenDone:"closesParams\\[0\\]"
	if err != nil {
		f.Close()
		return err
	}
	_, err = f.Write(nil)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func switchClose(f *os.File, mode int) {
	switch mode {
	case 1:
		f.Close()
		return
	case 2:
		f.Write(nil)
	}
	f.Write(nil)
}

func suppressed(f *os.File) { // want suppressed:"closesParams\\[0\\]"
	f.Close()
	//flowvet:ignore writeafterclose this test wants the error
	f.Write(nil)
}

func closureReassigns(f *os.File) {
	reopen := func() { f, _ = os.Create("z") }
	f.Close()
	reopen()
	f.Write(nil) // silent: a function literal assigns f
}

// Stored to a field: the local still holds the closed file.
type sink struct{ f *os.File }

func storedToField(s *sink, f *os.File) { // want storedToField:"closesParams\\[1\\]" // want storedToField:"closesParams\\[1\\]"
	s.f = f
	f.Close()
	f.Write(nil) // want `f.Write after f.Close`
}

func selectLoop(ctx context.Context, w *flowrt.Writer[int], in <-chan int) { // want selectLoop:"closesParams\\[1\\]" // want selectLoop:"closesParams\\[1\\]"
	for {
		select {
		case v, ok := <-in:
			if !ok {
				w.Close()
				return
			}
			w.Write(v) // want `w.Write after w.CloseWithError`
		case <-ctx.Done():
			w.CloseWithError(ctx.Err())
			break
		}
		w.Write(0) // want `w.Write after w.CloseWithError`
	}
}

func labeledBreak(w *flowrt.Writer[int], vs []int) { // want labeledBreak:"closesParams\\[0\\]" // want labeledBreak:"closesParams\\[0\\]"
outer:
	for {
		for _, v := range vs {
			if v < 0 {
				w.Close()
				break outer
			}
			w.Write(v)
		}
	}
}

// hex.Dumper's Close ends the dump; later writes are legal and ignored
// (encoding/hex/hex_test.go).
func hexDumper(out *bytes.Buffer, data []byte) {
	dumper := hex.Dumper(out)
	dumper.Write(data)
	dumper.Close()
	dumper.Write(data)
}

// ReadFrom writes into its receiver: *os.File, *net.TCPConn and
// *bufio.Writer implement io.ReaderFrom.
func readFromAfterClose(name string, r io.Reader) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	f.Close()
	_, err = f.ReadFrom(r) // want `f.ReadFrom after f.Close \(line \d+\): the write fails with os.ErrClosed and its data is lost`
	return err
}

func readFromConnAfterCloseWrite(c *net.TCPConn, r io.Reader) { // want readFromConnAfterCloseWrite:"closesParams\\[0\\]"
	c.CloseWrite()
	c.ReadFrom(r) // want `c.ReadFrom after c.CloseWrite`
}

func readFromThenClose(name string, r io.Reader) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.ReadFrom(r) // fine: the deferred Close runs at return
	return err
}
