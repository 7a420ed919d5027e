package pipelineerr

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/flowvet/flowvet/analyzers/internal/astwalk"
	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/typestate"
)

// The deferred CloseWithError(err) trap (clickhouse-go's HTTP batch insert):
//
//	go func() {
//		var err error
//		defer pw.CloseWithError(err) // err is evaluated here: nil
//		if err = encode(); err != nil {
//			return
//		}
//		...
//	}()
//
// The arguments of a deferred call are evaluated at the defer statement, so
// the pipe is closed with the value err had there, and a failure assigned to
// err later never reaches the reader: it gets a clean io.EOF after truncated
// data. The rule is independent of where the writer comes from and of
// whether the analyzer can follow it: the bug is in the defer statement.

// checkDeferArgs reports every `defer x.CloseWithError(v)` whose error
// variable v is assigned again after the defer statement.
func (c *checker) checkDeferArgs(insp *inspector.Inspector) {
	insp.WithStack([]ast.Node{(*ast.DeferStmt)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if push {
			c.deferArg(n.(*ast.DeferStmt), stack[:len(stack)-1])
			c.deferClose(n.(*ast.DeferStmt), stack[:len(stack)-1]) // deferclose.go
		}
		return true
	})
}

// deferredCloser tells whether fn is a CloseWithError whose deferred
// argument matters, and what the other end sees when it is lost.
func deferredCloser(fn *types.Func) (lost string, ok bool) {
	switch {
	case streams.IsMethod(fn, "io", "PipeWriter", "CloseWithError"),
		streams.IsMethod(fn, streams.FlowrtPath, "Writer", "CloseWithError"):
		return "the reader gets a clean io.EOF", true
	case streams.IsMethod(fn, "io", "PipeReader", "CloseWithError"):
		return "the writer gets io.ErrClosedPipe", true
	}
	return "", false
}

func (c *checker) deferArg(d *ast.DeferStmt, stack []ast.Node) {
	call := d.Call
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "CloseWithError" || len(call.Args) != 1 {
		return
	}
	info := c.pass.TypesInfo
	lost, ok := deferredCloser(streams.Callee(info, call))
	if !ok {
		return
	}
	id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
	if !ok {
		return // a call, a field, a literal: evaluated when it is meant to be
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() || !errpath.IsError(v.Type()) {
		return
	}
	fn := innermostFunc(stack)
	if fn == nil || guardedNonNil(info, stack, v) {
		return // defer inside `if err != nil`: the error in hand is the one meant
	}
	named := isNamedResult(info, fn, v)
	later := c.assignedAfter(fn, d, v, named)
	if later == nil {
		return
	}
	recv := types.ExprString(sel.X)
	name := id.Name
	line := c.pass.Fset.Position(later.Pos()).Line
	var what string
	if nilAtDefer(info, fn, d, v, named) {
		what = fmt.Sprintf("%s is evaluated when the defer statement runs (nil here): %s on every path, even after a failure assigned to %s later (line %d)",
			name, lost, name, line)
	} else {
		what = fmt.Sprintf("%s is evaluated when the defer statement runs, not at return: a failure assigned to %s later (line %d) is lost, %s",
			name, name, line, lost)
	}
	diag := analysis.Diagnostic{
		Pos:      d.Pos(),
		End:      d.End(),
		Category: ruleDeferArg,
		Message: fmt.Sprintf("defer %s.CloseWithError(%s): %s; use defer func() { %s.CloseWithError(%s) }()",
			recv, name, what, recv, name),
	}
	// The closure evaluates the receiver at return too: offer the rewrite
	// only when that cannot change which stream is closed.
	if rid, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
		if rv, ok := info.Uses[rid].(*types.Var); ok && c.assignedAfter(fn, d, rv, false) == nil {
			diag.SuggestedFixes = []analysis.SuggestedFix{{
				Message: fmt.Sprintf("Evaluate %s when the function returns: defer func() { %s.CloseWithError(%s) }()", name, recv, name),
				TextEdits: []analysis.TextEdit{{
					Pos:     call.Pos(),
					End:     call.End(),
					NewText: fmt.Appendf(nil, "func() { %s.CloseWithError(%s) }()", recv, name),
				}},
			}}
		}
	}
	c.pass.Report(diag)
}

// guardedNonNil reports whether the node whose ancestors are stack is in
// the body of an `if v != nil` (or a `case v != nil:` of a tagless switch)
// within its function: v holds the failure there.
// PS-deferargok.
func guardedNonNil(info *types.Info, stack []ast.Node, v *types.Var) bool {
	for i := len(stack) - 1; i > 0; i-- {
		var cond ast.Expr
		switch n := stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.BlockStmt:
			if ifs, ok := stack[i-1].(*ast.IfStmt); ok && ifs.Body == n {
				cond = ifs.Cond
			}
		case *ast.CaseClause:
			if len(n.List) == 1 {
				cond = n.List[0]
			}
		}
		if cond == nil {
			continue
		}
		if x, _ := errorInHand(info, cond); x != nil {
			if xid, ok := ast.Unparen(x).(*ast.Ident); ok && info.Uses[xid] == v {
				return true
			}
		}
	}
	return false
}

// isNamedResult reports whether v is a named result of fn.
func isNamedResult(info *types.Info, fn ast.Node, v *types.Var) bool {
	ft := astwalk.Type(fn)
	if ft == nil || ft.Results == nil {
		return false
	}
	for _, f := range ft.Results.List {
		for _, n := range f.Names {
			if info.Defs[n] == v {
				return true
			}
		}
	}
	return false
}

// assignedAfter returns a node that assigns v on some path from the defer
// statement d in fn (a later assignment or `:=` re-use, `&v`, an
// assignment in a closure made there, and, when v is a named result of
// fn, a return with results), or nil. A new declaration of v (a `:=` or
// `var` in a loop body) makes a new variable: it does not count.
func (c *checker) assignedAfter(fn ast.Node, d *ast.DeferStmt, v *types.Var, named bool) ast.Node {
	f := c.pathsOf(fn)
	if f == nil {
		return nil
	}
	info := c.pass.TypesInfo
	var found ast.Node
	typestate.CheckAfter(f, d, struct{}{}, typestate.Policy[struct{}]{
		Step: func(n ast.Node, s struct{}) (struct{}, bool) {
			if found == nil {
				found = assigns(info, n, v, named)
			}
			return s, found == nil
		},
	})
	return found // nil too when d is dead code
}

// assigns returns the part of n that assigns v (see assignedAfter), or nil.
func assigns(info *types.Info, n ast.Node, v *types.Var, named bool) ast.Node {
	var found ast.Node
	depth := 0 // function literals entered
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			depth++
			ast.Inspect(n.Body, visit)
			depth--
			return false
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.Uses[id] == v {
					found = n
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.Uses[id] == v {
				found = n
			}
		case *ast.ReturnStmt:
			if named && depth == 0 && len(n.Results) > 0 {
				found = n
			}
		}
		return found == nil
	}
	ast.Inspect(n, visit)
	return found
}

// nilAtDefer reports whether v surely holds nil at d: it is declared
// without a value (`var err error`, a named result) and nothing assigns it
// before d.
func nilAtDefer(info *types.Info, fn ast.Node, d *ast.DeferStmt, v *types.Var, named bool) bool {
	declared := named
	assigned := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if n == nil || n.Pos() >= d.Pos() || assigned {
			return false
		}
		switch n := n.(type) {
		case *ast.ValueSpec:
			for _, id := range n.Names {
				if info.Defs[id] == v && len(n.Values) == 0 {
					declared = true
				}
			}
		case *ast.AssignStmt, *ast.UnaryExpr:
			if assigns(info, n, v, false) != nil {
				assigned = true
			}
		}
		return !assigned
	})
	return declared && !assigned
}
