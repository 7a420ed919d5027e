// Package switches holds signals tested by switch statements: switch ok {
// case false: }, switch { case !ok: }, switch w.Write(v) { case true: }.
package switches

import (
	"context"
	"log"

	"github.com/flowvet/flowvet/flowrt"
)

// Reported: the false case only logs, and the loop writes again.

func tagVar(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		ok := w.Write(v)
		switch ok { // want `ok \(the result of w.Write\) is tested but a false result is ignored: the loop writes again without waiting for the buffer to drain; when it is false, wait with Drain\(ctx\), return or break`
		case false:
			log.Print("full")
		}
	}
}

func tagless(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		ok := w.Write(v)
		switch {
		case !ok: // want `ok \(the result of w.Write\) is tested but a false result is ignored`
			log.Print("full")
		}
	}
}

func tagCall(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		switch w.Write(v) { // want `a false result of w.Write is tested but ignored: the loop writes again without waiting for the buffer to drain; when it returns false, wait with w.Drain\(ctx\) \(or return, or break\), or use w.Send\(ctx, v\)`
		case true:
		default:
			log.Print("full")
		}
	}
}

func taglessCall(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		switch {
		case !w.Write(v): // want `a false result of w.Write is tested but ignored`
			log.Print("full")
		}
	}
}

func countTrue(w *flowrt.Writer[int], vs []int) (n int) {
	for _, v := range vs {
		switch w.Write(v) { // want `a false result of w.Write is tested but ignored`
		case true:
			n++
		}
	}
	return n
}

// Both values: one report per switch.
func bothCases(w *flowrt.Writer[int], vs []int) (n int) {
	for _, v := range vs {
		switch ok := w.Write(v); ok { // want `ok \(the result of w.Write\) is tested but a false result is ignored`
		case true:
			n++
		case false:
			log.Print("full")
		}
	}
	return n
}

func defaultFirst(w *flowrt.Writer[int], vs []int) (n int) {
	for _, v := range vs {
		switch w.Write(v) { // want `a false result of w.Write is tested but ignored`
		default:
			log.Print("full")
		case true:
			n++
		}
	}
	return n
}

func negatedTag(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		switch !w.Write(v) { // want `a false result of w.Write is tested but ignored`
		case true:
			log.Print("full")
		}
	}
}

func comparedTag(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		ok := w.Write(v)
		switch ok == false { // want `ok \(the result of w.Write\) is tested but a false result is ignored`
		case true:
			log.Print("full")
		}
	}
}

// A plain break in a case leaves the switch, not the loop.
func breakSwitch(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		switch w.Write(v) { // want `a false result of w.Write is tested but ignored`
		case false:
			break
		}
	}
}

func fallsThrough(w *flowrt.Writer[int], vs []int) (n int) {
	for _, v := range vs {
		switch w.Write(v) { // want `a false result of w.Write is tested but ignored`
		case false:
			log.Print("full")
			fallthrough
		case true:
			n++
		}
	}
	return n
}

// A wrapper whose false case only logs hands the signal on: its callers
// are checked.
func emitLogged(w *flowrt.Writer[int], v int) bool { // want emitLogged:`backpressure signal in results \[0\]`
	ok := w.Write(v)
	switch ok {
	case false:
		log.Print("full")
	}
	return ok
}

func useLogged(w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		emitLogged(w, v) // want `result of emitLogged ignored`
	}
}

// Silent: the false case waits, returns or leaves the loop.

func drains(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		switch w.Write(v) {
		case false:
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func drainsVar(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		ok := w.Write(v)
		switch ok {
		case true:
			continue
		case false:
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func drainsDefault(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		switch w.Write(v) {
		case true:
		default:
			select {
			case <-w.Drained():
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return nil
}

func taglessDrains(ctx context.Context, w *flowrt.Writer[int], vs []int) error {
	for _, v := range vs {
		ok := w.Write(v)
		switch {
		case !ok:
			if err := w.Drain(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func returns(w *flowrt.Writer[int], vs []int) bool { // want returns:`backpressure signal in results \[0\]`
	for _, v := range vs {
		switch w.Write(v) {
		case false:
			return false
		}
	}
	return true
}

func breaksLoop(w *flowrt.Writer[int], vs []int) int {
	n := 0
loop:
	for _, v := range vs {
		switch !w.Write(v) {
		case true:
			break loop
		}
		n++
	}
	return n
}

// Silent, unsure: a case value that is not a constant.
func notConst(w *flowrt.Writer[int], vs []int, want bool) {
	for _, v := range vs {
		switch w.Write(v) {
		case want:
			log.Print("as expected")
		}
	}
}

// Silent: once, outside a loop: one item over the mark.
func once(w *flowrt.Writer[int], v int) {
	switch w.Write(v) {
	case false:
		log.Print("full")
	}
}

// Silent: another writer each iteration.
func eachWriter(outs []*flowrt.Writer[int], v int) (slow []*flowrt.Writer[int]) {
	for _, w := range outs {
		switch w.Write(v) {
		case false:
			slow = append(slow, w)
		}
	}
	return slow
}

// A wrapper that waits whenever the signal is false is no source.
func emitWait(ctx context.Context, w *flowrt.Writer[int], v int) bool {
	ok := w.Write(v)
	switch ok {
	case true:
		return ok
	case false:
		if err := w.Drain(ctx); err != nil {
			return false
		}
	}
	return ok
}

func useWait(ctx context.Context, w *flowrt.Writer[int], vs []int) {
	for _, v := range vs {
		emitWait(ctx, w, v)
	}
}
