package pipelineerr

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/typestate"
)

func (c *checker) finish() {
	for _, p := range sortedByDef(c.pipelines, func(p *pipelineVar) token.Pos { return p.def.Pos() }) {
		if p.escaped {
			continue
		}
		if len(p.waits) == 0 {
			c.report(ruleNeverWaited, p.def, nil, "pipeline %s is never waited for: its first stage error is lost and its stage goroutines may leak; call %s.Wait() and handle its error", p.name, p.name)
			continue
		}
		c.checkWaitPaths(p)
	}
	for _, r := range sortedByDef(c.readers, func(r *pipeReader) token.Pos { return r.def.Pos() }) {
		if !r.escaped && r.loop != nil && !r.errSeen {
			c.report(ruleAllErr, r.loop.X, nil, "%s.All ends the same way on a clean end of stream and on a failure, and %s.Err() is never checked: check it after the loop (if err := %s.Err(); err != nil { ... })", r.name, r.name, r.name)
		}
	}
	seen := make(map[*pipeWriter]bool)
	for _, w := range sortedByDef(c.writers, func(w *pipeWriter) token.Pos { return w.def.Pos() }) {
		if seen[w] {
			continue
		}
		seen[w] = true
		if w.escaped || w.lit == nil {
			continue
		}
		c.checkWriterPaths(w)
		c.checkDeferredClose(w)
	}
}

// checkDeferredClose reports, in a goroutine that defers pw.Close(), an
// `if err != nil { ...; return }` branch that only logs err: the deferred
// Close then hands the reader a clean io.EOF after truncated data.
func (c *checker) checkDeferredClose(w *pipeWriter) {
	if w.deferClose == nil {
		return
	}
	info := c.pass.TypesInfo
	ast.Inspect(w.lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			if n.Pos() < w.deferClose.End() || len(n.Body.List) == 0 {
				return true
			}
			errExpr, excludesEOF := errorInHand(info, n.Cond)
			if errExpr == nil {
				return true
			}
			ret, ok := n.Body.List[len(n.Body.List)-1].(*ast.ReturnStmt)
			if !ok || c.notSuccess([]ast.Node{w.lit, n, n.Body}, ret) || !onlyLogged(info, n.Body, errExpr) {
				return true
			}
			if !excludesEOF && c.comparedWithEOF([]ast.Node{w.lit}, errExpr) {
				return true
			}
			if c.ownWriteErrorIf(w.name, errExpr, n, w.lit.Body) {
				return true // the pipe's own write failed: the reader is gone (ownwrite.go)
			}
			if c.peerEnded(w, errExpr, errAssignIf(n, w.lit.Body)) {
				return true // the reader ended the requests itself (duplex.go)
			}
			e := types.ExprString(errExpr)
			c.report(ruleDeferLogged, ret, nil, "this error path returns with %s in hand and the deferred %s.Close() gives the reader a clean io.EOF after truncated data; call %s.CloseWithError(%s) before returning",
				e, w.name, w.name, e)
		}
		return true
	})
}

// onlyLogged reports whether body uses err only as an argument of logging
// and formatting calls (log, slog, fmt.Print*, a logger's Print/Error/Warn
// ... methods), and closes, sends or stores nothing: the error reaches no
// one who could stop the reader from trusting the data.
// Any other use of the error hands it on: PS-handsonerr, PS-decision.
func onlyLogged(info *types.Info, body *ast.BlockStmt, err ast.Expr) bool {
	es := types.ExprString(err)
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit, *ast.SendStmt, *ast.GoStmt, *ast.DeferStmt:
			ok = false
		case *ast.AssignStmt:
			for _, r := range n.Rhs {
				if strings.Contains(types.ExprString(r), es) {
					ok = false
				}
			}
		case *ast.CallExpr:
			if sel, isSel := n.Fun.(*ast.SelectorExpr); isSel && strings.HasPrefix(sel.Sel.Name, "Close") {
				ok = false // closes something: maybe the pipe, maybe through a wrapper
				return false
			}
			usesErr := false
			for _, a := range n.Args {
				if strings.Contains(types.ExprString(a), es) {
					usesErr = true
				}
			}
			if usesErr && !isLogCall(info, n) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

func isLogCall(info *types.Info, call *ast.CallExpr) bool {
	fn := streams.Callee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "log", "log/slog":
		return true
	case "fmt":
		return strings.HasPrefix(fn.Name(), "Print") || strings.HasPrefix(fn.Name(), "Fprint") || strings.HasPrefix(fn.Name(), "Sprint")
	}
	if fn.Type().(*types.Signature).Recv() == nil || fn.Pkg().Path() == "testing" {
		return false // t.Error and t.Fatal report the failure: not just a log
	}
	for _, p := range []string{"Print", "Log", "Error", "Warn", "Info", "Debug"} {
		if strings.HasPrefix(fn.Name(), p) {
			return true
		}
	}
	return false
}

// checkWaitPaths reports a path from the definition of p to a return that
// reports success (returns no non-nil error) without calling p.Wait.
// Paths that report a failure, or do not return, are not checked: PS-waitfailpath.
func (c *checker) checkWaitPaths(p *pipelineVar) {
	f := c.pathsOf(p.fn)
	if f == nil {
		return
	}
	at, ok := f.Locate(p.stmt)
	if !ok {
		return
	}
	info := c.pass.TypesInfo
	sig := errpath.Signature(info, p.fn)
	reportsSuccess := func(e typestate.Exit) bool {
		facts := c.facts(p.fn, errpath.Enclosing(p.fn, e.Return), e.Return)
		return errpath.Reports(info, sig, e.Return, facts) == errpath.Success
	}
	at.Index++ // after the definition
	if ret := typestate.FirstReturn(f, at, false, containsCall(p.waits), reportsSuccess); ret != nil {
		c.reportUnwaited(p, ret)
	}
}

// containsCall returns a predicate telling whether a CFG node contains one
// of calls (also inside a function literal, such as a deferred closure or
// a goroutine started there).
func containsCall(calls map[*ast.CallExpr]bool) func(ast.Node) bool {
	return func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && calls[call] {
				found = true
			}
			return !found
		})
		return found
	}
}

// pathsOf returns the path engine over fn (a *ast.FuncDecl or
// *ast.FuncLit), made once; nil when it has no CFG.
func (c *checker) pathsOf(fn ast.Node) *typestate.Func {
	f, ok := c.paths[fn]
	if !ok {
		if g := pathflow.Of(c.cfgs, fn); g != nil {
			f = typestate.NewFunc(c.pass.TypesInfo, fn, g)
		}
		c.paths[fn] = f
	}
	return f
}

func (c *checker) reportUnwaited(p *pipelineVar, ret *ast.ReturnStmt) {
	pos, end := ret.Pos(), ret.End()
	if c.pass.Fset.File(pos) != c.pass.Fset.File(end) || ret.Results == nil {
		end = pos + 1 // a synthetic return at the closing brace
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      pos,
		End:      end,
		Category: ruleWaitPath,
		Message: fmt.Sprintf("this path returns without %s.Wait(): the pipeline's stage goroutines may still run and their error is lost; call %s.Wait() and handle its error before returning",
			p.name, p.name),
	})
}

// checkWriterPaths reports a path through the goroutine w.lit that reaches its
// end without closing w.
func (c *checker) checkWriterPaths(w *pipeWriter) {
	f := c.pathsOf(w.lit)
	if f == nil || len(f.CFG.Blocks) == 0 {
		return
	}
	if len(w.closes) == 0 {
		if !w.readToEOF {
			return // the reader may read a known amount or a framed stream (PS-neverclosed)
		}
		c.report(rulePipeOpen, w.goNode, nil, "the io.PipeWriter %s written by this goroutine is never closed: the reader blocks forever; defer %s.Close() (and use %s.CloseWithError(err) on failure)", w.name, w.name, w.name)
		return
	}
	ret := typestate.FirstReturn(f, pathflow.Point{Block: f.CFG.Blocks[0]}, false, containsCall(w.closes), func(e typestate.Exit) bool {
		return !c.afterOwnWriteFailed(w, e.Return)
	})
	if ret == nil {
		return
	}
	pos := ret.Pos()
	end := ret.End()
	if ret.Results == nil && pos == w.lit.Body.Rbrace {
		end = pos + 1 // the implicit return at the closing brace
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      pos,
		End:      end,
		Category: rulePipeOpen,
		Message: fmt.Sprintf("this path leaves the io.PipeWriter %s open when the goroutine ends: the reader blocks forever; close it on every path (defer %s.Close(), and %s.CloseWithError(err) on failure)",
			w.name, w.name, w.name),
	})
}
