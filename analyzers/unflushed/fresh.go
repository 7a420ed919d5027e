package unflushed

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/flowvet/flowvet/analyzers/internal/stream"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// Constructors inferred through facts: a function whose every return hands
// back a writer of the table made right there (return gzip.NewWriter(w),
// or zw := gzip.NewWriterLevel(w, l); ...; return zw, nil; nil on the error
// paths) is a constructor of that kind, in its package and, through the
// returnsFresh fact, in the packages that import it. Its caller owns the
// writer exactly as if it had called gzip.NewWriter. Files are left out:
// a helper that opens a file has many other reasons to hand it back.

// returnsFresh is the fact of a function that returns a fresh writer of
// the table kind Kind ("compress/gzip.Writer"), made over its parameter
// Dest (-2: none).
type returnsFresh struct {
	Kind string
	Dest int
}

func (*returnsFresh) AFact() {}

func (f *returnsFresh) String() string { return "returnsFresh(" + f.Kind + ")" }

// freshCtors holds the package's and its dependencies' fresh constructors.
type freshCtors struct {
	pass  *analysis.Pass
	local map[*types.Func]*returnsFresh
	any   bool // some fact is known: calls are worth a look
}

// newFreshCtors finds the package's fresh constructors and exports their
// facts.
func newFreshCtors(pass *analysis.Pass, insp *inspector.Inspector) *freshCtors {
	fc := &freshCtors{pass: pass, local: make(map[*types.Func]*returnsFresh)}
	for _, f := range pass.AllObjectFacts() {
		if _, ok := f.Fact.(*returnsFresh); ok {
			fc.any = true
			break
		}
	}
	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		fn, _ := pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if fn == nil || decl.Body == nil || testFile(pass, decl.Pos()) {
			continue
		}
		if f := freshOf(pass.TypesInfo, fn, decl); f != nil {
			fc.local[fn] = f
			fc.any = true
			pass.ExportObjectFact(fn, f)
		}
	}
	return fc
}

// freshOf returns the fact of fn, declared by decl, if every return of it
// hands back nil or a writer of one tracked kind made in the function.
func freshOf(info *types.Info, fn *types.Func, decl *ast.FuncDecl) *returnsFresh {
	res := fn.Signature().Results()
	if res.Len() == 0 || res.Len() > 2 || res.Len() == 2 && !types.Identical(res.At(1).Type(), types.Universe.Lookup("error").Type()) {
		return nil
	}
	sk := stream.Of(res.At(0).Type())
	if sk == nil {
		return nil
	}
	if k, ok := trackedKind(sk); !ok || k == kFile {
		return nil
	}
	// made: the locals assigned a constructor call of sk (and the call);
	// spoiled: the locals also assigned anything else.
	made := make(map[types.Object]*ast.CallExpr)
	spoiled := make(map[types.Object]bool)
	isCtor := func(e ast.Expr) (*ast.CallExpr, bool) {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return nil, false
		}
		ci, ok := ctorOf(info, call)
		return call, ok && ci.sk == sk
	}
	var returns []*ast.ReturnStmt
	ok := true
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // its returns are its own
		case *ast.ReturnStmt:
			returns = append(returns, n)
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, isID := l.(*ast.Ident)
				if !isID {
					continue
				}
				obj := info.ObjectOf(id)
				if obj == nil {
					continue
				}
				if i < len(n.Rhs) && len(n.Lhs) == len(n.Rhs) {
					if call, ok := isCtor(n.Rhs[i]); ok && made[obj] == nil {
						made[obj] = call
						continue
					}
				} else if len(n.Rhs) == 1 && i == 0 {
					if call, ok := isCtor(n.Rhs[0]); ok && made[obj] == nil {
						made[obj] = call // zw, err := gzip.NewWriterLevel(w, l)
						continue
					}
				}
				spoiled[obj] = true
			}
		}
		return ok
	})
	var ctor *ast.CallExpr
	for _, r := range returns {
		if len(r.Results) == 0 {
			return nil // a bare return of named results: not followed
		}
		first := ast.Unparen(r.Results[0])
		if id, isID := first.(*ast.Ident); isID && id.Name == "nil" {
			continue
		}
		call, isCall := isCtor(first)
		if !isCall {
			id, isID := first.(*ast.Ident)
			if !isID {
				return nil
			}
			obj := info.ObjectOf(id)
			if made[obj] == nil || spoiled[obj] {
				return nil
			}
			call = made[obj]
		}
		if ctor == nil {
			ctor = call
		}
	}
	if ctor == nil {
		return nil
	}
	f := &returnsFresh{Kind: sk.Pkg + "." + sk.Name, Dest: -2}
	ci, _ := ctorOf(info, ctor)
	if d := ci.dest; d >= 0 && d < len(ctor.Args) {
		if id, isID := ast.Unparen(ctor.Args[d]).(*ast.Ident); isID {
			params := fn.Signature().Params()
			for i := range params.Len() {
				if info.Uses[id] == params.At(i) {
					f.Dest = i
				}
			}
		}
	}
	return f
}

// ctorOf returns the tracked writer a call of a fresh constructor makes.
func (fc *freshCtors) ctorOf(call *ast.CallExpr) (ctorInfo, bool) {
	if !fc.any {
		return ctorInfo{}, false
	}
	fn := streams.Callee(fc.pass.TypesInfo, call)
	if fn == nil {
		return ctorInfo{}, false
	}
	f := fc.local[fn]
	if f == nil && fn.Pkg() != fc.pass.Pkg {
		f = new(returnsFresh)
		if !fc.pass.ImportObjectFact(fn, f) {
			return ctorInfo{}, false
		}
	}
	if f == nil {
		return ctorInfo{}, false
	}
	dot := strings.LastIndex(f.Kind, ".")
	sk := stream.Lookup(f.Kind[:max(dot, 0)], f.Kind[dot+1:])
	if sk == nil {
		return ctorInfo{}, false
	}
	k, ok := trackedKind(sk)
	if !ok {
		return ctorInfo{}, false
	}
	return ctorInfo{kind: k, typ: sk.Short, trailer: sk.Loses, sk: sk, dest: f.Dest, fresh: true}, true
}
