package bufiocase

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"strings"
)

// ---- reported ----

func noFlush(w io.Writer, lines []string) error {
	bw := bufio.NewWriter(w) // want `bufio.Writer bw is not flushed before the return at line 22: the buffered tail of the output is lost; call bw.Flush\(\) and check its error`
	for _, l := range lines {
		if _, err := bw.WriteString(l); err != nil {
			return err
		}
	}
	return nil
}

func flushOnOnePathOnly(w io.Writer, short bool) error {
	bw := bufio.NewWriter(w) // want `bw is not flushed before the return at line 29`
	fmt.Fprintln(bw, "header")
	if short {
		return nil
	}
	return bw.Flush()
}

func asIOWriterStillOurs(w io.Writer, v any) error {
	bw := bufio.NewWriterSize(w, 1<<16) // want `bw is not flushed`
	// json.Encoder sees an io.Writer: it cannot flush.
	return json.NewEncoder(bw).Encode(v)
}

func writeAfterFlush(w io.Writer) error {
	bw := bufio.NewWriter(w) // want `bw is not flushed before the return at line 47`
	bw.WriteString("a")
	if err := bw.Flush(); err != nil {
		return err
	}
	bw.WriteString("b")
	return nil
}

func flushDropped(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("x")
	bw.Flush() // want `the error of bw.Flush\(\) is dropped: a failed write of the buffered data goes unreported; check it`
	return nil
}

func deferredFlushDropped(w io.Writer) error {
	bw := bufio.NewWriter(w)
	defer bw.Flush() // want `the deferred bw.Flush\(\) drops its error`
	_, err := bw.WriteString("x")
	return err
}

func inStructField(w io.Writer) {
	bw := bufio.NewWriter(w) // want `bw is not flushed`
	type sink struct{ out io.Writer }
	s := sink{out: bw}
	fmt.Fprintln(s.out, "x")
}

func exitSkipsDefer() {
	bw := bufio.NewWriter(os.Stdout)
	defer bw.Flush()
	fmt.Fprintln(bw, "report")
	os.Exit(0) // want `os.Exit does not run deferred calls: the deferred bw.Flush\(\) never runs`
}

func loopRecreated(w io.Writer, n int) error {
	for i := 0; i < n; i++ {
		bw := bufio.NewWriter(w) // want `bw is not flushed before`
		fmt.Fprintln(bw, i)
	}
	return nil
}

// ---- silent ----

func flushed(w io.Writer, lines []string) error {
	bw := bufio.NewWriter(w)
	for _, l := range lines {
		if _, err := bw.WriteString(l); err != nil {
			return err // an error path: the caller is told
		}
	}
	return bw.Flush()
}

func flushedChecked(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "x")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	return nil
}

func explicitDiscard(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "x")
	_ = bw.Flush() // a written decision
	return nil
}

func returned(w io.Writer) *bufio.Writer { // want returned:"returnsFresh\\(bufio.Writer\\)"
	bw := bufio.NewWriter(w)
	bw.WriteString("header")
	return bw // the caller's duty now
}

func handedOn(w io.Writer) error {
	bw := bufio.NewWriter(w)
	return fill(bw) // fill can see Flush
}

func fill(bw *bufio.Writer) error {
	bw.WriteString("x")
	return bw.Flush()
}

type flusher interface {
	io.Writer
	Flush() error
}

func handedOnAsFlusher(w io.Writer) error {
	bw := bufio.NewWriter(w)
	var f flusher = bw
	fmt.Fprintln(f, "x")
	return f.Flush()
}

func param(bw *bufio.Writer) {
	bw.WriteString("not ours to flush")
}

func deferredClosureChecked(w io.Writer) (err error) {
	bw := bufio.NewWriter(w)
	defer func() {
		if ferr := bw.Flush(); ferr != nil && err == nil {
			err = ferr
		}
	}()
	_, err = bw.WriteString("x")
	return err
}

func deferredPlusChecked(w io.Writer) error {
	bw := bufio.NewWriter(w)
	defer bw.Flush() // covers error paths; the success path checks
	if _, err := bw.WriteString("x"); err != nil {
		return err
	}
	return bw.Flush()
}

func mainLike() {
	// No error result: the deferred Flush's error has nowhere to go.
	bw := bufio.NewWriter(os.Stdout)
	defer bw.Flush()
	fmt.Fprintln(bw, "x")
}

func fatalPath(w io.Writer, bad bool) {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "x")
	if bad {
		log.Fatal("bad") // not a normal return
	}
	bw.Flush()
}

func panicPath(w io.Writer, bad bool) {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "x")
	if bad {
		panic("bad")
	}
	bw.Flush()
}

func exitNonZero() {
	bw := bufio.NewWriter(os.Stdout)
	defer bw.Flush()
	fmt.Fprintln(bw, "x")
	os.Exit(2) // want `os.Exit does not run deferred calls: the deferred bw.Flush\(\) never runs and bw's output is lost; call bw.Flush\(\) before exiting`
}

func neverWritten(w io.Writer, skip bool) error {
	bw := bufio.NewWriter(w)
	if skip {
		return nil // nothing buffered yet
	}
	bw.WriteString("x")
	return bw.Flush()
}

func capturedByClosure(w io.Writer) func() error {
	bw := bufio.NewWriter(w)
	bw.WriteString("x")
	return func() error { return bw.Flush() }
}

func intoMemory() string {
	var sb strings.Builder
	bw := bufio.NewWriter(&sb)
	bw.WriteString("x")
	bw.Flush()
	return sb.String()
}

func anyArg(w io.Writer) {
	bw := bufio.NewWriter(w)
	bw.WriteString("x")
	keep(bw) // an empty interface: could be asserted back
}

func keep(any) {}

func errorPathsOnly(w io.Writer, items []string) error {
	bw := bufio.NewWriter(w)
	for _, it := range items {
		if _, err := bw.WriteString(it); err != nil {
			bw.Flush() // dropped on an error path: the caller is told anyway
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return nil
}

func resetDiscards(w io.Writer, other io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("x")
	if err := bw.Flush(); err != nil {
		return err
	}
	bw.Reset(other)
	return nil
}

func suppressed(w io.Writer) error {
	//flowvet:ignore unflushed the caller flushes through the Flusher it registered
	bw := bufio.NewWriter(w)
	bw.WriteString("x")
	return nil
}

func suppressedSameLine(w io.Writer) error {
	bw := bufio.NewWriter(w) //flowvet:ignore unflushed the caller flushes through the Flusher it registered
	bw.WriteString("x")
	return nil
}

func swallowsError(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("x"); err != nil {
		log.Print(err)
		return nil // the error was handled here, deliberately
	}
	return bw.Flush()
}
