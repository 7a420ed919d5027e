package pipelineerr

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// A pipe writer handed to a function through a parameter whose type is an
// interface without Close and CloseWithError (io.Writer, io.StringWriter,
// a package's own Writer interface ...) stays the goroutine's to close: the
// callee can write to it but cannot close it, unless it converts the value
// back to something that can. assertsParams records the functions that may
// do so; everything else is trusted.

// assertsParams is the fact of a function that may reach Close or
// CloseWithError of the value passed for some of its closeless interface
// parameters: it type-asserts the parameter (or a local copy) to a type
// with such a method, stores it in a struct field that the package asserts
// that way, returns it, stores it anywhere else, hands it to a function
// value or to a parameter of another type (any), or passes it to a function
// with this fact.
type assertsParams struct {
	Params []int // indexes into the signature's parameters
}

func (*assertsParams) AFact() {}

func (f *assertsParams) String() string { return fmt.Sprintf("assertsParams%v", f.Params) }

// closeless reports whether t is a non-empty interface type whose method
// set has neither Close nor CloseWithError.
func closeless(t types.Type) bool {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return false
	}
	iface, ok := t.Underlying().(*types.Interface)
	if !ok || iface.Empty() {
		return false
	}
	return !hasCloser(t)
}

// pipeInterface reports whether t is a closeless interface type that an
// *io.PipeWriter implements: its only method is Write (io.Writer or a
// package's copy of it). Only parameters of such types get facts.
func pipeInterface(t types.Type) bool {
	if !closeless(t) {
		return false
	}
	iface := t.Underlying().(*types.Interface)
	for i := 0; i < iface.NumMethods(); i++ {
		if iface.Method(i).Name() != "Write" {
			return false
		}
	}
	return true
}

// hasCloser reports whether t (or *t) has a Close or CloseWithError method.
func hasCloser(t types.Type) bool {
	for _, name := range []string{"Close", "CloseWithError"} {
		if obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name); obj != nil {
			if _, ok := obj.(*types.Func); ok {
				return true
			}
		}
	}
	return false
}

// argParam returns the index and type of the parameter of sig that
// receives argument i of call (-1 and nil for a spread `f(xs...)`).
func argParam(sig *types.Signature, call *ast.CallExpr, i int) (int, types.Type) {
	n := sig.Params().Len()
	switch {
	case sig.Variadic() && i >= n-1:
		if call.Ellipsis.IsValid() {
			return -1, nil
		}
		return n - 1, sig.Params().At(n - 1).Type().(*types.Slice).Elem()
	case i < n:
		return i, sig.Params().At(i).Type()
	}
	return -1, nil
}

// trustedIface reports whether the methods of interfaces of package path
// are known not to close an io.Writer argument: only package io's (an
// io.WriterTo's WriteTo). The implementations of any other interface are
// unknown.
func trustedIface(path string) bool { return path == "io" }

// writerArg reports whether id, argument of call, is passed through a
// closeless interface parameter (such as io.Writer) of a function that
// cannot close it: the callee is known, is not a method of an interface
// other than package io's (whose implementations are unknown), and
// has no assertsParams fact for that parameter.
func (c *checker) writerArg(call *ast.CallExpr, id *ast.Ident) bool {
	fn := streams.Callee(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	sig := fn.Type().(*types.Signature)
	for i, a := range call.Args {
		if a != id {
			continue
		}
		idx, pt := argParam(sig, call, i)
		if pt == nil || !closeless(pt) {
			return false
		}
		if abstract(sig) {
			return trustedIface(fn.Pkg().Path())
		}
		return !slices.Contains(c.assertedParams(fn), idx)
	}
	return false
}

// abstract reports whether sig is the signature of an interface method.
func abstract(sig *types.Signature) bool {
	return sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
}

func (c *checker) assertedParams(fn *types.Func) []int {
	fn = fn.Origin()
	if fn.Pkg() == c.pass.Pkg {
		return c.asserts[fn]
	}
	var f assertsParams
	if c.pass.ImportObjectFact(fn, &f) {
		return f.Params
	}
	return nil
}

// assertCand is a function of the package with closeless interface
// parameters.
type assertCand struct {
	fn      *types.Func
	decl    *ast.FuncDecl
	aliases map[*types.Var]int // a parameter or a local copy of it -> parameter index
	hits    map[int]bool
	passes  []assertPass
}

// assertPass: parameter param is passed to callee's parameter arg.
type assertPass struct {
	callee *types.Func
	arg    int
	param  int
}

// computeAsserts finds the functions of the package that may reach Close
// of a closeless interface parameter, to a fixed point, and exports them.
func (c *checker) computeAsserts(insp *inspector.Inspector) {
	info := c.pass.TypesInfo
	fields := make(map[*types.Var]bool) // fields the package asserts to a closer
	var cands []*assertCand
	insp.Preorder([]ast.Node{(*ast.TypeAssertExpr)(nil), (*ast.TypeSwitchStmt)(nil), (*ast.FuncDecl)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.TypeAssertExpr:
			if n.Type != nil && hasCloser(info.TypeOf(n.Type)) {
				if f := fieldOf(info, n.X); f != nil {
					fields[f] = true
				}
			}
		case *ast.TypeSwitchStmt:
			if x := switchOperand(n); x != nil && switchesToCloser(info, n) {
				if f := fieldOf(info, x); f != nil {
					fields[f] = true
				}
			}
		case *ast.FuncDecl:
			fn, _ := info.Defs[n.Name].(*types.Func)
			if fn == nil || n.Body == nil {
				return
			}
			sig := fn.Type().(*types.Signature)
			cd := &assertCand{fn: fn, decl: n, aliases: make(map[*types.Var]int), hits: make(map[int]bool)}
			for i := 0; i < sig.Params().Len(); i++ {
				p := sig.Params().At(i)
				t := p.Type()
				if sig.Variadic() && i == sig.Params().Len()-1 {
					t = t.(*types.Slice).Elem()
				}
				if pipeInterface(t) {
					cd.aliases[p] = i
				}
			}
			if len(cd.aliases) > 0 {
				cands = append(cands, cd)
			}
		}
	})
	for _, cd := range cands {
		for round := 0; round < 3; round++ {
			before := len(cd.aliases)
			c.scanUses(cd, fields)
			if len(cd.aliases) == before {
				break
			}
		}
	}
	c.asserts = make(map[*types.Func][]int)
	for round := 0; round < 8; round++ {
		changed := false
		for _, cd := range cands {
			got := make(map[int]bool)
			for i := range cd.hits {
				got[i] = true
			}
			for _, p := range cd.passes {
				if slices.Contains(c.assertedParams(p.callee), p.arg) {
					got[p.param] = true
				}
			}
			var list []int
			for i := range got {
				list = append(list, i)
			}
			slices.Sort(list)
			if !slices.Equal(list, c.asserts[cd.fn]) {
				c.asserts[cd.fn] = list
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for _, cd := range cands {
		if list := c.asserts[cd.fn]; len(list) > 0 {
			c.pass.ExportObjectFact(cd.fn, &assertsParams{Params: list})
		}
	}
}

// scanUses records, for each use of a parameter of cd (or of a local copy),
// whether it may reach the value's Close (hits), is passed on to another
// function (passes), or is copied into a local (a new alias).
func (c *checker) scanUses(cd *assertCand, fields map[*types.Var]bool) {
	info := c.pass.TypesInfo
	cd.hits = make(map[int]bool)
	cd.passes = nil
	ast.PreorderStack(cd.decl.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, _ := info.Uses[id].(*types.Var)
		param, ok := cd.aliases[v]
		if !ok {
			return true
		}
		// e is the expression that denotes the value: the identifier, or an
		// element of a variadic parameter, in parentheses or not.
		var e ast.Expr = id
		i := len(stack) - 1
		for ; i >= 0; i-- {
			switch p := stack[i].(type) {
			case *ast.ParenExpr:
				e = p
				continue
			case *ast.IndexExpr:
				if p.X == e {
					e = p
					continue
				}
			}
			break
		}
		if i < 0 {
			return true
		}
		hit := func() { cd.hits[param] = true }
		alias := func(lhs ast.Expr) {
			lid, ok := ast.Unparen(lhs).(*ast.Ident)
			if !ok {
				return
			}
			if lid.Name == "_" {
				return
			}
			lv, _ := info.ObjectOf(lid).(*types.Var)
			if lv == nil || lv.IsField() || lv.Parent() == lv.Pkg().Scope() || isResult(cd.fn, lv) {
				hit() // a package-level variable or a named result
				return
			}
			if _, seen := cd.aliases[lv]; !seen {
				cd.aliases[lv] = param
			}
		}
		switch p := stack[i].(type) {
		case *ast.SelectorExpr, *ast.BinaryExpr, *ast.ExprStmt, *ast.IncDecStmt:
			// a method call such as w.Write, or a comparison
		case *ast.TypeAssertExpr:
			if p.Type != nil {
				if hasCloser(info.TypeOf(p.Type)) {
					hit()
				}
			} else if i >= 2 {
				if ts, ok := stack[i-2].(*ast.TypeSwitchStmt); ok && switchesToCloser(info, ts) {
					hit()
				}
			}
		case *ast.CallExpr:
			if p.Fun == e {
				hit()
				break
			}
			if tv, ok := info.Types[p.Fun]; ok && tv.IsType() {
				if !closeless(tv.Type) {
					hit() // a conversion to any
				}
				break
			}
			if b, ok := info.Uses[funIdent(p.Fun)].(*types.Builtin); ok {
				if b.Name() != "len" && b.Name() != "cap" {
					hit() // append, copy ...
				}
				break
			}
			fn := streams.Callee(info, p)
			if fn == nil || fn.Pkg() == nil {
				hit() // a function value
				break
			}
			sig := fn.Type().(*types.Signature)
			for k, a := range p.Args {
				if a != e {
					continue
				}
				idx, pt := argParam(sig, p, k)
				switch {
				case pt == nil || !closeless(pt):
					hit()
				case abstract(sig):
					if !trustedIface(fn.Pkg().Path()) {
						hit()
					}
				default:
					cd.passes = append(cd.passes, assertPass{callee: fn.Origin(), arg: idx, param: param})
				}
			}
		case *ast.AssignStmt:
			for k, r := range p.Rhs {
				if r != e {
					continue
				}
				if len(p.Lhs) != len(p.Rhs) {
					hit()
					break
				}
				switch l := ast.Unparen(p.Lhs[k]).(type) {
				case *ast.Ident:
					alias(l)
				case *ast.SelectorExpr:
					if f := fieldOf(info, l); f == nil || fields[f] {
						hit()
					}
				default:
					hit()
				}
			}
		case *ast.ValueSpec:
			for k, val := range p.Values {
				if val == e && k < len(p.Names) && len(p.Names) == len(p.Values) {
					alias(p.Names[k])
				} else if val == e {
					hit()
				}
			}
		case *ast.RangeStmt:
			if p.X == e && p.Value != nil {
				alias(p.Value)
			}
		case *ast.KeyValueExpr:
			if p.Value != e || i < 1 {
				break
			}
			lit, ok := stack[i-1].(*ast.CompositeLit)
			if !ok {
				hit()
				break
			}
			if _, isStruct := info.TypeOf(lit).Underlying().(*types.Struct); !isStruct {
				hit()
				break
			}
			if key, ok := p.Key.(*ast.Ident); ok {
				if f, _ := info.ObjectOf(key).(*types.Var); f == nil || fields[f] {
					hit()
				}
			}
		case *ast.CompositeLit:
			st, isStruct := info.TypeOf(p).Underlying().(*types.Struct)
			if !isStruct {
				hit()
				break
			}
			for k, el := range p.Elts {
				if el == e && k < st.NumFields() && fields[st.Field(k)] {
					hit()
				}
			}
		default:
			// returned, sent, its address taken, stored elsewhere: assume the
			// worst.
			hit()
		}
		return true
	})
}

func funIdent(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// isResult reports whether v is a named result of fn.
func isResult(fn *types.Func, v *types.Var) bool {
	res := fn.Type().(*types.Signature).Results()
	for i := 0; i < res.Len(); i++ {
		if res.At(i) == v {
			return true
		}
	}
	return false
}

// fieldOf returns the struct field that e selects, if it does.
func fieldOf(info *types.Info, e ast.Expr) *types.Var {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if s, ok := info.Selections[sel]; ok && s.Kind() == types.FieldVal {
		v, _ := s.Obj().(*types.Var)
		return v
	}
	return nil
}

// switchOperand returns x of `switch x.(type)` or `switch y := x.(type)`.
func switchOperand(ts *ast.TypeSwitchStmt) ast.Expr {
	var ta *ast.TypeAssertExpr
	switch s := ts.Assign.(type) {
	case *ast.ExprStmt:
		ta, _ = s.X.(*ast.TypeAssertExpr)
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			ta, _ = s.Rhs[0].(*ast.TypeAssertExpr)
		}
	}
	if ta == nil {
		return nil
	}
	return ta.X
}

// switchesToCloser reports whether a case of the type switch names a type
// with Close or CloseWithError.
func switchesToCloser(info *types.Info, ts *ast.TypeSwitchStmt) bool {
	for _, s := range ts.Body.List {
		cc, ok := s.(*ast.CaseClause)
		if !ok {
			continue
		}
		for _, e := range cc.List {
			if t := info.TypeOf(e); t != nil && hasCloser(t) {
				return true
			}
		}
	}
	return false
}
