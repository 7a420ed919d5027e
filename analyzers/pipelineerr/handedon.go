package pipelineerr

import (
	"go/ast"
	"go/token"
	"go/types"
)

// argHandedOn reports, for f(x.CloseWithError(err)) standing as a
// statement (stack ends with the call of f), whether err itself is handed
// on right after it: a later statement of the same block sends it on a
// channel (ch <- err), returns it from a function whose result somebody
// receives, or assigns it to something that outlives the function (a
// captured or package variable, a field or element reached through a
// pointer, a map or a slice), with no statement on the way that may leave
// the block or assign err. Then the nil that f receives loses nothing
// (pulumi's contract.IgnoreError(w.CloseWithError(err)); done <- err).
// Project-shaped: PS-ignorehelper (pulumi's contract.IgnoreError).
func (c *checker) argHandedOn(arg ast.Expr, stack []ast.Node) bool {
	info := c.pass.TypesInfo
	id, ok := ast.Unparen(arg).(*ast.Ident)
	if !ok {
		return false
	}
	errVar, ok := info.Uses[id].(*types.Var)
	if !ok || len(stack) < 3 {
		return false
	}
	n := len(stack)
	stmt, ok := stack[n-2].(*ast.ExprStmt)
	if !ok || stmt.X != stack[n-1] {
		return false // the result of f is used: the nil may go on through it
	}
	list := stmtList(stack[n-3])
	k := stmtIndex(list, stmt)
	if k < 0 {
		return false
	}
	fn := innermostFunc(stack)
	if fn == nil {
		return false
	}
	isErr := func(e ast.Expr) bool {
		x, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[x] == errVar
	}
	for _, s := range list[k+1:] {
		switch s := s.(type) {
		case *ast.SendStmt:
			if isErr(s.Value) {
				return true
			}
		case *ast.ReturnStmt:
			for _, r := range s.Results {
				if isErr(r) {
					return !startedByGo(fn, stack)
				}
			}
			return false
		case *ast.AssignStmt:
			if s.Tok == token.ASSIGN && len(s.Lhs) == len(s.Rhs) {
				for j, r := range s.Rhs {
					if isErr(r) && c.outlives(s.Lhs[j], fn) {
						return true
					}
				}
			}
		}
		if leaves([]ast.Stmt{s}) || assigns(info, s, errVar, false) != nil {
			return false
		}
	}
	return false
}

// startedByGo reports whether fn, the innermost function of stack, is a
// literal started by a go statement: its results go nowhere.
func startedByGo(fn ast.Node, stack []ast.Node) bool {
	for j := len(stack) - 1; j >= 2; j-- {
		if stack[j] == fn {
			g, ok := stack[j-2].(*ast.GoStmt)
			return ok && g.Call.Fun == fn
		}
	}
	return false
}

// outlives reports whether an assignment to lhs is seen outside the
// function fn: a variable declared outside it, or a field
// or element of something reached through a pointer, a map or a slice, or
// of such a variable.
func (c *checker) outlives(lhs ast.Expr, fn ast.Node) bool {
	info := c.pass.TypesInfo
	e := ast.Unparen(lhs)
	indirect := false
	for {
		switch x := e.(type) {
		case *ast.Ident:
			v, ok := info.Uses[x].(*types.Var)
			if !ok {
				return false
			}
			if v.Pos() < fn.Pos() || v.Pos() >= fn.End() {
				return true
			}
			return indirect
		case *ast.SelectorExpr:
			if sel := info.Selections[x]; sel == nil {
				return false // a qualified identifier: a package variable is an Ident's Uses
			} else if sel.Indirect() {
				indirect = true
			}
			if t := info.TypeOf(x.X); t != nil {
				if _, ok := t.Underlying().(*types.Pointer); ok {
					indirect = true
				}
			}
			e = ast.Unparen(x.X)
		case *ast.IndexExpr:
			if t := info.TypeOf(x.X); t != nil {
				switch t.Underlying().(type) {
				case *types.Map, *types.Slice, *types.Pointer:
					indirect = true
				}
			}
			e = ast.Unparen(x.X)
		case *ast.StarExpr:
			indirect = true
			e = ast.Unparen(x.X)
		default:
			return false
		}
	}
}
