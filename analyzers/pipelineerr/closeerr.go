package pipelineerr

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// closeOnErrorPath reports pw.Close() inside `if err != nil { ... }`, of an
// *io.PipeWriter or, with flowrt, of a flowrt writer.
func (c *checker) closeOnErrorPath(call *ast.CallExpr, stack []ast.Node, flowrt bool) {
	recv := streams.Receiver(call)
	if recv == nil || !simpleExpr(recv) {
		return
	}
	// Find the nearest enclosing if (or tagless switch case) whose body holds the call.
	var cond ast.Expr
	var body []ast.Stmt
	var bodyStack []ast.Node // the ancestors of the statements of body
	var init ast.Stmt        // the init statement of the if
	child := ast.Node(call)
	for i := len(stack) - 1; i >= 0 && cond == nil; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return
		case *ast.IfStmt:
			if child == n.Body {
				cond, body, init = n.Cond, n.Body.List, n.Init
				bodyStack = append(stack[:i+1:i+1], n.Body)
			} else if child != n.Else {
				return // in the init or condition
			}
		case *ast.CaseClause:
			if sw, ok := stack[i-2].(*ast.SwitchStmt); ok && sw.Tag == nil && len(n.List) == 1 {
				cond, body = n.List[0], n.Body
				bodyStack = stack[: i+1 : i+1]
			}
		}
		child = stack[i]
	}
	if cond == nil {
		return
	}
	errExpr, excludesEOF := errorInHand(c.pass.TypesInfo, cond)
	if errExpr == nil {
		return
	}
	// When the function compares the error with io.EOF elsewhere, a plain
	// `err != nil` may be the clean end (the other errors handled before).
	if !excludesEOF && c.comparedWithEOF(stack, errExpr) {
		return // PS-eofinhand
	}
	if !flowrt && c.ownWriteError(recv, errExpr, init, bodyStack) {
		return // the pipe's own write failed: the reader is gone (ownwrite.go, PS-ownwrite)
	}
	if id, ok := ast.Unparen(recv).(*ast.Ident); ok && !flowrt {
		v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
		if c.peerEnded(c.writers[v], errExpr, errAssign(init, bodyStack)) {
			return // the reader ended the requests itself (duplex.go, PS-duplex)
		}
	}
	// A CloseWithError of the same writer earlier in the branch wins.
	recvStr := types.ExprString(recv)
	earlier := false
	for _, s := range body {
		if s.Pos() >= call.Pos() {
			break
		}
		ast.Inspect(s, func(n ast.Node) bool {
			if _, ok := n.(*ast.DeferStmt); ok {
				return false // runs at return, after this Close: Close wins
			}
			if cl, ok := n.(*ast.CallExpr); ok {
				if sel, ok := cl.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "CloseWithError" && types.ExprString(sel.X) == recvStr {
					earlier = true
				}
			}
			return !earlier
		})
	}
	if earlier {
		return // PS-closedwitherror
	}
	// The pipe was made here, not in a goroutine, and the branch returns an
	// error: the function gives up the pipe and tells its caller (the reader
	// end usually never reached anyone): PS-givenup.
	if id, ok := ast.Unparen(recv).(*ast.Ident); ok && len(body) > 0 {
		v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
		if w := c.writers[v]; w != nil && innermostFunc(stack) == w.fn && c.notSuccess(bodyStack, body[len(body)-1]) {
			return
		}
	}
	errStr := types.ExprString(errExpr)
	sel := call.Fun.(*ast.SelectorExpr)
	fixes := []analysis.SuggestedFix{{
		Message: fmt.Sprintf("Replace with %s.CloseWithError(%s)", recvStr, errStr),
		TextEdits: []analysis.TextEdit{{
			Pos:     sel.Sel.Pos(),
			End:     call.End(),
			NewText: []byte("CloseWithError(" + errStr + ")"),
		}},
	}}
	// A flowrt writer's CloseWithError(io.EOF) destroys the stream (the
	// buffered items are dropped), unlike an io.Pipe's: no fix unless the
	// error cannot be io.EOF.
	if flowrt && !excludesEOF && !c.neverEOF(init, errExpr) {
		fixes = nil
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: ruleCloseOnErr,
		Message: fmt.Sprintf("%s.Close() on the error path: the reader sees a clean io.EOF after truncated data; use %s.CloseWithError(%s)",
			recvStr, recvStr, errStr),
		SuggestedFixes: fixes,
	})
}

// neverEOF reports whether the init statement of an if assigns the error x
// from a call that never returns io.EOF: a flowrt writer's Send, Drain,
// Close or Err, a pipeline's Wait, a bufio.Scanner's Err.
func (c *checker) neverEOF(init ast.Stmt, x ast.Expr) bool {
	as, ok := init.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 {
		return false
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return false
	}
	assigned := false
	for _, l := range as.Lhs {
		assigned = assigned || types.ExprString(l) == types.ExprString(x)
	}
	fn := streams.Callee(c.pass.TypesInfo, call)
	if !assigned || fn == nil {
		return false
	}
	for _, m := range []string{"Send", "Drain", "Close", "Err"} {
		if streams.IsMethod(fn, streams.FlowrtPath, "Writer", m) {
			return true
		}
	}
	return streams.IsMethod(fn, streams.FlowrtPath, "Pipeline", "Wait") || streams.IsMethod(fn, "bufio", "Scanner", "Err")
}

// innermostFunc returns the innermost FuncDecl or FuncLit of stack.
func innermostFunc(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return stack[i]
		}
	}
	return nil
}

// errorInHand returns X when cond is `X != nil` (or `nil != X`), X of type
// error, possibly followed by `&& X != Y` or `&& !errors.Is(X, Y)`
// conjuncts; otherwise nil. excludesEOF reports whether such a conjunct
// excludes io.EOF.
func errorInHand(info *types.Info, cond ast.Expr) (x ast.Expr, excludesEOF bool) {
	var conj []ast.Expr
	var split func(e ast.Expr)
	split = func(e ast.Expr) {
		if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.LAND {
			split(b.X)
			split(b.Y)
			return
		}
		conj = append(conj, ast.Unparen(e))
	}
	split(cond)
	b, ok := conj[0].(*ast.BinaryExpr)
	if !ok || b.Op != token.NEQ {
		return nil, false
	}
	x = b.X
	if streams.IsNil(info, x) {
		x = b.Y
	} else if !streams.IsNil(info, b.Y) {
		return nil, false
	}
	if !simpleExpr(x) || !errpath.IsError(info.TypeOf(x)) {
		return nil, false
	}
	xs := types.ExprString(x)
	for _, e := range conj[1:] {
		switch e := e.(type) {
		case *ast.BinaryExpr:
			if e.Op != token.NEQ {
				return nil, false
			}
			switch xs {
			case types.ExprString(e.X):
				excludesEOF = excludesEOF || isPkgVar(info, e.Y, "io", "EOF")
			case types.ExprString(e.Y):
				excludesEOF = excludesEOF || isPkgVar(info, e.X, "io", "EOF")
			default:
				return nil, false
			}
		case *ast.UnaryExpr:
			call, ok := ast.Unparen(e.X).(*ast.CallExpr)
			if e.Op != token.NOT || !ok || !streams.IsFunc(streams.Callee(info, call), "errors", "Is") || len(call.Args) != 2 {
				return nil, false
			}
			excludesEOF = excludesEOF || isPkgVar(info, call.Args[1], "io", "EOF")
		default:
			return nil, false
		}
	}
	return x, excludesEOF
}

// comparedWithEOF reports whether the function enclosing stack compares
// the error x with io.EOF (x == io.EOF, x != io.EOF, errors.Is(x, io.EOF)).
func (c *checker) comparedWithEOF(stack []ast.Node, x ast.Expr) bool {
	var body ast.Node
	for i := len(stack) - 1; i >= 0 && body == nil; i-- {
		switch fn := stack[i].(type) {
		case *ast.FuncLit:
			body = fn.Body
		case *ast.FuncDecl:
			body = fn.Body
		}
	}
	if body == nil {
		return false
	}
	info := c.pass.TypesInfo
	xs := types.ExprString(x)
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				if (types.ExprString(n.X) == xs && isPkgVar(info, n.Y, "io", "EOF")) ||
					(types.ExprString(n.Y) == xs && isPkgVar(info, n.X, "io", "EOF")) {
					found = true
				}
			}
		case *ast.CallExpr:
			if len(n.Args) == 2 && types.ExprString(n.Args[0]) == xs && isPkgVar(info, n.Args[1], "io", "EOF") &&
				streams.IsFunc(streams.Callee(info, n), "errors", "Is") {
				found = true
			}
		}
		return !found
	})
	return found
}

// simpleExpr reports whether e is an identifier or a chain of field selections.
func simpleExpr(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return simpleExpr(e.X)
	}
	return false
}

// discarded says how the results of call are dropped: "statement", "go",
// "defer", "blank" (every result assigned to _), or "" when they are used.
func discarded(call *ast.CallExpr, stack []ast.Node) string {
	i := len(stack) - 1
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		i--
	}
	if i < 0 {
		return ""
	}
	switch p := stack[i].(type) {
	case *ast.ExprStmt:
		return "statement"
	case *ast.GoStmt:
		if p.Call == call {
			return "go"
		}
	case *ast.DeferStmt:
		if p.Call == call {
			return "defer"
		}
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && ast.Unparen(p.Rhs[0]) == call {
			for _, l := range p.Lhs {
				if !isBlank(l) {
					return ""
				}
			}
			return "blank"
		}
	}
	return ""
}

func isBlank(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

func recvName(call *ast.CallExpr) string {
	if r := streams.Receiver(call); r != nil {
		return types.ExprString(r)
	}
	return "?"
}

// definedVar returns the local variable that result i of call is assigned to
// by a `:=` or `var` declaration (the call being the only right-hand side).
func definedVar(info *types.Info, call *ast.CallExpr, stack []ast.Node, i int) *types.Var {
	if len(stack) == 0 {
		return nil
	}
	var id ast.Expr
	switch p := stack[len(stack)-1].(type) {
	case *ast.AssignStmt:
		if p.Tok == token.DEFINE && len(p.Rhs) == 1 && p.Rhs[0] == call && i < len(p.Lhs) {
			id = p.Lhs[i]
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && p.Values[0] == call && i < len(p.Names) {
			id = p.Names[i]
		}
	}
	ident, ok := id.(*ast.Ident)
	if !ok || ident.Name == "_" {
		return nil
	}
	v, _ := info.Defs[ident].(*types.Var)
	if v == nil || v.Parent() == nil || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
		return nil // package-level or a redeclaration
	}
	return v
}
