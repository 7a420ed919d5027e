// Package edge: control flow and typing corners, for crashes and loops.
package edge

import (
	"io"
	"os"
)

func gotoLoop(f *os.File, n int) {
again:
	f.Write(nil) // want `f.Write after f.Close`
	if n > 0 {
		n--
		f.Close()
		goto again
	}
}

func typeSwitch(w io.Writer, f *os.File) {
	switch x := w.(type) {
	case *os.File:
		x.Close()
	default:
		_ = x
	}
	f.Write(nil)
}

func labeledContinue(fs [][]*os.File) {
outer:
	for _, row := range fs {
		for _, f := range row {
			f.Write(nil)
			if f == nil {
				continue outer
			}
			f.Close()
		}
	}
}

func selectDefault(f *os.File, c chan int) { // want selectDefault:"closesParams\\[0\\]"
	for {
		select {
		case <-c:
			f.Close()
			return
		default:
			f.Write(nil)
		}
	}
}

func generic[W interface { // want generic:"closesParams\\[0\\]"
	Write([]byte) (int, error)
	Close() error
}](w W) {
	w.Close()
	w.Write(nil) // a type parameter: whose Close? silent
}

func recursiveClosure(f *os.File) { // want recursiveClosure:"closesParams\\[0\\]"
	var rec func(int)
	rec = func(n int) {
		if n > 0 {
			rec(n - 1)
		}
		f.Write(nil)
	}
	rec(3)
	f.Close()
}

func panics(f *os.File) {
	defer f.Sync()
	f.Close()
	panic("x") // no return: the deferred Sync runs while panicking, not reported
}

func many(a, b, c, d *os.File) {
	for _, f := range []*os.File{a, b, c, d} {
		f.Close()
	}
	a.Write(nil)
}
