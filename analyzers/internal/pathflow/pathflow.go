// Package pathflow answers path questions over a function's control-flow
// graph (golang.org/x/tools/go/cfg, as built by passes/ctrlflow): "is there
// a path from this point to that one on which nothing resets the state",
// and the small bit-vector data-flow problems such questions need ("on
// every path to here, was x closed?", "on some path to here, was a
// deferred call registered?").
//
// It knows three things about Go that go/cfg leaves to its users:
//
//   - A block with no successors ends the function normally only when its
//     last node is a return statement (go/cfg materializes the implicit
//     return at the closing brace). A block that ends in panic, os.Exit or
//     log.Fatal has no successors either, but deferred calls either do not
//     run there or run during a panic; [IsReturn] tells them apart.
//   - The key and value of a range loop are assigned at the loop head on
//     every iteration, although go/cfg places their nodes before the loop:
//     [RangeDefs] names them so a walker can treat entering a
//     KindRangeLoop block as an assignment.
//   - Deferred calls run at each return, in reverse order of registration,
//     with their receiver and arguments evaluated at the defer statement.
//     A walker models that with a bit per deferred call: set it where the
//     defer statement is reached (a [Forward] data-flow problem, or the
//     state of a [Walk]) and act on the set bits at each [IsReturn] exit.
//     The later a defer was registered, the earlier it runs: a deferred
//     call that is pending when a later defer registers runs after it.
package pathflow

import (
	"go/ast"

	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/cfg"
)

// Point is a position in a CFG: before node Index of Block. Index may equal
// len(Block.Nodes), the end of the block.
type Point struct {
	Block *cfg.Block
	Index int
}

// Locate maps every node listed in a live block of g to its Point.
func Locate(g *cfg.CFG) map[ast.Node]Point {
	m := make(map[ast.Node]Point)
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for i, n := range b.Nodes {
			m[n] = Point{b, i}
		}
	}
	return m
}

// IsReturn reports whether b ends the function normally: it is live, has
// no successors and its last node is a return statement. Deferred calls
// run there.
func IsReturn(b *cfg.Block) bool {
	if !b.Live || len(b.Succs) > 0 || len(b.Nodes) == 0 {
		return false
	}
	_, ok := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt)
	return ok
}

// RangeDefs returns the key and value expressions a KindRangeLoop block
// assigns each time control enters it, or nil for any other block.
func RangeDefs(b *cfg.Block) []ast.Expr {
	if b.Kind != cfg.KindRangeLoop {
		return nil
	}
	rs, ok := b.Stmt.(*ast.RangeStmt)
	if !ok {
		return nil
	}
	var defs []ast.Expr
	if rs.Key != nil {
		defs = append(defs, rs.Key)
	}
	if rs.Value != nil {
		defs = append(defs, rs.Value)
	}
	return defs
}

// Walker is the client of [Walk].
type Walker[S comparable] struct {
	// Edge, if set, is called for each edge the walk follows, before
	// Enter; it returns the new state and whether the edge can be taken
	// (for facts a branch establishes: err != nil on the true edge of
	// `err != nil`, an infeasible nil branch; see [Cond]).
	Edge func(from, to *cfg.Block, s S) (S, bool)
	// Enter, if set, is called when the walk enters a block (not for the
	// starting block); it returns the new state and whether to go on.
	Enter func(b *cfg.Block, s S) (S, bool)
	// Node is called for each node in order; it returns the new state and
	// whether to go on along this path.
	Node func(b *cfg.Block, n ast.Node, s S) (S, bool)
	// Exit, if set, is called with the state at the end of a live block
	// that has no successors (see IsReturn).
	Exit func(b *cfg.Block, s S)
	// Limit, if positive, bounds the number of (block, state) pairs the
	// walk visits: a state space that grows with the code (a set of
	// facts per variable) cannot make it run away.
	Limit int
}

// Walk explores every path from p (before node p.Index) forward, depth
// first and in successor order, visiting each (block, state) pair at most
// once, so it terminates on loops as long as the state space is finite.
// Node, Edge and Enter decide when a path ends (the watched value was
// reassigned, a finding was made, the branch cannot be taken). Walk
// reports false when it stopped at w.Limit before exploring every path.
func Walk[S comparable](p Point, init S, w Walker[S]) bool {
	type key struct {
		b *cfg.Block
		s S
	}
	seen := make(map[key]bool)
	complete := true
	var visit func(b *cfg.Block, from int, s S)
	visit = func(b *cfg.Block, from int, s S) {
		for _, n := range b.Nodes[from:] {
			var ok bool
			if s, ok = w.Node(b, n, s); !ok {
				return
			}
		}
		if len(b.Succs) == 0 {
			if w.Exit != nil && b.Live {
				w.Exit(b, s)
			}
			return
		}
		for _, succ := range b.Succs {
			t := s
			if w.Edge != nil {
				var ok bool
				if t, ok = w.Edge(b, succ, t); !ok {
					continue
				}
			}
			if w.Enter != nil {
				var ok bool
				if t, ok = w.Enter(succ, t); !ok {
					continue
				}
			}
			k := key{succ, t}
			if seen[k] {
				continue
			}
			if w.Limit > 0 && len(seen) >= w.Limit {
				complete = false
				return
			}
			seen[k] = true
			visit(succ, 0, t)
		}
	}
	visit(p.Block, p.Index, init)
	return complete
}

// Bits is a set of up to 64 facts, numbered by the client.
type Bits uint64

// Has reports whether fact i is in the set.
func (s Bits) Has(i int) bool { return i >= 0 && i < 64 && s&(1<<uint(i)) != 0 }

// With returns s with fact i added (facts beyond 63 are not represented).
func (s Bits) With(i int) Bits {
	if i < 0 || i >= 64 {
		return s
	}
	return s | 1<<uint(i)
}

// Forward solves a forward bit-vector data-flow problem over the live
// blocks of g. With must set, the state at a block's entry is the
// intersection of its predecessors' exit states (a fact holds on every
// path); otherwise the union (on some path). The entry block starts empty.
// Enter, if set, transforms the state on entry to a block (after the
// meet); Transfer applies one node.
//
// The result gives the state on entry to each live block; use Before to
// get the state at a point.
func Forward(g *cfg.CFG, must bool, enter func(b *cfg.Block, in Bits) Bits, transfer func(n ast.Node, in Bits) Bits) *Solution {
	return ForwardEdges(g, must, nil, enter, transfer)
}

// ForwardEdges is Forward with a transfer function for edges: edge, if
// set, transforms the exit state of from before it flows into to (for
// facts a branch establishes, such as "x is nil" on the true edge of
// `x == nil`; see [Cond]).
func ForwardEdges(g *cfg.CFG, must bool, edge func(from, to *cfg.Block, out Bits) Bits, enter func(b *cfg.Block, in Bits) Bits, transfer func(n ast.Node, in Bits) Bits) *Solution {
	sol := &Solution{in: make([]Bits, len(g.Blocks)), transfer: transfer, enter: enter}
	out := make([]Bits, len(g.Blocks))
	reached := make([]bool, len(g.Blocks))
	preds := make([][]*cfg.Block, len(g.Blocks))
	for _, b := range g.Blocks {
		for _, s := range b.Succs {
			preds[s.Index] = append(preds[s.Index], b)
		}
	}
	if len(g.Blocks) == 0 {
		return sol
	}
	// Worklist in block order; iterate to a fixed point.
	work := []*cfg.Block{g.Blocks[0]}
	queued := make([]bool, len(g.Blocks))
	queued[0] = true
	for len(work) > 0 {
		b := work[0]
		work = work[1:]
		queued[b.Index] = false
		var in Bits
		if b.Index != 0 {
			first := true
			for _, p := range preds[b.Index] {
				if !reached[p.Index] {
					continue // top, for must problems
				}
				o := out[p.Index]
				if edge != nil {
					o = edge(p, b, o)
				}
				if first {
					in, first = o, false
				} else if must {
					in &= o
				} else {
					in |= o
				}
			}
		}
		if enter != nil {
			in = enter(b, in)
		}
		sol.in[b.Index] = in
		s := in
		for _, n := range b.Nodes {
			s = transfer(n, s)
		}
		if reached[b.Index] && out[b.Index] == s {
			continue
		}
		reached[b.Index] = true
		out[b.Index] = s
		for _, succ := range b.Succs {
			if !queued[succ.Index] {
				queued[succ.Index] = true
				work = append(work, succ)
			}
		}
	}
	return sol
}

// Solution is the result of [Forward].
type Solution struct {
	in       []Bits
	transfer func(n ast.Node, in Bits) Bits
	enter    func(b *cfg.Block, in Bits) Bits
}

// In returns the state on entry to b (after Enter).
func (s *Solution) In(b *cfg.Block) Bits { return s.in[b.Index] }

// Before returns the state before node p.Index of p.Block.
func (s *Solution) Before(p Point) Bits {
	st := s.in[p.Block.Index]
	for _, n := range p.Block.Nodes[:p.Index] {
		st = s.transfer(n, st)
	}
	return st
}

// Cond returns the condition of a conditional block (its last node) and
// whether to is the successor taken when it is true; ok is false when from
// is not a conditional block or to is not its successor.
func Cond(from, to *cfg.Block) (cond ast.Expr, whenTrue, ok bool) {
	if len(from.Succs) != 2 || len(from.Nodes) == 0 {
		return nil, false, false
	}
	cond, isExpr := from.Nodes[len(from.Nodes)-1].(ast.Expr)
	if !isExpr {
		return nil, false, false
	}
	switch to {
	case from.Succs[0]:
		return cond, true, from.Succs[0] != from.Succs[1]
	case from.Succs[1]:
		return cond, false, true
	}
	return nil, false, false
}

// Of returns the CFG that ctrlflow built for a FuncDecl or FuncLit, or nil.
func Of(cfgs *ctrlflow.CFGs, fn ast.Node) *cfg.CFG {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return cfgs.FuncDecl(fn)
	case *ast.FuncLit:
		return cfgs.FuncLit(fn)
	}
	return nil
}
