package errpath

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// SentinelOnly returns the local error variables of body that
//
//   - are assigned only from calls of a method `Err() error` (err :=
//     z.Err(), err = z.Err(); not a declaration without a value, not a
//     range clause, not through their address),
//   - are compared with a package-level error variable (err == io.EOF,
//     err != io.EOF, errors.Is(err, io.EOF)),
//   - and are never compared with nil in body.
//
// Their author treats the error as never nil: html.Tokenizer.Err() after
// an ErrorToken is io.EOF at the clean end and another error otherwise.
// [BranchSentinelTests] takes such a variable as non-nil on the branch
// where it is not the sentinel (inbucket's styleTagFilter: `err := z.Err();
// if err == io.EOF { return bw.Flush() }; return err`). Only for Err()
// methods: `n, err := r.Read(p); if err == io.EOF {...}; return err` is
// usually a nil err, bufio.Scanner.Err() is nil at the end (correct code
// never compares it with io.EOF), and a context's Err() is nil until it is
// done (not counted). nil when there is none.
func SentinelOnly(info *types.Info, body *ast.BlockStmt) map[*types.Var]bool {
	if body == nil {
		return nil
	}
	cands := make(map[*types.Var]bool) // false once disqualified
	disqualify := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := info.ObjectOf(id).(*types.Var); ok {
				cands[v] = false
			}
		}
	}
	assign := func(lhs ast.Expr, rhs ast.Expr) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return
		}
		v, ok := info.ObjectOf(id).(*types.Var)
		if !ok || !IsError(v.Type()) || isPackageVar(v) {
			return
		}
		if rhs == nil || !isErrCall(info, rhs) {
			cands[v] = false
			return
		}
		if _, seen := cands[v]; !seen {
			cands[v] = true
		}
	}
	tested := make(map[*types.Var]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for k, l := range n.Lhs {
				var r ast.Expr
				if len(n.Lhs) == len(n.Rhs) && (n.Tok == token.ASSIGN || n.Tok == token.DEFINE) {
					r = n.Rhs[k]
				}
				assign(l, r)
			}
		case *ast.ValueSpec:
			for k, name := range n.Names {
				var r ast.Expr
				if len(n.Names) == len(n.Values) {
					r = n.Values[k]
				}
				assign(name, r)
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				disqualify(n.Key)
			}
			if n.Value != nil {
				disqualify(n.Value)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				disqualify(n.X)
			}
		case *ast.BinaryExpr:
			if v, _, ok := NilTest(info, n); ok {
				cands[v] = false
			} else if v, _, ok := sentinelTest(info, n); ok {
				tested[v] = true
			}
		case *ast.CallExpr:
			if v, _, ok := sentinelTest(info, n); ok {
				tested[v] = true
			}
		}
		return true
	})
	var out map[*types.Var]bool
	for v, ok := range cands {
		if ok && tested[v] {
			if out == nil {
				out = make(map[*types.Var]bool)
			}
			out[v] = true
		}
	}
	return out
}

// BranchSentinelTests calls nonNil for every variable of only
// ([SentinelOnly]) that the branch of cond taken when cond is whenTrue
// finds different from a sentinel (the false branch of err == io.EOF and
// of errors.Is(err, io.EOF), the true branch of err != io.EOF and of
// !errors.Is(err, io.EOF); also as a conjunct of && on a true branch and
// a disjunct of || on a false one): such a variable is non-nil there.
func BranchSentinelTests(info *types.Info, cond ast.Expr, whenTrue bool, only map[*types.Var]bool, nonNil func(v *types.Var)) {
	if len(only) == 0 {
		return
	}
	chain := token.LAND
	if !whenTrue {
		chain = token.LOR
	}
	var walk func(e ast.Expr, whenTrue bool)
	walk = func(e ast.Expr, whenTrue bool) {
		e = ast.Unparen(e)
		if b, ok := e.(*ast.BinaryExpr); ok && b.Op == chain {
			walk(b.X, whenTrue)
			walk(b.Y, whenTrue)
			return
		}
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			if _, ok := ast.Unparen(u.X).(*ast.CallExpr); ok {
				walk(u.X, !whenTrue)
			}
			return
		}
		if v, isSentinelIfTrue, ok := sentinelTest(info, e); ok && only[v] && isSentinelIfTrue != whenTrue {
			nonNil(v)
		}
	}
	walk(cond, whenTrue)
}

// sentinelTest reports whether e compares a local variable x with a
// package-level variable of an error type (x == io.EOF, x != io.EOF,
// either operand first, or errors.Is(x, io.EOF)), and whether x is the
// sentinel when e is true.
func sentinelTest(info *types.Info, e ast.Expr) (x *types.Var, isSentinelIfTrue, ok bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		if e.Op != token.EQL && e.Op != token.NEQ {
			return nil, false, false
		}
		l, r := e.X, e.Y
		if isSentinel(info, l) {
			l, r = r, l
		}
		if v := localVar(info, l); v != nil && isSentinel(info, r) {
			return v, e.Op == token.EQL, true
		}
	case *ast.CallExpr:
		if len(e.Args) == 2 && streams.IsFunc(streams.Callee(info, e), "errors", "Is") {
			if v := localVar(info, e.Args[0]); v != nil && isSentinel(info, e.Args[1]) {
				return v, true, true
			}
		}
	}
	return nil, false, false
}

// BranchEOF calls atEOF for the local error variable that the branch of
// cond taken when cond is whenTrue finds equal to io.EOF (`err == io.EOF`
// true, `err != io.EOF` false, `errors.Is(err, io.EOF)` true): the normal
// end of input, not a failure.
func BranchEOF(info *types.Info, cond ast.Expr, whenTrue bool, atEOF func(v *types.Var)) {
	x, isSentinelIfTrue, ok := sentinelTest(info, cond)
	if !ok || isSentinelIfTrue != whenTrue {
		return
	}
	var sentinel ast.Expr
	switch e := ast.Unparen(cond).(type) {
	case *ast.BinaryExpr:
		sentinel = e.Y
		if localVar(info, e.Y) == x {
			sentinel = e.X
		}
	case *ast.CallExpr:
		sentinel = e.Args[1]
	}
	if v := streams.PackageVar(info, sentinel); v != nil && v.Pkg() != nil && v.Pkg().Path() == "io" && v.Name() == "EOF" {
		atEOF(x)
	}
}

func localVar(info *types.Info, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || isPackageVar(v) || !IsError(v.Type()) {
		return nil
	}
	return v
}

// isSentinel reports whether e is a package-level variable whose type
// implements error (io.EOF, os.ErrClosed, a package's own ErrX).
func isSentinel(info *types.Info, e ast.Expr) bool {
	v := streams.PackageVar(info, e)
	return v != nil && types.Implements(v.Type(), errorType.Underlying().(*types.Interface))
}

// isErrCall reports whether e is a call of a method named Err without
// parameters whose only result is error.
func isErrCall(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	fn := streams.Callee(info, call)
	if fn == nil || fn.Name() != "Err" || isContext(fn) {
		return false // ctx.Err() is nil until the context is done
	}
	sig := fn.Signature()
	return sig.Recv() != nil && sig.Params().Len() == 0 && sig.Results().Len() == 1 && IsError(sig.Results().At(0).Type())
}
