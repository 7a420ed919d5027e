// Package loops: a close in the last iteration of a counted loop is not
// followed by another iteration; a close in any other iteration is.
package loops

import (
	"io"
	"os"
)

var ok bool

// Bad: the loop writes again after the close.

func closeEachIteration(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		w.Write(b) // want `w.Write after w.Close`
		w.Close()
	}
}

func closeFirstIteration(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		w.Write(b) // want `w.Write after w.Close`
		if i == 0 {
			w.Close()
		}
	}
}

func closeThenWriteSameIteration(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		if i == n-1 {
			w.Close()
		}
		w.Write(b) // want `w.Write after w.Close`
	}
}

func boundGrows(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		w.Write(b) // want `w.Write after w.Close`
		if i == n-1 {
			w.Close()
			n++
		}
	}
}

func indexMoves(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		w.Write(b) // want `w.Write after w.Close`
		if i == n-1 {
			w.Close()
			i = 0
		}
	}
}

func wrongConstant(w *os.File, b []byte) {
	for i := 0; i < 3; i++ {
		w.Write(b) // want `w.Write after w.Close`
		if i == 1 {
			w.Close()
		}
	}
}

func notLastOr(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		w.Write(b) // want `w.Write after w.Close`
		if i == n-1 || ok {
			w.Close()
		}
	}
}

func nextOuterIteration(w *os.File, m, n int, b []byte) {
	for j := 0; j < m; j++ {
		for i := 0; i < n; i++ {
			w.Write(b) // want `w.Write after w.Close`
			if i == n-1 {
				w.Close()
			}
		}
	}
}

func afterTheLoop(w *os.File, xs [][]byte) {
	for i, x := range xs {
		w.Write(x)
		if i == len(xs)-1 {
			w.Close()
		}
	}
	w.Write(nil) // want `w.Write after w.Close`
}

func rangeBoundChanges(w *os.File, xs [][]byte) {
	for i, x := range xs {
		w.Write(x) // want `w.Write after w.Close`
		if i == len(xs)-1 {
			w.Close()
			xs = append(xs, nil)
		}
	}
}

func closeInElseOfLast(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		w.Write(b) // want `w.Write after w.Close`
		if i == n-1 {
		} else {
			w.Close()
		}
	}
}

func mapRange(w *os.File, m map[int][]byte) {
	for i, x := range m {
		w.Write(x) // want `w.Write after w.Close`
		if i == len(m)-1 {
			w.Close() // a map's keys are not its iteration count
		}
	}
}

// Silent: the close happens in the last iteration.

func lastIndex(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		w.Write(b)
		if i == n-1 {
			w.Close()
		}
	}
}

func lastIndexForms1(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		w.Write(b)
		if i+1 == n {
			w.Close()
		}
	}
}

func lastIndexForms2(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		w.Write(b)
		if n-1 == i {
			w.Close()
		}
	}
}

func lastIndexForms3(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		w.Write(b)
		if i >= n-1 {
			w.Close()
		}
	}
}

func lastIndexForms4(w *os.File, n int, b []byte) {
	for i := 0; i != n; i++ {
		w.Write(b)
		if n == i+1 {
			w.Close()
		}
	}
}

func lastIndexForms5(w *os.File, n int, b []byte) {
	for i := 1; i <= n; i++ {
		w.Write(b)
		if i == n {
			w.Close()
		}
	}
}

func lastIndexForms6(w *os.File, n int, b []byte) {
	for i := 0; i < n; i += 1 {
		w.Write(b)
		if i < n-1 {
			continue
		}
		w.Close()
	}
}

func lastElse1(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		w.Write(b)
		if i < n-1 {
			w.Write(b)
		} else {
			w.Close()
		}
	}
}

func lastElse2(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		w.Write(b)
		if i != n-1 {
			continue
		} else {
			w.Close()
		}
	}
}

func lastAnd(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		w.Write(b)
		if ok && i == n-1 {
			w.Close()
		}
	}
}

func countDown1(w *os.File, n int, b []byte) {
	for i := n - 1; i >= 0; i-- {
		w.Write(b)
		if i == 0 {
			w.Close()
		}
	}
}

func countDown2(w *os.File, n int, b []byte) {
	for i := n; i > 0; i-- {
		w.Write(b)
		if i == 1 {
			w.Close()
		}
	}
}

func constantCount(w *os.File, b []byte) {
	for i := 0; i < 2; i++ {
		w.Write(b)
		if i == 1 {
			w.Close()
		}
	}
}

func rangeSlice(w *os.File, xs [][]byte) {
	for i, x := range xs {
		w.Write(x)
		if i == len(xs)-1 {
			w.Close()
		}
	}
}

func rangeArray(w *os.File, xs [4][]byte) {
	for i, x := range xs {
		w.Write(x)
		if i == len(xs)-1 {
			w.Close()
		}
	}
}

func rangeInt(w *os.File, n int, b []byte) {
	for i := range n {
		w.Write(b)
		if i == n-1 {
			w.Close()
		}
	}
}

func lastFlag(w *os.File, xs [][]byte) {
	for i, x := range xs {
		last := i == len(xs)-1
		w.Write(x)
		if last {
			w.Close()
		}
	}
}

func lengthInLocal(w *os.File, xs [][]byte) {
	n := len(xs)
	for i := range xs {
		w.Write(xs[i])
		if i == n-1 {
			w.Close()
		}
	}
}

func pipeLastChunk(pw *io.PipeWriter, chunks [][]byte) {
	for i, c := range chunks {
		if _, err := pw.Write(c); err != nil {
			pw.CloseWithError(err)
			return
		}
		if i == len(chunks)-1 {
			pw.Close()
		}
	}
}

func bothLast(w *os.File, m, n int, b []byte) {
	for j := 0; j < m; j++ {
		for i := 0; i < n; i++ {
			w.Write(b)
			if j == m-1 && i == n-1 {
				w.Close()
			}
		}
	}
}

func lastSwitch(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		w.Write(b)
		switch {
		case i == n-1:
			w.Close()
		}
	}
}

func firstSwitch(w *os.File, n int, b []byte) {
	for i := 0; i < n; i++ {
		w.Write(b) // want `w.Write after w.Close`
		switch {
		case i == 0:
			w.Close()
		}
	}
}

func lastTaggedSwitch(w *os.File, xs [][]byte) {
	for i, x := range xs {
		w.Write(x)
		switch i {
		case 0:
			w.Write(nil)
		case len(xs) - 1:
			w.Close()
		}
	}
}

func firstTaggedSwitch(w *os.File, xs [][]byte) {
	for i, x := range xs {
		w.Write(x) // want `w.Write after w.Close`
		switch i {
		case 0:
			w.Close()
		}
	}
}

func rangeArrayPointer(w *os.File, xs *[4][]byte) {
	for i, x := range xs {
		w.Write(x)
		if i == len(xs)-1 {
			w.Close()
		}
	}
}

func rangeArrayPointerWrong(w *os.File, xs *[4][]byte) {
	for i, x := range xs {
		w.Write(x) // want `w.Write after w.Close`
		if i == 2 {
			w.Close()
		}
	}
}

// Loops without an init statement: the loop starts afresh wherever the
// index gets a value.

func noInitLast(w *os.File, n int, b []byte) {
	i := 0
	for ; i < n; i++ {
		w.Write(b)
		if i == n-1 {
			w.Close()
		}
	}
}

func noInitVarDecl(w *os.File, xs [][]byte) {
	var i int
	for ; i < len(xs); i++ {
		w.Write(xs[i])
		if i+1 == len(xs) {
			w.Close()
		}
	}
}

func noInitParam(w *os.File, i, n int, b []byte) {
	for ; i < n; i++ {
		w.Write(b)
		if i == n-1 {
			w.Close()
		}
	}
}

func noInitNextOuterIteration(w *os.File, m, n int, b []byte) {
	var i int
	for j := 0; j < m; j++ {
		i = 0
		for ; i < n; i++ {
			w.Write(b) // want `w.Write after w.Close`
			if i == n-1 {
				w.Close()
			}
		}
	}
}

func noInitIndexMoves(w *os.File, n int, b []byte) {
	i := 0
	for ; i < n; i++ {
		w.Write(b) // want `w.Write after w.Close`
		if i == n-1 {
			w.Close()
			i = 0
		}
	}
}

func noInitFirst(w *os.File, n int, b []byte) {
	i := 0
	for ; i < n; i++ {
		w.Write(b) // want `w.Write after w.Close`
		if i == 0 {
			w.Close()
		}
	}
}

func noInitAfterTheLoop(w *os.File, n int, b []byte) {
	i := 0
	for ; i < n; i++ {
		if i == n-1 {
			w.Close()
		}
	}
	w.Write(b) // want `w.Write after w.Close`
}
