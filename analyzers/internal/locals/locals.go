// Package locals answers questions about a function's local variables
// from its syntax: what values a local is given, when the analyzer can see
// every one of them.
package locals

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Values returns every value assigned to v in body, one value to one name
// (v := x, var v = x, v = x), in source order. ok is false when v may hold
// anything else: it is assigned some other way (a tuple such as
// `v, err := f()`, a range key or value, `v += x`), declared without a
// value (`var v T`, the zero value until assigned), or its address is
// taken (it may change through the pointer).
func Values(info *types.Info, body ast.Node, v *types.Var) (vals []ast.Expr, ok bool) {
	ok = true
	ast.Inspect(body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch s := n.(type) {
		case *ast.AssignStmt:
			for k, l := range s.Lhs {
				if id, isID := ast.Unparen(l).(*ast.Ident); isID && info.ObjectOf(id) == v {
					if len(s.Lhs) != len(s.Rhs) || (s.Tok != token.DEFINE && s.Tok != token.ASSIGN) {
						ok = false
						return false
					}
					vals = append(vals, s.Rhs[k])
				}
			}
		case *ast.ValueSpec:
			for k, id := range s.Names {
				if info.Defs[id] == v {
					if len(s.Values) != len(s.Names) {
						ok = false
						return false
					}
					vals = append(vals, s.Values[k])
				}
			}
		case *ast.RangeStmt:
			for _, x := range []ast.Expr{s.Key, s.Value} {
				if id, isID := x.(*ast.Ident); isID && info.ObjectOf(id) == v {
					ok = false
				}
			}
		case *ast.UnaryExpr:
			if id, isID := ast.Unparen(s.X).(*ast.Ident); isID && s.Op == token.AND && info.Uses[id] == v {
				ok = false
			}
		}
		return ok
	})
	return vals, ok
}

// Only returns the one value assigned to v in body, or nil when v is
// given no value, several values, or a value Values cannot see.
func Only(info *types.Info, body ast.Node, v *types.Var) ast.Expr {
	if vals, ok := Values(info, body, v); ok && len(vals) == 1 {
		return vals[0]
	}
	return nil
}
