package pipelineerr

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/internal/astwalk"
	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/typestate"
)

// A deferred clean close on the error path (P-deferclose):
//
//	func produce(pw *io.PipeWriter) error {
//		defer pw.Close()
//		if err := encode(pw); err != nil {
//			return err // pw is closed cleanly here too
//		}
//		...
//	}
//
// The function tells its caller that it failed, but the deferred Close
// hands the pipe's reader a clean io.EOF after truncated data, and the
// first close of a pipe wins: a caller's CloseWithError comes too late.
// The explicit Close on an error path is closeOnErrorPath's; this is the
// deferred one.

// deferClose reports `defer w.Close()` of an *io.PipeWriter or a flowrt
// writer in a function from which a return that certainly reports a
// failure (errpath: Failure) is reachable with w not closed on the way.
// A path that closes w first, or no certain failure, is silent: PS-deferclosed.
func (c *checker) deferClose(d *ast.DeferStmt, stack []ast.Node) {
	call := d.Call
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Close" || len(call.Args) != 0 {
		return
	}
	info := c.pass.TypesInfo
	fnc := streams.Callee(info, call)
	flowrt := streams.IsMethod(fnc, streams.FlowrtPath, "Writer", "Close")
	if !flowrt && !streams.IsMethod(fnc, "io", "PipeWriter", "Close") {
		return
	}
	rid, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return
	}
	rv, ok := info.Uses[rid].(*types.Var)
	if !ok {
		return
	}
	fn := innermostFunc(stack)
	sig := errpath.Signature(info, fn)
	if sig == nil || errpath.ErrorResult(sig) < 0 {
		return
	}
	f := c.pathsOf(fn)
	if f == nil {
		return
	}
	at, ok := f.Locate(d)
	if !ok {
		return
	}
	at.Index++
	closes := func(n ast.Node) bool { // an explicit close of w: the deferred one is then a no-op, or closeOnErrorPath's
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			if cl, ok := n.(*ast.CallExpr); ok {
				if s, ok := cl.Fun.(*ast.SelectorExpr); ok && strings.HasPrefix(s.Sel.Name, "Close") {
					if id, ok := ast.Unparen(s.X).(*ast.Ident); ok && info.Uses[id] == rv {
						found = true
					}
				}
			}
			return !found
		})
		return found
	}
	failure := func(e typestate.Exit) bool {
		return errpath.Reports(info, sig, e.Return, c.facts(fn, errpath.Enclosing(fn, e.Return), e.Return)) == errpath.Failure
	}
	ret := typestate.FirstReturn(f, at, false, closes, failure)
	if ret == nil || c.localPipe(rv, stack) {
		return
	}
	w := rid.Name
	line := c.pass.Fset.Position(ret.Pos()).Line
	if flowrt && c.stageParam(rv, stack, "Source", "Transform") { // the pipeline closes it
		from, to := c.wholeLine(d)
		c.report(ruleDeferClose, d, []analysis.SuggestedFix{{
			Message:   "Let the pipeline close the stage's writer",
			TextEdits: []analysis.TextEdit{{Pos: from, End: to}},
		}}, "defer %s.Close() closes the stream cleanly on the error return at line %d too: the next stage gets a clean end after truncated data; drop the defer: the pipeline closes a stage's writer when it returns nil and destroys it with its error otherwise",
			w, line)
		return
	}
	var fixes []analysis.SuggestedFix
	if c.assignedAfter(fn, d, rv, false) == nil {
		fixes = c.closeWithResultFix(fn, sig, d, w)
	}
	c.report(ruleDeferClose, d, fixes,
		"defer %s.Close() closes the pipe cleanly on the error return at line %d too: the reader gets a clean io.EOF after truncated data (the first close wins, so a caller's CloseWithError comes too late); close it with the function's error: defer func() { %s.CloseWithError(err) }() over a named error result",
		w, line, w)
}

// wholeLine returns the span of the lines n stands on, from the start of
// its first line to the start of the line after it, when n is alone there
// (only indentation before it, a line after it); else n's own span.
func (c *checker) wholeLine(n ast.Node) (token.Pos, token.Pos) {
	tf := c.pass.Fset.File(n.Pos())
	first, last := tf.Line(n.Pos()), tf.Line(n.End())
	if last >= tf.LineCount() {
		return n.Pos(), n.End()
	}
	start, next := tf.LineStart(first), tf.LineStart(last+1)
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil || tf.Offset(next) > len(src) {
		return n.Pos(), n.End()
	}
	if strings.TrimSpace(string(src[tf.Offset(start):tf.Offset(n.Pos())]))+strings.TrimSpace(string(src[tf.Offset(n.End()):tf.Offset(next)])) != "" {
		return n.Pos(), n.End() // something else shares the line
	}
	return start, next
}

// closeWithResultFix rewrites `defer w.Close()` to
// `defer func() { w.CloseWithError(err) }()`, where err is the function's
// error result: its name when it has one, else the results are named
// (`(_ T, err error)`) when err is free in the function's scope.
func (c *checker) closeWithResultFix(fn ast.Node, sig *types.Signature, d *ast.DeferStmt, w string) []analysis.SuggestedFix {
	ft := astwalk.Type(fn)
	if ft == nil || ft.Results == nil {
		return nil
	}
	var edits []analysis.TextEdit
	last := sig.Results().At(sig.Results().Len() - 1)
	name := last.Name()
	switch {
	case name != "" && name != "_":
	case name == "" && errpath.ErrorResult(sig) == sig.Results().Len()-1:
		if !c.errFree(fn, ft) {
			return nil
		}
		name = "err"
		var parts []string
		for i, f := range ft.Results.List {
			t := types.ExprString(f.Type)
			if i == len(ft.Results.List)-1 {
				parts = append(parts, "err "+t)
			} else {
				parts = append(parts, "_ "+t)
			}
		}
		edits = append(edits, analysis.TextEdit{Pos: ft.Results.Pos(), End: ft.Results.End(), NewText: []byte("(" + strings.Join(parts, ", ") + ")")})
	default:
		return nil
	}
	edits = append(edits, analysis.TextEdit{Pos: d.Pos(), End: d.End(),
		NewText: []byte(fmt.Sprintf("defer func() { %s.CloseWithError(%s) }()", w, name))})
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Close %s with the function's error: defer func() { %s.CloseWithError(%s) }()", w, w, name),
		TextEdits: edits,
	}}
}

// errFree reports whether the results of the function fn (of type ft) can
// be named (_ T, err error): err is not a parameter, and every declaration
// of err in the function's outermost scope is a `:=` that declares another
// variable too (it then re-uses the result).
func (c *checker) errFree(fn ast.Node, ft *ast.FuncType) bool {
	info := c.pass.TypesInfo
	scope := info.Scopes[ft]
	if scope == nil {
		return false
	}
	obj := scope.Lookup("err")
	if obj == nil {
		return true
	}
	if obj.Pos() >= ft.Pos() && obj.Pos() < ft.End() {
		return false // a parameter
	}
	ok := false
	ast.Inspect(fn, func(n ast.Node) bool {
		as, isAssign := n.(*ast.AssignStmt)
		if !isAssign || as.Tok != token.DEFINE {
			return true
		}
		declares, others := false, false
		for _, l := range as.Lhs {
			id, isID := l.(*ast.Ident)
			if !isID || info.Defs[id] == nil {
				continue
			}
			if info.Defs[id] == obj {
				declares = true
			} else {
				others = true
			}
		}
		if declares {
			ok = others
			return false
		}
		return true
	})
	return ok
}

// localPipe reports whether pw was made by io.Pipe in the function
// declaration around the defer (the function itself, or one whose
// goroutine or errgroup literal holds the defer) and the pipe's reader end
// does not leave that function (not returned, sent, or stored in a field
// or a composite literal). Whatever a reader there took for the end stays
// in a function that returns the failure: the caller drops it with the
// error (net/http/httputil's DumpRequestOut, whose dump of a failed round
// trip is never returned; apptainer's calculateChecksums, where the
// MD5 goroutine's error reaches g.Wait and the SHA-256 of a truncated
// stream is dropped with it).
// Project-shaped: PS-localpipe.
func (c *checker) localPipe(pw *types.Var, stack []ast.Node) bool {
	info := c.pass.TypesInfo
	var outer ast.Node
	for _, n := range stack {
		if fd, ok := n.(*ast.FuncDecl); ok {
			outer = fd
		}
	}
	if outer == nil {
		return false
	}
	var pr *types.Var
	ast.Inspect(outer, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			return pr == nil
		}
		call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok || !streams.IsFunc(streams.Callee(info, call), "io", "Pipe") {
			return true
		}
		if id, ok := as.Lhs[1].(*ast.Ident); ok && info.ObjectOf(id) == pw {
			if rid, ok := as.Lhs[0].(*ast.Ident); ok {
				pr, _ = info.ObjectOf(rid).(*types.Var)
			}
		}
		return pr == nil
	})
	if pr == nil {
		return false
	}
	leaves := false
	ast.Inspect(outer, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ReturnStmt:
			leaves = leaves || mentions(info, n, pr)
		case *ast.SendStmt:
			leaves = leaves || mentions(info, n.Value, pr)
		case *ast.CompositeLit:
			leaves = leaves || mentions(info, n, pr)
		case *ast.AssignStmt:
			for i, r := range n.Rhs {
				if i < len(n.Lhs) && mentions(info, r, pr) {
					if _, local := n.Lhs[i].(*ast.Ident); !local {
						leaves = true // a field, an element
					}
				}
			}
		}
		return !leaves
	})
	return !leaves
}

// mentions reports whether n uses v.
func mentions(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}
