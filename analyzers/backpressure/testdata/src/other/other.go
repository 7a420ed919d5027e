// Package other holds writers that are not flowrt writers: all silent.
package other

import (
	"bufio"
	"bytes"
	"io"
	"os"

	fake "example.com/notflowrt/flowrt"
)

type Writer struct{}

func (Writer) Write(v int) bool { return true }

func notFlowrt(buf *bytes.Buffer, w io.Writer, bw *bufio.Writer, fw *fake.Writer[int], own Writer) {
	buf.Write([]byte("x"))
	w.Write([]byte("y"))
	bw.Write([]byte("z"))
	os.Stdout.Write([]byte("!"))
	fw.Write(1)
	_ = fw.Write(2)
	own.Write(3)
	for i := range 3 {
		if !fw.Write(i) {
			println("full")
		}
	}
}

// A same-named wrapper over the fake writer is not a source either.
func emit(w *fake.Writer[int], v int) bool { return w.Write(v) }

func useEmit(w *fake.Writer[int]) { emit(w, 1) }
