package backpressure

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
	"github.com/flowvet/flowvet/analyzers/internal/typestate"
)

// findWrappers finds the functions of this package that return a signal,
// and the function literals bound to local variables that do, to a fixed
// point (a wrapper may return another wrapper's signal), and exports a
// SignalFact for each function.
func (c *checker) findWrappers(insp *inspector.Inspector, cfgs *ctrlflow.CFGs) {
	type cand struct {
		fn   *types.Func
		decl *ast.FuncDecl
		sig  *types.Signature
		g    *cfg.CFG
	}
	var cands []cand
	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		fn, _ := c.info.Defs[decl.Name].(*types.Func)
		if fn == nil || decl.Body == nil {
			continue
		}
		sig := fn.Type().(*types.Signature)
		for i := range sig.Results().Len() {
			if isBool(sig.Results().At(i).Type()) {
				cands = append(cands, cand{fn, decl, sig, cfgs.FuncDecl(decl)})
				break
			}
		}
	}
	var lits []*binding
	litCFG := make(map[*binding]*cfg.CFG)
	for _, b := range c.bound {
		if b.lit != nil {
			lits = append(lits, b)
			litCFG[b] = cfgs.FuncLit(b.lit)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, cd := range cands {
			res := c.signalResults(cd.decl.Body, cd.sig, cd.g)
			if len(res) > len(c.local[cd.fn]) {
				c.local[cd.fn] = res
				changed = true
			}
		}
		for _, b := range lits {
			res := c.signalResults(b.lit.Body, b.sig, litCFG[b])
			if len(res) > len(b.results) {
				b.results = res
				changed = true
			}
		}
	}
	for _, cd := range cands {
		if res := c.local[cd.fn]; len(res) > 0 {
			c.pass.ExportObjectFact(cd.fn, &SignalFact{Results: res})
		}
	}
}

func isBool(t types.Type) bool {
	b, ok := types.Unalias(t).(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// signalResults returns the indices of the bool results through which the
// function body returns a signal: a source call, or a local variable (a
// named result included) that a source call was assigned to, when some
// path hands it back false without having waited (see unwaited). g is the
// body's CFG (nil: every return of such a variable counts).
func (c *checker) signalResults(body *ast.BlockStmt, sig *types.Signature, g *cfg.CFG) []int {
	// A variable carries the signal when every value assigned to it is one
	// (ok = true after a Drain makes it a plain bool).
	vars := make(map[*types.Var]bool)
	other := make(map[*types.Var]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		var lhs []ast.Expr
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			lhs = n.Lhs
		case *ast.ValueSpec:
			if len(n.Values) > 0 {
				for _, id := range n.Names {
					lhs = append(lhs, id)
				}
			}
		case *ast.RangeStmt:
			lhs = []ast.Expr{n.Key, n.Value}
		}
		signal := make(map[ast.Expr]bool)
		for _, a := range c.signalAssigns(n) {
			// A negation (full := !w.Write(v)) returned says true when
			// the buffer is full: not the signal its callers test.
			signal[a.lhs] = !a.neg
		}
		for _, e := range lhs {
			if e == nil {
				continue
			}
			if v := c.varOf(e); v != nil {
				if signal[e] {
					vars[v] = true
				} else {
					other[v] = true
				}
			}
		}
		return true
	})
	for v := range other {
		delete(vars, v)
	}
	results := sig.Results()
	set := make(map[int]bool)
	// A variable returned is a signal only on the paths that reach the
	// return with it possibly false and no wait since the write.
	type varReturn struct {
		ret *ast.ReturnStmt
		v   *types.Var
		i   int
	}
	var pending []varReturn
	var falses []varReturn // return false (errors nil): a signal if on a false branch
	hasSource := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if !hasSource {
				_, hasSource = c.source(n)
			}
		case *ast.ReturnStmt:
			switch {
			case len(n.Results) == 0:
				for i := range results.Len() {
					if v := results.At(i); vars[v] {
						pending = append(pending, varReturn{n, v, i})
					}
				}
			case len(n.Results) == results.Len():
				for i, e := range n.Results {
					if !isBool(results.At(i).Type()) {
						continue
					}
					if _, ok := c.singleSource(e); ok {
						set[i] = true
					} else if v := c.varOf(e); v != nil && vars[v] {
						pending = append(pending, varReturn{n, v, i})
					} else if b, ok := boolConstOf(c.info, e); ok && !b && c.nilErrors(n, results) {
						falses = append(falses, varReturn{n, nil, i})
					}
				}
			case len(n.Results) == 1:
				if call, ok := ast.Unparen(n.Results[0]).(*ast.CallExpr); ok {
					if s, ok := c.source(call); ok {
						for _, i := range s.results {
							set[i] = true
						}
					}
				}
			}
		}
		return true
	})
	if len(pending) > 0 {
		var reached map[*ast.ReturnStmt]map[*types.Var]bool
		if g != nil {
			reached = c.unwaited(body, g, vars)
		}
		for _, p := range pending {
			if g == nil || reached[p.ret][p.v] {
				set[p.i] = true
			}
		}
	}
	if len(falses) > 0 && hasSource && g != nil {
		reached := c.falseReturns(body, g, vars)
		for _, p := range falses {
			if reached[p.ret] {
				set[p.i] = true
			}
		}
	}
	var res []int
	for i := range set {
		res = append(res, i)
	}
	slices.Sort(res)
	return res
}

// wrapperInfo returns the funcInfo of a possible wrapper's body, whose
// signal variables are vars, with its selects and switches noted;
// assigns, if not nil, sees every assignment and var spec of the body
// (function literals excluded) in the same walk.
func (c *checker) wrapperInfo(body *ast.BlockStmt, g *cfg.CFG, vars map[*types.Var]bool, assigns func(ast.Node)) *funcInfo {
	f := &funcInfo{c: c, body: body, g: g,
		nonBlocking: make(map[ast.Node]bool),
		varKeys:     make(map[*types.Var]map[string]bool),
	}
	for v := range vars {
		f.varKeys[v] = map[string]bool{}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			f.noteSelect(n)
		case *ast.SwitchStmt:
			f.noteSwitch(n)
		case *ast.AssignStmt, *ast.ValueSpec:
			if assigns != nil {
				assigns(n)
			}
		}
		return true
	})
	return f
}

// unwaited returns, for each return statement, the signal variables (of
// vars) that some path brings to it from an assignment of a signal, while
// the variable may still be false (the false branch of every test of it)
// and without a wait since the write, as the checked-but-ignored rule
// judges one (Drain, Send, a receive from Drained(), a call given the
// writer; not Close). A function that waits whenever its signal is false
// (ok := w.Write(v); if !ok { w.Drain(ctx) }; return ok) returns a false
// that means "the buffer was full and I waited", or that the wait failed:
// nothing left for its caller to wait for, so no signal.
func (c *checker) unwaited(body *ast.BlockStmt, g *cfg.CFG, vars map[*types.Var]bool) map[*ast.ReturnStmt]map[*types.Var]bool {
	var assigns []signalAssign
	f := c.wrapperInfo(body, g, vars, func(n ast.Node) {
		for _, a := range c.signalAssigns(n) {
			if v := c.varOf(a.lhs); v != nil && vars[v] && !a.neg {
				assigns = append(assigns, a)
			}
		}
	})
	reached := make(map[*ast.ReturnStmt]map[*types.Var]bool)
	index := pathflow.Locate(g)
	for _, a := range assigns {
		v := c.varOf(a.lhs)
		p, ok := index[a.node]
		if !ok {
			continue // dead code
		}
		items := f.itemVars(a.src)
		// Fetching the next item is not a wait.
		f.returnsReached(pathflow.Point{Block: p.Block, Index: p.Index + 1}, v, func(n ast.Node) bool {
			return f.fetches(n, items) || !f.waits(n, true) && !f.assignsVar(n, v)
		}, func(ret *ast.ReturnStmt) {
			if f.fetches(ret, items) {
				return // return <-items: the next item, not this signal's end
			}
			if reached[ret] == nil {
				reached[ret] = make(map[*types.Var]bool)
			}
			reached[ret][v] = true
		})
	}
	return reached
}

// nilErrors reports whether every error result of ret is nil: a return
// false, nil (or a plain return false) tells the caller nothing but the
// bool, where return false, err reports a failure.
func (c *checker) nilErrors(ret *ast.ReturnStmt, results *types.Tuple) bool {
	errType := types.Universe.Lookup("error").Type()
	for i, e := range ret.Results {
		if !types.Identical(results.At(i).Type(), errType) {
			continue
		}
		if tv, ok := c.info.Types[e]; !ok || !tv.IsNil() {
			return false
		}
	}
	return true
}

// falseReturns returns the return statements that some path brings from
// the branch where a signal tested in the body is false (if !w.Write(v),
// if ok, a switch case), without a wait (or a Close), nor another write,
// since: there
// a constant false hands the signal to the caller, as in
//
//	func (p *P) Offer(v T) bool {
//		if p.w.Write(v) {
//			return true
//		}
//		p.stalls++
//		return false // the signal: nobody waited
//	}
//
// vars are the signal variables of the body.
func (c *checker) falseReturns(body *ast.BlockStmt, g *cfg.CFG, vars map[*types.Var]bool) map[*ast.ReturnStmt]bool {
	f := c.wrapperInfo(body, g, vars, nil)
	reached := make(map[*ast.ReturnStmt]bool)
	for st := range f.signalTests() {
		t := st.t
		f.returnsReached(pathflow.Point{Block: st.falseSucc}, t.v, func(n ast.Node) bool {
			// Not strict: a Close on the way (w.CloseWithError(errSlow);
			// return false) ends the stream, the false means closed.
			return !f.waits(n, false) && !f.writesAny(n)
		}, func(ret *ast.ReturnStmt) { reached[ret] = true })
	}
	return reached
}

// returnsReached calls reach with each return statement that a path from
// p reaches while v stays false (f.stillFalse; v nil: any branch), through
// nodes for which pass holds, without a select case that receives the
// drain signal (a select that polls it: the wait came).
func (f *funcInfo) returnsReached(p pathflow.Point, v *types.Var, pass func(ast.Node) bool, reach func(*ast.ReturnStmt)) {
	type none struct{}
	pol := typestate.Policy[none]{
		Enter: func(b *cfg.Block, s none) (none, bool) {
			cc, ok := b.Stmt.(*ast.CommClause)
			return s, !ok || b.Kind != cfg.KindSelectCaseBody || !f.receivesDrained(cc.Comm)
		},
		Step: func(n ast.Node, s none) (none, bool) {
			if !pass(n) {
				return s, false
			}
			if ret, ok := n.(*ast.ReturnStmt); ok {
				reach(ret)
				return s, false
			}
			return s, true
		},
	}
	if v != nil {
		stillFalse := f.stillFalse(v)
		pol.Branch = func(cond ast.Expr, whenTrue bool, s none) (none, bool) { return s, stillFalse(cond, whenTrue) }
	}
	typestate.Check(f.paths(), p, none{}, pol)
}
