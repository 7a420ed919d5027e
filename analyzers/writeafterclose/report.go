package writeafterclose

import (
	"fmt"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/internal/stream"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// consequence says what happens to a write into a closed v.
func consequence(v *types.Var) string {
	t := v.Type()
	if streams.IsFlowrtWriter(t) || embedsFlowrtWriter(t) {
		return "is rejected with flowrt.ErrWriteAfterClose"
	}
	if k := stream.Of(t); k != nil && k.AfterClose != "" {
		return k.AfterClose
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		if n, ok := types.Unalias(p.Elem()).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net" {
			return "fails with net.ErrClosed"
		}
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net" {
		return "fails with net.ErrClosed"
	}
	return "fails"
}

func (c *checker) report(w event, cl event, line int, atReturn bool) {
	if c.reported[w.pos] {
		return
	}
	if w.used && strings.HasSuffix(c.pass.Fset.Position(w.pos).Filename, "_test.go") {
		// A test that looks at the result of a write after Close is
		// testing the error (WS-testerr).
		return
	}
	c.reported[w.pos] = true
	v := w.v
	var msg string
	what := w.desc
	if w.deferred {
		what = "deferred " + what
	}
	into, through := v.Name(), ""
	if w.via != nil {
		if info := c.vars[w.via]; info != nil && info.through != "" {
			// tar.NewWriter(gzip.NewWriter(f))
			through = info.through
			into = v.Name() + " (through the " + through + " writer it wraps)"
		}
	}
	var rule string
	switch {
	case through != "":
		rule = ruleWrapper
		when := "after " + cl.desc
		if cl.deferred {
			when = "after the deferred " + cl.desc
		}
		msg = fmt.Sprintf("%s writes into %s %s (line %d): what %s and the %s writer hold is lost, and the %s writer is never finished; give the %s writer a name and close %s, then it, then %s",
			what, into, when, line, w.via.Name(), through, through, through, w.via.Name(), v.Name())
	case w.via != nil && cl.deferred:
		rule = ruleDeferOrder
		closeCall := cl.call
		if closeCall == "" {
			closeCall = cl.desc + "()"
		}
		msg = fmt.Sprintf("%s writes into %s, which the deferred %s (line %d) has closed by then (defers run in reverse order): what %s still holds is lost; defer %s before deferring %s so that it runs last",
			what, into, cl.desc, line, w.via.Name(), closeCall, w.desc+"()")
	case w.via != nil && stream.Of(w.via.Type()) != nil && stream.Of(w.via.Type()).Duty == stream.NoDuty:
		// A logger or an encoder writes through at once: it holds nothing.
		rule = ruleWrapper
		msg = fmt.Sprintf("%s writes into %s after %s (line %d): the write %s and its data is lost; write through %s before closing %s",
			what, into, cl.desc, line, consequence(v), w.via.Name(), v.Name())
	case w.via != nil:
		rule = ruleWrapper
		msg = fmt.Sprintf("%s writes into %s after %s (line %d): the write %s and what %s still holds is lost; finish %s before closing %s",
			what, into, cl.desc, line, consequence(v), w.via.Name(), w.via.Name(), v.Name())
	case cl.deferred:
		rule = ruleDeferOrder
		msg = fmt.Sprintf("%s runs after the deferred %s (line %d), since defers run in reverse order: it %s and its data is lost; defer the Close first so that it runs last",
			what, cl.desc, line, consequence(v))
	case atReturn:
		rule = ruleAtReturn
		msg = fmt.Sprintf("%s runs at return, after %s (line %d): it %s and its data is lost; call it before the Close",
			what, cl.desc, line, consequence(v))
	default:
		rule = ruleWrite
		msg = fmt.Sprintf("%s after %s (line %d): the write %s and its data is lost; move the Close after the last write (defer it)",
			what, cl.desc, line, consequence(v))
	}
	c.diags = append(c.diags, analysis.Diagnostic{Pos: w.pos, Category: rule, Message: msg})
}
