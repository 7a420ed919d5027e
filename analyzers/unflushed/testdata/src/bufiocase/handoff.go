package bufiocase

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
)

// Issue 4: converting the writer to io.Writer does not hand on the duty to
// flush; returning it, storing it in the result, or passing it where the
// callee can see Flush does.

// ---- reported ----

func inIOWriterVar(w io.Writer) error {
	bw := bufio.NewWriter(w) // want `bw is not flushed before the return at line 23`
	var out io.Writer = bw
	fmt.Fprintln(out, "x")
	return nil
}

func assignedToIOWriterVar(w io.Writer) error {
	bw := bufio.NewWriter(w) // want `bw is not flushed before the return at line 31`
	var out io.Writer
	out = bw
	fmt.Fprintln(out, "x")
	return nil
}

type options struct{ Out io.Writer }

func fieldOfArgument(o *options, w io.Writer) error {
	bw := bufio.NewWriter(w) // want `bw is not flushed before the return at line 39`
	o.Out = bw
	return render(o)
}

func render(o *options) error {
	_, err := io.WriteString(o.Out, "x")
	return err
}

func cmdStdoutOfArgument(cmd *exec.Cmd, w io.Writer) error {
	bw := bufio.NewWriter(w) // want `bw is not flushed before the return at line 50`
	cmd.Stdout = bw
	return cmd.Run()
}

func localHolderNotReturned(w io.Writer) error {
	bw := bufio.NewWriter(w) // want `bw is not flushed before the return at line 56`
	r := &result{out: bw}
	return r.emit()
}

type result struct{ out io.Writer }

func (r *result) emit() error {
	_, err := io.WriteString(r.out, "x")
	return err
}

func exitZeroUnflushed(w io.Writer) {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "done")
	os.Exit(0) // want `os.Exit\(0\) ends the program before bufio.Writer bw is flushed: the buffered output is lost; call bw.Flush\(\) before exiting`
}

// ---- silent ----

func passedAsFlusher(w io.Writer) error {
	bw := bufio.NewWriter(w)
	return finishFlusher(bw) // the callee sees Flush
}

func finishFlusher(f flusher) error {
	fmt.Fprintln(f, "x")
	return f.Flush()
}

func storedInResult(w io.Writer) *result {
	bw := bufio.NewWriter(w)
	bw.WriteString("header")
	return &result{out: bw} // the caller's
}

func storedInReturnedLocal(w io.Writer) (*result, error) {
	bw := bufio.NewWriter(w)
	bw.WriteString("header")
	r := &result{}
	r.out = bw
	return r, nil
}

func returnedAsIOWriter(w io.Writer) io.Writer {
	bw := bufio.NewWriter(w)
	bw.WriteString("header")
	var out io.Writer = bw
	return out
}

func namedResult(w io.Writer) (bw *bufio.Writer) {
	bw = bufio.NewWriter(w) // the result itself: not a local
	bw.WriteString("header")
	return
}

func intoNamedResultField(w io.Writer) (r result, err error) {
	bw := bufio.NewWriter(w)
	bw.WriteString("header")
	r.out = bw
	return r, nil
}

type server struct{ bw *bufio.Writer }

func (s *server) createdIntoField(w io.Writer) {
	// Not reported at this return (a field outlives the function), but no
	// method of server ever flushes it.
	s.bw = bufio.NewWriter(w) // want `bufio.Writer in field server.bw is written to but nothing in the package flushes it`
	s.bw.WriteString("x")
}

func (s *server) fieldWriter() error {
	_, err := s.bw.WriteString("x") // received as a field
	return err
}

func fatalWithDeferredFlush(bad bool) {
	bw := bufio.NewWriter(os.Stdout)
	defer bw.Flush()
	fmt.Fprintln(bw, "x")
	if bad {
		log.Fatal("bad") // want `log.Fatal does not run deferred calls: the deferred bw.Flush\(\) never runs and bw's output is lost; call bw.Flush\(\) before exiting`
	}
}

func exitZeroIntoMemory() {
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	bw.WriteString("x")
	os.Exit(0) // memory dies with the process: nothing is lost
}

func exitZeroAfterFlush(w io.Writer) {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "done")
	bw.Flush()
	os.Exit(0)
}
