package pipelineerr

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/flowvet/flowvet/analyzers/internal/astwalk"
	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/locals"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// A hash whose sum is only compared (cmd/go's cache copyFile: "if the
// file there already has the digest, return; else rewrite it"): a failed
// or short read hashes other bytes, the sums differ, and the code takes
// the path it takes for a stale file. Nothing is kept of the hash.

// comparedDigest reports whether io.Copy(dst, src) feeds a hash that is a
// local of the innermost function around stack and whose sum is only
// compared (==, !=, bytes.Equal, hmac.Equal, subtle.ConstantTimeCompare),
// from a source opened in that function whose open error is only ever
// compared with nil.
func (c *checker) comparedDigest(dst, src ast.Expr, stack []ast.Node) bool {
	info := c.pass.TypesInfo
	body := astwalk.Body(innermostFunc(stack))
	if body == nil {
		return false
	}
	h := localVar(info, dst, body)
	if h == nil || !isHash(h.Type()) || !freshHash(info, body, h) || !c.silentlyOpened(src, body) {
		return false
	}
	return onlyUses(info, body, h, func(path []ast.Node) bool { return c.hashUse(h, body, path) })
}

// freshHash reports whether every value the local h is given in body is
// made by a call of a function (sha256.New(), hmac.New(...)), not a method
// or a field that may share it with code that reads its sum.
func freshHash(info *types.Info, body ast.Node, h *types.Var) bool {
	vals, ok := locals.Values(info, body, h)
	if !ok || len(vals) == 0 {
		return false
	}
	for _, v := range vals {
		call, ok := ast.Unparen(v).(*ast.CallExpr)
		if !ok {
			return false
		}
		fn := streams.Callee(info, call)
		if fn == nil || fn.Signature().Recv() != nil {
			return false
		}
	}
	return true
}

// localVar returns the variable e names when it is declared inside body.
func localVar(info *types.Info, e ast.Expr, body ast.Node) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Pos() < body.Pos() || v.Pos() >= body.End() {
		return nil
	}
	return v
}

// onlyUses reports whether ok holds for the path (from body to the
// identifier) of every use of v in body.
func onlyUses(info *types.Info, body ast.Node, v *types.Var, ok func(path []ast.Node) bool) bool {
	all := true
	astwalk.Inspect(body, func(n ast.Node, path []ast.Node) bool {
		if !all {
			return false
		}
		if id, isID := n.(*ast.Ident); isID && info.Uses[id] == v && !ok(path) {
			all = false
		}
		return all
	}, nil)
	return all
}

// silentlyOpened reports whether src is a local of body defined by
// `src, err := open(...)` (in a statement or an if's init) where err is
// blank or only ever compared with nil: neither the open error nor its
// text reaches anyone.
func (c *checker) silentlyOpened(src ast.Expr, body *ast.BlockStmt) bool {
	info := c.pass.TypesInfo
	s := localVar(info, src, body)
	if s == nil {
		return false
	}
	var errID *ast.Ident
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			return true
		}
		if id, ok := as.Lhs[0].(*ast.Ident); ok && info.Defs[id] == s {
			found = true
			errID, _ = as.Lhs[1].(*ast.Ident)
		}
		return !found
	})
	if !found || errID == nil {
		return false
	}
	if errID.Name == "_" {
		return true
	}
	e, ok := info.Defs[errID].(*types.Var)
	if !ok {
		return false // an error variable declared before: it may carry others
	}
	return onlyUses(info, body, e, func(path []ast.Node) bool {
		b, ok := path[len(path)-2].(*ast.BinaryExpr)
		return ok && (b.Op == token.EQL || b.Op == token.NEQ) &&
			(streams.IsNil(info, b.X) || streams.IsNil(info, b.Y))
	})
}

// hashUse reports whether the use of the hash h at the end of path keeps
// its sum to comparisons: a copy into it, an assignment to it, a method
// that writes or sizes it, or a Sum whose result (or the local it fills)
// is only compared.
func (c *checker) hashUse(h *types.Var, body *ast.BlockStmt, path []ast.Node) bool {
	info := c.pass.TypesInfo
	n := len(path)
	id := path[n-1].(*ast.Ident)
	switch p := path[n-2].(type) {
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == id {
				return true
			}
		}
		return false
	case *ast.CallExpr:
		fn := streams.Callee(info, p)
		return len(p.Args) > 0 && p.Args[0] == id &&
			(streams.IsFunc(fn, "io", "Copy") || streams.IsFunc(fn, "io", "CopyN") || streams.IsFunc(fn, "io", "CopyBuffer"))
	case *ast.SelectorExpr:
		if n < 3 {
			return false
		}
		call, ok := path[n-3].(*ast.CallExpr)
		if !ok || call.Fun != p {
			return false
		}
		switch p.Sel.Name {
		case "Write", "WriteString", "WriteByte", "WriteRune", "Reset", "Size", "BlockSize":
			return true
		case "Sum32", "Sum64":
			return len(call.Args) == 0 && c.sumKeptForComparison(h, body, path[:n-2])
		case "Sum":
			if len(call.Args) != 1 {
				return false
			}
			if arg := call.Args[0]; !streams.IsNil(info, arg) {
				// h.Sum(x[:0]) fills the local array (or slice) x.
				sl, ok := ast.Unparen(arg).(*ast.SliceExpr)
				if !ok {
					return false
				}
				x := localVar(info, sl.X, body)
				if x == nil || !c.comparedOnly(h, body, x) {
					return false
				}
			}
			return c.sumKeptForComparison(h, body, path[:n-2])
		}
	}
	return false
}

// sumKeptForComparison reports whether the Sum call at the end of path is
// a statement (its result dropped), compared, or assigned alone to a local
// that is only compared.
func (c *checker) sumKeptForComparison(h *types.Var, body *ast.BlockStmt, path []ast.Node) bool {
	n := len(path)
	call := path[n-1]
	switch p := path[n-2].(type) {
	case *ast.ExprStmt:
		return true
	case *ast.AssignStmt:
		if len(p.Lhs) != 1 || len(p.Rhs) != 1 || p.Rhs[0] != call {
			return false
		}
		id, ok := p.Lhs[0].(*ast.Ident)
		if !ok {
			return false
		}
		x, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
		return ok && !x.IsField() && x.Pos() >= body.Pos() && x.Pos() < body.End() && c.comparedOnly(h, body, x)
	}
	return compared(c.pass.TypesInfo, path)
}

// comparedOnly reports whether every use of the local x in body is an
// assignment to it, the x[:0] that h.Sum fills, or a comparison.
func (c *checker) comparedOnly(h *types.Var, body *ast.BlockStmt, x *types.Var) bool {
	info := c.pass.TypesInfo
	return onlyUses(info, body, x, func(path []ast.Node) bool {
		n := len(path)
		id := path[n-1]
		switch p := path[n-2].(type) {
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				if l == id {
					return true
				}
			}
		case *ast.SliceExpr:
			// h.Sum(x[:0])
			if n >= 3 && p.X == id {
				if call, ok := path[n-3].(*ast.CallExpr); ok && len(call.Args) == 1 && call.Args[0] == p {
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sum" {
						if r, ok := ast.Unparen(sel.X).(*ast.Ident); ok && info.Uses[r] == h {
							return true
						}
					}
				}
			}
		}
		return compared(info, path)
	})
}

// compared reports whether the expression at the end of path (seen
// through parentheses, slicing and a conversion) is an operand of == or
// !=, or an argument of bytes.Equal, hmac.Equal or
// subtle.ConstantTimeCompare.
func compared(info *types.Info, path []ast.Node) bool {
	i := len(path) - 1
	for i >= 1 {
		child := path[i]
		switch p := path[i-1].(type) {
		case *ast.ParenExpr:
			i--
			continue
		case *ast.SliceExpr:
			if p.X == child {
				i--
				continue
			}
			return false
		case *ast.BinaryExpr:
			return p.Op == token.EQL || p.Op == token.NEQ
		case *ast.CallExpr:
			if tv, ok := info.Types[p.Fun]; ok && tv.IsType() && len(p.Args) == 1 {
				i-- // string(sum)
				continue
			}
			fn := streams.Callee(info, p)
			if !streams.IsFunc(fn, "bytes", "Equal") && !streams.IsFunc(fn, "crypto/hmac", "Equal") &&
				!streams.IsFunc(fn, "crypto/subtle", "ConstantTimeCompare") {
				return false
			}
			for _, a := range p.Args {
				if a == child {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// nobodyToTell reports whether no function around the node whose
// ancestors are stack has an error result, and none of them is a
// goroutine: an error found there could reach nobody.
func (c *checker) nobodyToTell(stack []ast.Node) bool {
	info := c.pass.TypesInfo
	for i := len(stack) - 1; i >= 0; i-- {
		switch fn := stack[i].(type) {
		case *ast.FuncDecl:
			sig := errpath.Signature(info, fn)
			return sig != nil && errpath.ErrorResult(sig) < 0
		case *ast.FuncLit:
			sig := errpath.Signature(info, fn)
			if sig == nil || errpath.ErrorResult(sig) >= 0 {
				return false
			}
			if c.litStart(stack, i) != nil {
				return false
			}
		}
	}
	return false
}
