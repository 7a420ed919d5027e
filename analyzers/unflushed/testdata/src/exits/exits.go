package exits

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"example.com/clitool"
	"fmt"
	"log"
	"os"
)

func run() int { return 0 }

// The status may be 0: the deferred Flush never runs on success either.
func exitCode() {
	bw := bufio.NewWriter(os.Stdout)
	defer bw.Flush()
	fmt.Fprintln(bw, "x")
	os.Exit(run()) // want `os.Exit does not run deferred calls: the deferred bw.Flush\(\) never runs and bw's output is lost; call bw.Flush\(\) before exiting`
}

func fatalf(err error) {
	gz := gzip.NewWriter(os.Stdout)
	defer gz.Close()
	gz.Write([]byte("x"))
	if err != nil {
		log.Fatalf("fatal: %v", err) // want `log.Fatalf does not run deferred calls: the deferred gz.Close\(\) never runs`
	}
}

func loggerFatal(l *log.Logger, err error) {
	bw := bufio.NewWriter(os.Stdout)
	defer bw.Flush()
	fmt.Fprintln(bw, "x")
	if err != nil {
		l.Fatalln(err) // want `l.Fatalln does not run deferred calls`
	}
}

// A helper of another package that always exits, known by its fact.
func helperExits(err error) {
	bw := bufio.NewWriter(os.Stdout)
	defer bw.Flush()
	fmt.Fprintln(bw, "x")
	if err != nil {
		clitool.Fail(err) // want `clitool.Fail \(which always ends the process\) does not run deferred calls`
	}
}

// A helper of this package, found to exit on every path.
func die(format string, args ...any) {
	log.Printf(format, args...)
	os.Exit(3)
}

func localHelper(err error) {
	bw := bufio.NewWriter(os.Stdout)
	defer bw.Flush()
	fmt.Fprintln(bw, "x")
	if err != nil {
		die("bad: %v", err) // want `die \(which always ends the process\) does not run deferred calls`
	}
}

// Silent twins.

// A panic runs the deferred Flush.
func panics(err error) {
	bw := bufio.NewWriter(os.Stdout)
	defer bw.Flush()
	fmt.Fprintln(bw, "x")
	if err != nil {
		log.Panicf("bad: %v", err)
	}
	clitool.Abort(err)
}

// Flushed before the exit: nothing is lost.
func flushedFirst(err error) {
	bw := bufio.NewWriter(os.Stdout)
	defer bw.Flush()
	fmt.Fprintln(bw, "x")
	if err := bw.Flush(); err != nil {
		log.Fatal(err)
	}
	os.Exit(run())
}

// Nothing was deferred: a failing exit was not meant to finish the writer.
func failNoDefer(err error) {
	bw := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(bw, "x")
	if err != nil {
		log.Fatal(err)
	}
	bw.Flush()
}

// Nothing written yet when the process exits.
func exitBeforeWrite(err error) {
	bw := bufio.NewWriter(os.Stdout)
	defer bw.Flush()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintln(bw, "x")
}

// A file's written data is in the kernel; memory dies with the process.
func fileAndMemory(err error) {
	f, _ := os.Create("out")
	defer f.Close()
	f.Write([]byte("x"))
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	defer bw.Flush()
	fmt.Fprintln(bw, "x")
	if err != nil {
		log.Fatal(err)
	}
}
