package writeafterclose

import (
	"go/ast"
	"go/types"
	"slices"
	"sort"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// summarize computes what calling a function literal does to the
// variables it captures.
func (c *checker) summarize(lit *ast.FuncLit) *summary {
	if s := c.lits[lit]; s != nil {
		return s // done, or in progress (recursion): nothing more
	}
	s := new(summary)
	c.lits[lit] = s
	b := &body{fn: lit, g: c.cfgs.FuncLit(lit)}
	if !c.prepare(b) {
		s.done = true
		return s
	}
	captured := func(v *types.Var) bool {
		if k, ok := c.synthOf[v]; ok {
			v = k.base
		}
		return v != nil && (v.Pos() < lit.Pos() || v.Pos() >= lit.End())
	}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v := c.local(id); v != nil && captured(v) && !slices.Contains(s.touch, v) {
				s.touch = append(s.touch, v)
			}
		}
		return true
	})
	var closed []*types.Var
	for _, evs := range b.evs {
		for _, e := range evs {
			if e.kind == evOpaque {
				s.opaque = true
				s.sync = s.sync || e.sync
			}
			if e.v == nil || !captured(e.v) {
				continue
			}
			switch e.kind {
			case evWrite:
				s.writes = append(s.writes, e)
			case evClose:
				if !slices.Contains(closed, e.v) && len(closed) < 64 {
					closed = append(closed, e.v)
				}
			}
		}
	}
	sort.Slice(s.writes, func(i, j int) bool { return s.writes[i].pos < s.writes[j].pos })
	sort.Slice(closed, func(i, j int) bool { return closed[i].Pos() < closed[j].Pos() })
	if len(closed) > 0 {
		for i, ok := range c.mustClosed(b, closed) {
			if ok {
				s.closes = append(s.closes, closed[i])
			}
		}
	}
	s.done = true
	return s
}

// computeFacts finds the functions of the package that close a parameter
// on every path that returns, to a fixed point, and exports them.
func (c *checker) computeFacts(bodies []*body) {
	type cand struct {
		fn     *types.Func
		b      *body
		params []*types.Var
		index  []int
	}
	var cands []*cand
	for _, b := range bodies {
		decl, ok := b.fn.(*ast.FuncDecl)
		if !ok || b.g == nil {
			continue
		}
		fn, ok := c.info.Defs[decl.Name].(*types.Func)
		if !ok {
			continue
		}
		sig := fn.Type().(*types.Signature)
		cd := &cand{fn: fn, b: &body{fn: decl, g: b.g}}
		for i := 0; i < sig.Params().Len(); i++ {
			p := sig.Params().At(i)
			if sig.Variadic() && i == sig.Params().Len()-1 {
				continue
			}
			info := c.vars[p]
			if (info != nil && (info.assigns > 0 || info.untracked)) || !hasMethod(p.Type(), "Close") {
				continue
			}
			cd.params = append(cd.params, p)
			cd.index = append(cd.index, i)
		}
		if len(cd.params) > 0 && len(cd.params) <= 64 && c.mentionsClose(decl.Body, cd.params) {
			cands = append(cands, cd)
		}
	}
	c.inFacts = true
	for round := 0; round < 4; round++ {
		changed := false
		for _, cd := range cands {
			if !c.prepare(cd.b) {
				continue
			}
			var got []int
			for i, ok := range c.mustClosed(cd.b, cd.params) {
				if ok {
					got = append(got, cd.index[i])
				}
			}
			if !slices.Equal(got, c.facts[cd.fn]) {
				c.facts[cd.fn] = got
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	c.inFacts = false
	for fn, params := range c.facts {
		if len(params) > 0 {
			c.pass.ExportObjectFact(fn, &closesParams{Params: params})
		}
	}
}

// mentionsClose reports whether a body may close one of params: it calls
// a Close method on one, or passes one to a call (a function that may
// close it). A cheap filter before the data flow.
func (c *checker) mentionsClose(b *ast.BlockStmt, params []*types.Var) bool {
	isParam := func(e ast.Expr) bool {
		v := c.local(e)
		return v != nil && slices.Contains(params, v)
	}
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		if found {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && closeNames[sel.Sel.Name] && isParam(sel.X) {
				found = true
			}
			for _, a := range call.Args {
				if isParam(a) {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// tracked reports whether v's closes are checked in the body fn: not when
// a closure that the analyzer cannot follow mentions v, unless fn is
// inside that closure.
func (c *checker) tracked(v *types.Var, fn ast.Node) bool {
	if base := c.baseOf(v); base != nil {
		if !c.trackedBase(base, fn) {
			return false
		}
		t := v.Type()
		return (isTarget(t) && (!types.IsInterface(t) || streams.IsNamed(t, "net", "Conn"))) || len(c.wrappersOf(v)) > 0
	}
	info := c.vars[v]
	if info != nil {
		if info.untracked {
			return false
		}
		for _, lit := range info.escLits {
			if fn.Pos() < lit.Pos() || fn.End() > lit.End() {
				return false
			}
		}
	}
	t := v.Type()
	if types.IsInterface(t) && !streams.IsNamed(t, "net", "Conn") {
		// Whose Close ends writing? Not every io.WriteCloser's: a
		// base64 encoder's Close flushes and it writes on (WS-ifacefield).
		if info == nil || info.assigns == 0 || info.known != info.assigns {
			return len(c.wrappers[v]) > 0
		}
	}
	return isTarget(t) || len(c.wrappers[v]) > 0
}

// trackedBase reports whether the fields of base can be followed in fn.
func (c *checker) trackedBase(base *types.Var, fn ast.Node) bool {
	info := c.vars[base]
	if info == nil {
		return true
	}
	if info.untracked {
		return false
	}
	for _, lit := range info.escLits {
		if fn.Pos() < lit.Pos() || fn.End() > lit.End() {
			return false
		}
	}
	return true
}
