package errpath

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
)

// Flow is the Facts a function's control-flow graph establishes about its
// error variables, for callers that have no path state of their own: a
// must data-flow problem ([pathflow.ForwardEdges]) "v is non-nil on every
// path to here". An error variable is non-nil after an assignment of a
// value that [Expr] finds to be a Failure, and on the true edge of
// `v != nil` (the false edge of `v == nil`), also as a conjunct of an &&
// chain on its true edge (`v != nil && v != io.EOF`) or a disjunct of an
// || chain on its false edge; it may be nil after any other assignment, on
// the other edges, and at the start (named results).
//
// The variables followed are the named error results and the error
// variables declared in the body, up to 64, except those a function
// literal assigns (a closure, deferred or not, may run at any call) or
// whose address is taken: those stay Unseen, as do parameters. A variable
// a closure only reads is followed (defer func() { if err != nil {
// os.Remove(name) } }() leaves err as it is).
type Flow struct {
	info *types.Info
	vars map[*types.Var]int
	loc  map[ast.Node]pathflow.Point
	sol  *pathflow.Solution
}

// NewFlow solves the problem for fn (a *ast.FuncDecl or *ast.FuncLit)
// whose CFG is g. It costs one pass over the body and, when the function
// has error variables, a bit-vector data-flow problem over g.
func NewFlow(info *types.Info, fn ast.Node, g *cfg.CFG) *Flow {
	f := &Flow{info: info, vars: make(map[*types.Var]int)}
	var body *ast.BlockStmt
	var ftype *ast.FuncType
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		body, ftype = fn.Body, fn.Type
	case *ast.FuncLit:
		body, ftype = fn.Body, fn.Type
	}
	if body == nil || g == nil {
		return f
	}
	add := func(id *ast.Ident) {
		if v, ok := info.Defs[id].(*types.Var); ok && IsError(v.Type()) && len(f.vars) < 64 {
			if _, dup := f.vars[v]; !dup {
				f.vars[v] = len(f.vars)
			}
		}
	}
	if ftype.Results != nil {
		for _, field := range ftype.Results.List {
			for _, name := range field.Names {
				add(name)
			}
		}
	}
	excluded := make(map[*types.Var]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			// A closure that only reads a variable leaves it as it
			// is (defer func() { if err != nil { os.Remove(name) } }());
			// one that assigns it may run at any call.
			exclude := func(e ast.Expr) {
				if id, ok := ast.Unparen(e).(*ast.Ident); ok {
					if v, ok := info.Uses[id].(*types.Var); ok {
						excluded[v] = true
					}
				}
			}
			ast.Inspect(n.Body, func(m ast.Node) bool {
				switch m := m.(type) {
				case *ast.AssignStmt:
					for _, l := range m.Lhs {
						exclude(l)
					}
				case *ast.RangeStmt:
					if m.Tok == token.ASSIGN {
						if m.Key != nil {
							exclude(m.Key)
						}
						if m.Value != nil {
							exclude(m.Value)
						}
					}
				case *ast.UnaryExpr:
					if m.Op == token.AND {
						exclude(m.X)
					}
				}
				return true
			})
			return false
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if v, ok := info.Uses[id].(*types.Var); ok {
					excluded[v] = true
				}
			}
		case *ast.Ident:
			add(n)
		}
		return true
	})
	for v := range excluded {
		delete(f.vars, v)
	}
	if len(f.vars) == 0 {
		return f
	}
	f.loc = pathflow.Locate(g)
	f.sol = pathflow.ForwardEdges(g, true, f.edge, f.enter, f.transfer)
	return f
}

// At returns the Facts before node n (a node the CFG lists, such as a
// return statement); nil when n is not in a live block.
func (f *Flow) At(n ast.Node) Facts {
	if f.sol == nil {
		return nil
	}
	p, ok := f.loc[n]
	if !ok {
		return nil
	}
	return f.facts(f.sol.Before(p))
}

func (f *Flow) facts(bits pathflow.Bits) Facts {
	return func(v *types.Var) Fact {
		idx, ok := f.vars[v]
		switch {
		case !ok:
			return Unseen
		case bits.Has(idx):
			return NonNil
		}
		return MaybeNil
	}
}

func (f *Flow) set(bits pathflow.Bits, id *ast.Ident, nonNil bool) pathflow.Bits {
	v, _ := f.info.ObjectOf(id).(*types.Var)
	return f.setVar(bits, v, nonNil)
}

func (f *Flow) setVar(bits pathflow.Bits, v *types.Var, nonNil bool) pathflow.Bits {
	idx, ok := f.vars[v]
	if !ok {
		return bits
	}
	if nonNil {
		return bits.With(idx)
	}
	return bits &^ (1 << uint(idx))
}

func (f *Flow) transfer(n ast.Node, in pathflow.Bits) pathflow.Bits {
	out := in
	switch n := n.(type) {
	case *ast.AssignStmt:
		for i, l := range n.Lhs {
			id, ok := ast.Unparen(l).(*ast.Ident)
			if !ok {
				continue
			}
			nonNil := len(n.Lhs) == len(n.Rhs) && (n.Tok == token.ASSIGN || n.Tok == token.DEFINE) &&
				Expr(f.info, n.Rhs[i], f.facts(in)) == Failure
			out = f.set(out, id, nonNil)
		}
	case *ast.ValueSpec:
		for i, id := range n.Names {
			nonNil := len(n.Values) == len(n.Names) && Expr(f.info, n.Values[i], f.facts(in)) == Failure
			out = f.set(out, id, nonNil)
		}
	}
	return out
}

func (f *Flow) enter(b *cfg.Block, in pathflow.Bits) pathflow.Bits {
	for _, e := range pathflow.RangeDefs(b) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			in = f.set(in, id, false)
		}
	}
	return in
}

func (f *Flow) edge(from, to *cfg.Block, out pathflow.Bits) pathflow.Bits {
	cond, whenTrue, ok := pathflow.Cond(from, to)
	if !ok {
		return out
	}
	BranchNilTests(f.info, cond, whenTrue, func(v *types.Var, nonNil bool) {
		out = f.setVar(out, v, nonNil)
	})
	return out
}

// Along one path, such as the state of a [pathflow.Walk] from a point,
// the facts can be sharper than those of At, which hold on every path to
// a node: in `if err != nil { f.Close() }; return err`, At says err may be
// nil at the return, while on the path through the Close it is non-nil.
// BeforePoint gives the bits before a point, Step and Edge carry them
// along the path, Facts reads them.

// BeforePoint returns the bits before p, a point of a live block, as At
// knows them.
func (f *Flow) BeforePoint(p pathflow.Point) pathflow.Bits {
	if f.sol == nil {
		return 0
	}
	return f.sol.Before(p)
}

// Step returns the bits after node n, given those before it.
func (f *Flow) Step(n ast.Node, in pathflow.Bits) pathflow.Bits {
	if f.sol == nil {
		return in
	}
	return f.transfer(n, in)
}

// Edge returns the bits on entry to block to along the edge from block
// from, given those at the end of from (the branch's nil test, the range
// variables assigned at a loop head).
func (f *Flow) Edge(from, to *cfg.Block, out pathflow.Bits) pathflow.Bits {
	if f.sol == nil {
		return out
	}
	return f.enter(to, f.edge(from, to, out))
}

// Feasible reports whether the edge from block from to block to can be
// taken with bits at the end of from: not when its condition makes nil a
// variable the bits know non-nil (`err = fmt.Errorf(...)`, then the false
// branch of `if err != nil`).
func (f *Flow) Feasible(from, to *cfg.Block, out pathflow.Bits) bool {
	cond, whenTrue, ok := pathflow.Cond(from, to)
	if f.sol == nil || !ok {
		return true
	}
	feasible := true
	BranchNilTests(f.info, cond, whenTrue, func(v *types.Var, nonNil bool) {
		if idx, ok := f.vars[v]; ok && !nonNil && out.Has(idx) {
			feasible = false
		}
	})
	return feasible
}

// Facts returns what bits say about the followed variables (the others are
// Unseen).
func (f *Flow) Facts(bits pathflow.Bits) Facts {
	return f.facts(bits)
}
