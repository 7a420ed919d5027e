// Package typestate is the path-sensitive engine the flowvet analyzers
// share: an analyzer gives a policy (a state machine over the nodes of one
// function's control-flow graph, and a verdict at each way out) and the
// engine walks every path from a point, the way [pathflow.Walk] does, with
// what every such walk needs and each analyzer used to redo:
//
//   - branch pruning: a branch on which a value the policy knows to exist
//     (Policy.NonNil, the stream once made) would be nil is not taken;
//   - the error variables along the path ([errpath.Flow]: `err != nil` on
//     the true edge, err = fmt.Errorf(...)), handed to the verdict as
//     errpath.Facts, sharper than those on every path to the exit; the
//     one Flow of a function is Func.Errors, solved once;
//   - deferred calls: each defer statement reached on the path is
//     registered, and at a return they run, latest first, before the
//     verdict (Policy.Deferred);
//   - how the path ends ([Exit]): a return (deferred calls run), a call
//     that ends the process without running them (os.Exit with any code,
//     log.Fatal*, a helper that always does one: stream.Result's
//     ExitSkipsDefers), or a panic or another call that never returns.
package typestate

import (
	"cmp"
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
)

// ExitKind is how a path leaves the function.
type ExitKind uint8

const (
	// Return: a return statement (go/cfg writes the one at the closing
	// brace); deferred calls run.
	Return ExitKind = iota + 1
	// SkipsDefers: a call that ends the process without running deferred
	// calls (Func.SkipsDefers).
	SkipsDefers
	// Panic: any other end of a path: a panic, a call that never returns
	// (deferred calls run while the goroutine unwinds).
	Panic
)

// Exit is one end of a path, as the verdict sees it.
type Exit struct {
	Kind  ExitKind
	Block *cfg.Block
	// Last is the block's last node: the return statement, the statement
	// of the exiting call; nil for an empty block.
	Last ast.Node
	// Return is Last when Kind is Return.
	Return *ast.ReturnStmt
	// Errs is what the path knows of the function's error variables; nil
	// unless Policy.Errs is set and the function has an error result.
	Errs errpath.Facts
}

// Func is one function the engine walks (NewFunc, or a literal when its
// error variables are not needed).
type Func struct {
	CFG  *cfg.CFG
	Info *types.Info
	// Fn is the *ast.FuncDecl or *ast.FuncLit whose CFG this is (nil:
	// its error variables are not followed).
	Fn ast.Node
	// SkipsDefers, if set, reports whether a node that ends a path is a
	// call that ends the process without running deferred calls
	// (stream.Result.ExitSkipsDefers).
	SkipsDefers func(ast.Node) bool
	// Locals asks Errors to follow the error variables of a function
	// without an error result too: a walk that only needs a branch on an
	// error the path has set decided (a timeout arm's err = fmt.Errorf(...)
	// makes `if err != nil` true), not what a return reports.
	Locals bool

	loc      map[ast.Node]pathflow.Point
	defers   []*ast.DeferStmt // the defer statements of live blocks, in source order, once needed
	errs     *errpath.Flow
	errsDone bool
}

// NewFunc returns the engine's view of fn (a *ast.FuncDecl or
// *ast.FuncLit) whose CFG is g. What it derives (node positions, error
// variables) is computed once, when first needed.
func NewFunc(info *types.Info, fn ast.Node, g *cfg.CFG) *Func {
	return &Func{CFG: g, Info: info, Fn: fn}
}

// Errors returns what the function's CFG establishes about its error
// variables (errpath.Flow), solved once, when first asked; nil when the
// function has no error result, where every return reports success
// whatever the facts.
func (f *Func) Errors() *errpath.Flow {
	if !f.errsDone {
		f.errsDone = true
		if f.Fn != nil && f.CFG != nil && (f.Locals || errpath.ErrorResult(errpath.Signature(f.Info, f.Fn)) >= 0) {
			f.errs = errpath.NewFlow(f.Info, f.Fn, f.CFG)
		}
	}
	return f.errs
}

// Locate returns the point of node n, a node of a live block of the CFG.
func (f *Func) Locate(n ast.Node) (pathflow.Point, bool) {
	if f.loc == nil {
		f.loc = pathflow.Locate(f.CFG)
	}
	p, ok := f.loc[n]
	return p, ok
}

// Policy is an analyzer's state machine over the nodes of a function.
// Step is required; the other hooks are optional.
type Policy[S comparable] struct {
	// NonNil is a variable that is not nil on any path walked (the stream
	// the walk follows, once made): a branch on which it would be nil
	// (`if w == nil`) is not taken.
	NonNil *types.Var
	// Branch is called for each conditional edge the walk follows, with
	// its condition and whether the edge is taken when it is true; false:
	// the edge cannot be taken.
	Branch func(cond ast.Expr, whenTrue bool, s S) (S, bool)
	// Edge is called for each edge the walk follows, after Branch, for
	// what an edge means beyond its condition (a range loop's edge into
	// its body receives from a channel); false: it cannot be taken.
	Edge func(from, to *cfg.Block, s S) (S, bool)
	// Enter is called on entry to each block but the first; false ends
	// the path.
	Enter func(b *cfg.Block, s S) (S, bool)
	// Step applies one node; false ends the path (the stream was made
	// anew, a finding was made).
	Step func(n ast.Node, s S) (S, bool)
	// Deferred, if set, runs the deferred call d at a Return: every defer
	// statement reached on the path, the last reached first, before Exit.
	// A defer statement in a loop runs once.
	Deferred func(d *ast.DeferStmt, s S) S
	// Errs asks for Exit.Errs: the error variables (Func.Errors) are
	// followed along each path. A walk that needs no error facts is
	// cheaper without: fewer states.
	Errs bool
	// Exit is the verdict at each end of a path.
	Exit func(e Exit, s S)
	// Limit, if positive, bounds the (block, state) pairs visited.
	Limit int
}

// path is the state of the walk: the policy's, the error variables known
// non-nil, the defer statements reached.
type path[S comparable] struct {
	s      S
	errs   pathflow.Bits
	defers pathflow.Bits
}

// Check walks every path from p (before node p.Index of p.Block) with the
// policy's state init. It reports false when the walk stopped at
// pol.Limit before exploring every path.
func Check[S comparable](f *Func, p pathflow.Point, init S, pol Policy[S]) bool {
	errs, follow := f.errsAt(p, pol.Errs)
	return walk(f, p, path[S]{s: init, errs: errs}, follow, pol)
}

// CheckAfter walks every path from just after n, a node of a live block,
// with init the policy's state after n (the policy applies n itself,
// often only in part: the events after a constructor call). It reports
// false when n is not in a live block or the walk stopped at pol.Limit.
func CheckAfter[S comparable](f *Func, n ast.Node, init S, pol Policy[S]) bool {
	p, ok := f.Locate(n)
	if !ok {
		return false
	}
	errs, follow := f.errsAt(p, pol.Errs)
	if follow {
		errs = f.errs.Step(n, errs)
	}
	st := path[S]{s: init, errs: errs}
	if d, ok := n.(*ast.DeferStmt); ok && pol.Deferred != nil {
		st.defers = st.defers.With(f.deferIndex(d))
	}
	return walk(f, pathflow.Point{Block: p.Block, Index: p.Index + 1}, st, follow, pol)
}

// errsAt returns the error variables known non-nil before p on every path
// to it, and whether they are followed.
func (f *Func) errsAt(p pathflow.Point, want bool) (pathflow.Bits, bool) {
	if !want || f.Errors() == nil {
		return 0, false
	}
	return f.errs.BeforePoint(p), true
}

func walk[S comparable](f *Func, p pathflow.Point, init path[S], follow bool, pol Policy[S]) bool {
	return pathflow.Walk(p, init, pathflow.Walker[path[S]]{
		Limit: pol.Limit,
		Edge: func(from, to *cfg.Block, st path[S]) (path[S], bool) {
			if cond, whenTrue, ok := pathflow.Cond(from, to); ok {
				if pol.NonNil != nil && f.nilBranch(cond, whenTrue, pol.NonNil) {
					return st, false
				}
				if pol.Branch != nil {
					var ok bool
					if st.s, ok = pol.Branch(cond, whenTrue, st.s); !ok {
						return st, false
					}
				}
			}
			if pol.Edge != nil {
				var ok bool
				if st.s, ok = pol.Edge(from, to, st.s); !ok {
					return st, false
				}
			}
			if follow {
				// A branch that makes nil an error variable the path has
				// made non-nil cannot be taken.
				if !f.errs.Feasible(from, to, st.errs) {
					return st, false
				}
				st.errs = f.errs.Edge(from, to, st.errs)
			}
			return st, true
		},
		Enter: func(b *cfg.Block, st path[S]) (path[S], bool) {
			if pol.Enter == nil {
				return st, true
			}
			var ok bool
			st.s, ok = pol.Enter(b, st.s)
			return st, ok
		},
		Node: func(_ *cfg.Block, n ast.Node, st path[S]) (path[S], bool) {
			var ok bool
			if st.s, ok = pol.Step(n, st.s); !ok {
				return st, false
			}
			if follow {
				st.errs = f.errs.Step(n, st.errs)
			}
			if d, isDefer := n.(*ast.DeferStmt); isDefer && pol.Deferred != nil {
				st.defers = st.defers.With(f.deferIndex(d))
			}
			return st, true
		},
		Exit: func(b *cfg.Block, st path[S]) {
			e := Exit{Kind: Panic, Block: b}
			if len(b.Nodes) > 0 {
				e.Last = b.Nodes[len(b.Nodes)-1]
			}
			switch {
			case pathflow.IsReturn(b):
				e.Kind, e.Return = Return, e.Last.(*ast.ReturnStmt)
				st.s = runDeferred(f, st.defers, st.s, pol)
			case e.Last != nil && f.SkipsDefers != nil && f.SkipsDefers(e.Last):
				e.Kind = SkipsDefers
			}
			if follow {
				e.Errs = f.errs.Facts(st.errs)
			}
			if pol.Exit != nil {
				pol.Exit(e, st.s)
			}
		},
	})
}

// nilBranch reports whether the branch of cond taken (whenTrue) is the one
// on which x is nil.
func (f *Func) nilBranch(cond ast.Expr, whenTrue bool, x *types.Var) bool {
	v, nonNilIfTrue, ok := errpath.NilTest(f.Info, cond)
	return ok && v == x && nonNilIfTrue != whenTrue
}

// deferIndex numbers the defer statements of the function's live blocks
// in source order; -1 (not represented) beyond 64.
func (f *Func) deferIndex(d *ast.DeferStmt) int {
	if f.defers == nil {
		for _, b := range f.CFG.Blocks {
			if !b.Live {
				continue
			}
			for _, n := range b.Nodes {
				if d, ok := n.(*ast.DeferStmt); ok {
					f.defers = append(f.defers, d)
				}
			}
		}
		slices.SortFunc(f.defers, func(a, b *ast.DeferStmt) int { return cmp.Compare(a.Pos(), b.Pos()) })
	}
	if i := slices.Index(f.defers, d); i < 64 {
		return i
	}
	return -1
}

// runDeferred runs the deferred calls registered (bits of deferIndex) at
// a return: the later in the source, the earlier it runs, which is the
// order of registration on a path that reaches them in source order.
func runDeferred[S comparable](f *Func, registered pathflow.Bits, s S, pol Policy[S]) S {
	for i := min(len(f.defers), 64) - 1; i >= 0 && registered != 0; i-- {
		if registered.Has(i) {
			s = pol.Deferred(f.defers[i], s)
		}
	}
	return s
}

// FirstReturn returns the first return statement a walk from p reaches
// (depth first, in successor order) on a path with no node for which stop
// holds, and for which want holds (want nil: any); nil if there is none.
// Paths that end otherwise (panic, os.Exit) return nothing. With errs,
// want sees what the path knows of the error variables (Exit.Errs).
func FirstReturn(f *Func, p pathflow.Point, errs bool, stop func(ast.Node) bool, want func(Exit) bool) *ast.ReturnStmt {
	var found *ast.ReturnStmt
	Check(f, p, struct{}{}, Policy[struct{}]{
		Errs: errs,
		Step: func(n ast.Node, s struct{}) (struct{}, bool) {
			return s, found == nil && !stop(n)
		},
		Exit: func(e Exit, _ struct{}) {
			if found == nil && e.Kind == Return && (want == nil || want(e)) {
				found = e.Return
			}
		},
	})
	return found
}
