// Package paramfacts computes, for the functions of a package, the
// parameters whose argument the function may finish — call Close,
// CloseWithError, Flush ... on — although the parameter's type (io.Writer)
// has no such method: the function converts the value back to a type that
// has it (a type assertion or a type switch on the parameter or on a local
// copy of it, also inside a func literal), or hands it to a function that
// may do so (the analyzer's fact, across packages).
//
// Two policies. Broad (pipelineerr: a pipe writer handed to such a function
// may be closed there, so the caller need not close it): whatever may reach
// the method counts — an assertion to any type with the method, a store in
// a package-level variable, a named result, a struct field that the
// package asserts that way or anything but a local, a return, a send, a
// hand-off to a parameter of another type (any), to a function value, to a
// builtin, or to an interface method outside package io; variadic
// parameters are followed too. Narrow (unflushed: a writer handed to such a
// function is finished there, so the caller need not finish it): only an
// assertion or a type switch to an interface type with the method, and a
// hand-off to a non-variadic parameter of a known function with the fact,
// count; a store or a return is what json.NewEncoder(w) does with its
// writer, and counting it would hand on every encoder's writer.
package paramfacts

import (
	"go/ast"
	"go/types"
	"iter"
	"maps"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// A Policy says which methods finish a value, which parameters get facts
// and what counts (see the package comment).
type Policy struct {
	// Methods finish a value (at most 8): bit i of a result is Methods[i].
	Methods []string
	// Param reports whether a parameter of type t gets a fact (a variadic
	// parameter's element type, with Broad; variadic parameters get none
	// otherwise).
	Param func(t types.Type) bool
	Broad bool
}

// Fact is implemented by an analyzer's own fact type (a pointer to a
// gob-serializable struct): Bits and SetBits convert it from and to the
// parameter index -> method bits map.
type Fact interface {
	analysis.Fact
	Bits() map[int]uint8
	SetBits(map[int]uint8)
}

type factPtr[F any] interface {
	*F
	Fact
}

// Compute finds the functions of the package that may finish the value
// passed for some of their parameters, to a fixed point, exports their
// facts F and returns them (parameter index -> method bits, never empty).
// With the narrow policy it does nothing (nil) unless the package asserts
// something to an interface with a method or a dependency has a fact F: the
// common case costs one filtered walk of the type assertions.
func Compute[F any, P factPtr[F]](pass *analysis.Pass, insp *inspector.Inspector, pol *Policy) map[*types.Func]map[int]uint8 {
	info := pass.TypesInfo
	w := &walker{info: info, pol: pol, fields: make(map[*types.Var]bool)}
	found := false
	for x := range assertions(info, insp, pol) {
		found = true
		if !pol.Broad {
			break
		}
		if f := fieldOf(info, x); f != nil {
			w.fields[f] = true // a field the package asserts to a finisher
		}
	}
	if !found && !pol.Broad && !slices.ContainsFunc(pass.AllObjectFacts(), func(f analysis.ObjectFact) bool {
		_, ok := f.Fact.(P)
		return ok
	}) {
		return nil
	}
	var cands []*cand
	for c := range insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := c.Node().(*ast.FuncDecl)
		fn, _ := info.Defs[decl.Name].(*types.Func)
		if fn == nil || decl.Body == nil {
			continue
		}
		sig := fn.Type().(*types.Signature)
		cd := &cand{fn: fn, body: decl.Body, aliases: make(map[*types.Var]int)}
		for i := 0; i < sig.Params().Len(); i++ {
			t := sig.Params().At(i).Type()
			if sig.Variadic() && i == sig.Params().Len()-1 {
				if !pol.Broad {
					continue
				}
				t = t.(*types.Slice).Elem()
			}
			if pol.Param(t) {
				cd.aliases[sig.Params().At(i)] = i
			}
		}
		if len(cd.aliases) > 0 {
			cands = append(cands, cd)
		}
	}
	for _, cd := range cands {
		for range 3 {
			before := len(cd.aliases)
			w.scan(cd)
			if len(cd.aliases) == before {
				break
			}
		}
	}
	out := make(map[*types.Func]map[int]uint8)
	for range 8 {
		changed := false
		for _, cd := range cands {
			got := maps.Clone(cd.hits)
			for _, p := range cd.passes {
				if b := Of[F, P](pass, out, p.callee)[p.arg]; b != 0 {
					if got == nil {
						got = make(map[int]uint8)
					}
					got[p.param] |= b
				}
			}
			if len(got) > 0 && !maps.Equal(got, out[cd.fn]) {
				out[cd.fn] = got
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for fn, params := range out {
		f := P(new(F))
		f.SetBits(params)
		pass.ExportObjectFact(fn, f)
	}
	return out
}

// assertions yields the operand x of each type assertion x.(T) and type
// switch on x in the package whose type, or one of whose case types, has
// some of pol's Methods, with their bits.
func assertions(info *types.Info, insp *inspector.Inspector, pol *Policy) iter.Seq2[ast.Expr, uint8] {
	return func(yield func(ast.Expr, uint8) bool) {
		for c := range insp.Root().Preorder((*ast.TypeAssertExpr)(nil), (*ast.TypeSwitchStmt)(nil)) {
			var x ast.Expr
			var bits uint8
			switch n := c.Node().(type) {
			case *ast.TypeAssertExpr:
				if n.Type != nil { // not the x.(type) of a switch
					x, bits = n.X, pol.bits(info.TypeOf(n.Type))
				}
			case *ast.TypeSwitchStmt:
				x, bits = switchOperand(n), pol.switchBits(info, n)
			}
			if bits != 0 && !yield(x, bits) {
				return
			}
		}
	}
}

// AssertedFields returns the struct fields (their origins) that the
// package type-asserts, or type-switches on, to a type with some of pol's
// Methods, with their bits: a value stored in such a field may be finished
// by the package (syft's `if c, ok := w.out.(io.Closer); ok { c.Close() }`).
func AssertedFields(info *types.Info, insp *inspector.Inspector, pol *Policy) map[*types.Var]uint8 {
	fields := make(map[*types.Var]uint8)
	for x, bits := range assertions(info, insp, pol) {
		if f := fieldOf(info, x); f != nil {
			fields[f.Origin()] |= bits
		}
	}
	return fields
}

// Of returns the method bits of fn's parameters: local's entry (Compute's
// result) for a function of the package, fn's fact F otherwise.
func Of[F any, P factPtr[F]](pass *analysis.Pass, local map[*types.Func]map[int]uint8, fn *types.Func) map[int]uint8 {
	fn = fn.Origin()
	if fn.Pkg() == pass.Pkg {
		return local[fn]
	}
	f := P(new(F))
	if pass.ImportObjectFact(fn, f) {
		return f.Bits()
	}
	return nil
}

// HandOff tells what passing a value as argument k of call, a call of fn
// (a known function with a package), does: with escapes, fn may finish it
// whatever its facts say (Broad: a parameter of another type or a spread
// f(xs...), an interface method outside package io); otherwise fn's facts
// for its parameter param decide, or nothing can finish it there (param
// -1: an interface method, and with the narrow policy a variadic argument).
func (p *Policy) HandOff(fn *types.Func, call *ast.CallExpr, k int) (param int, escapes bool) {
	sig := fn.Type().(*types.Signature)
	abstract := sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
	n := sig.Params().Len()
	if !p.Broad {
		if abstract || k >= n || sig.Variadic() && k >= n-1 {
			return -1, false
		}
		return k, false
	}
	idx, pt := argParam(sig, call, k)
	switch {
	case pt == nil || !p.closeless(pt):
		return -1, true
	case abstract:
		// only io's interfaces (an io.WriterTo's WriteTo) are known not
		// to finish their argument
		return -1, fn.Pkg().Path() != "io"
	}
	return idx, false
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

// bits returns the bits of the Methods that t has: any type with Broad,
// only an interface type otherwise.
func (p *Policy) bits(t types.Type) uint8 {
	if t == nil {
		return 0
	}
	var bits uint8
	if p.Broad {
		for i, m := range p.Methods {
			if obj, _, _ := types.LookupFieldOrMethod(t, true, nil, m); obj != nil {
				if _, ok := obj.(*types.Func); ok {
					bits |= 1 << i
				}
			}
		}
		return bits
	}
	iface, ok := t.Underlying().(*types.Interface)
	if !ok {
		return 0
	}
	for i, m := range p.Methods {
		for f := range iface.Methods() {
			if f.Name() == m {
				bits |= 1 << i
				break
			}
		}
	}
	return bits
}

// closeless reports whether t is a non-empty interface type without any
// of the Methods (Broad).
func (p *Policy) closeless(t types.Type) bool {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return false
	}
	iface, ok := t.Underlying().(*types.Interface)
	return ok && !iface.Empty() && p.bits(t) == 0
}

// switchBits returns the bits of the case types of a type switch.
func (p *Policy) switchBits(info *types.Info, ts *ast.TypeSwitchStmt) uint8 {
	var bits uint8
	for _, s := range ts.Body.List {
		if cc, ok := s.(*ast.CaseClause); ok {
			for _, e := range cc.List {
				bits |= p.bits(info.TypeOf(e))
			}
		}
	}
	return bits
}

// cand is a function of the package with parameters that get facts.
type cand struct {
	fn      *types.Func
	body    *ast.BlockStmt
	aliases map[*types.Var]int // a parameter or a local copy of it -> parameter index
	hits    map[int]uint8
	passes  []handOff
}

// handOff: parameter param is passed as argument arg of callee.
type handOff struct {
	callee *types.Func
	arg    int
	param  int
}

type walker struct {
	info   *types.Info
	pol    *Policy
	fields map[*types.Var]bool // fields the package asserts to a finisher (Broad)
}

// scan records, for each use of a parameter of cd (or of a local copy),
// whether it may reach a finishing method (hits), is passed on to another
// function (passes), or is copied into a local (a new alias).
func (w *walker) scan(cd *cand) {
	info := w.info
	cd.hits = nil
	cd.passes = nil
	ast.PreorderStack(cd.body, nil, func(n ast.Node, stack []ast.Node) bool {
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
		hit := func(b uint8) {
			if b != 0 {
				if cd.hits == nil {
					cd.hits = make(map[int]uint8)
				}
				cd.hits[param] |= b
			}
		}
		escape := func() { // it may reach any method (Broad)
			if w.pol.Broad {
				hit(1<<len(w.pol.Methods) - 1)
			}
		}
		switch p := stack[i].(type) {
		case *ast.SelectorExpr, *ast.BinaryExpr, *ast.ExprStmt, *ast.IncDecStmt:
			// a method call such as w.Write, or a comparison
		case *ast.TypeAssertExpr:
			if p.Type != nil {
				hit(w.pol.bits(info.TypeOf(p.Type)))
			} else if i >= 2 {
				if ts, ok := stack[i-2].(*ast.TypeSwitchStmt); ok {
					hit(w.pol.switchBits(info, ts))
				}
			}
		case *ast.CallExpr:
			if p.Fun == e {
				escape()
				break
			}
			if tv, ok := info.Types[p.Fun]; ok && tv.IsType() {
				if !w.pol.closeless(tv.Type) {
					escape() // a conversion to any
				}
				break
			}
			if b, ok := info.Uses[funIdent(p.Fun)].(*types.Builtin); ok {
				if b.Name() != "len" && b.Name() != "cap" {
					escape() // append, copy ...
				}
				break
			}
			fn := streams.Callee(info, p)
			if fn == nil || fn.Pkg() == nil {
				escape() // a function value
				break
			}
			for k, a := range p.Args {
				if a != e {
					continue
				}
				if idx, esc := w.pol.HandOff(fn, p, k); esc {
					escape()
				} else if idx >= 0 {
					cd.passes = append(cd.passes, handOff{callee: fn.Origin(), arg: idx, param: param})
				}
			}
		case *ast.AssignStmt:
			for k, r := range p.Rhs {
				if r != e {
					continue
				}
				if len(p.Lhs) != len(p.Rhs) {
					escape()
					break
				}
				switch l := ast.Unparen(p.Lhs[k]).(type) {
				case *ast.Ident:
					w.alias(cd, l, param, escape)
				case *ast.SelectorExpr:
					if f := fieldOf(info, l); f == nil || w.fields[f] {
						escape()
					}
				default:
					escape()
				}
			}
		case *ast.ValueSpec:
			for k, val := range p.Values {
				if val == e && len(p.Names) == len(p.Values) {
					w.alias(cd, p.Names[k], param, escape)
				} else if val == e {
					escape()
				}
			}
		case *ast.RangeStmt:
			if p.X == e && p.Value != nil {
				w.alias(cd, p.Value, param, escape)
			}
		case *ast.KeyValueExpr:
			if p.Value != e || i < 1 {
				break
			}
			lit, ok := stack[i-1].(*ast.CompositeLit)
			if !ok {
				escape()
				break
			}
			if _, isStruct := info.TypeOf(lit).Underlying().(*types.Struct); !isStruct {
				escape()
				break
			}
			if key, ok := p.Key.(*ast.Ident); ok {
				if f, _ := info.ObjectOf(key).(*types.Var); f == nil || w.fields[f] {
					escape()
				}
			}
		case *ast.CompositeLit:
			st, isStruct := info.TypeOf(p).Underlying().(*types.Struct)
			if !isStruct {
				escape()
				break
			}
			for k, el := range p.Elts {
				if el == e && k < st.NumFields() && w.fields[st.Field(k)] {
					escape()
				}
			}
		default:
			// returned, sent, its address taken, stored elsewhere
			escape()
		}
		return true
	})
}

// alias records lhs, assigned the value of parameter param, as a copy of
// it if it is a local variable of the function: another parameter is not
// one (narrow); a package-level variable or a named result escapes.
func (w *walker) alias(cd *cand, lhs ast.Expr, param int, escape func()) {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok || id.Name == "_" {
		return
	}
	v, _ := w.info.ObjectOf(id).(*types.Var)
	if v == nil || v.IsField() || v.Parent() == v.Pkg().Scope() || isResult(cd.fn, v) {
		escape()
		return
	}
	if !w.pol.Broad && v.Pos() < cd.body.Pos() {
		return
	}
	if _, seen := cd.aliases[v]; !seen {
		cd.aliases[v] = param
	}
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
