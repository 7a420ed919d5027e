package pathflow_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
)

// build parses the body of func f in src and returns its CFG; calls to
// panic do not return.
func build(t *testing.T, src string) *cfg.CFG {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "x.go", "package p\n"+src, 0)
	if err != nil {
		t.Fatal(err)
	}
	fn := file.Decls[0].(*ast.FuncDecl)
	return cfg.New(fn.Body, func(call *ast.CallExpr) bool {
		id, ok := call.Fun.(*ast.Ident)
		return !ok || id.Name != "panic"
	})
}

// callName returns the name of the function a statement node calls.
func callName(n ast.Node) string {
	var name string
	ast.Inspect(n, func(m ast.Node) bool {
		if call, ok := m.(*ast.CallExpr); ok && name == "" {
			if id, ok := call.Fun.(*ast.Ident); ok {
				name = id.Name
			}
		}
		return true
	})
	return name
}

func find(t *testing.T, g *cfg.CFG, name string) pathflow.Point {
	t.Helper()
	for n, p := range pathflow.Locate(g) {
		if _, ok := n.(ast.Stmt); ok && callName(n) == name {
			return p
		}
	}
	t.Fatalf("no call of %s", name)
	return pathflow.Point{}
}

func TestIsReturn(t *testing.T) {
	g := build(t, `func f(x bool) int {
	if x {
		panic("no")
	}
	return 1
}`)
	var returns, exits int
	for _, b := range g.Blocks {
		if b.Live && len(b.Succs) == 0 {
			exits++
		}
		if pathflow.IsReturn(b) {
			returns++
		}
	}
	if exits != 2 || returns != 1 {
		t.Errorf("exits = %d, returns = %d; want 2 and 1 (panic is not a return)", exits, returns)
	}
}

func TestRangeDefs(t *testing.T) {
	g := build(t, `func f(xs []int) {
	for i, x := range xs {
		use(i, x)
	}
}`)
	var got []string
	for _, b := range g.Blocks {
		for _, e := range pathflow.RangeDefs(b) {
			got = append(got, e.(*ast.Ident).Name)
		}
	}
	if strings.Join(got, ",") != "i,x" {
		t.Errorf("RangeDefs = %v, want [i x]", got)
	}
}

// reach reports which calls are reachable from after the call of from
// without passing a call of stop.
func reach(t *testing.T, g *cfg.CFG, from, stop string) map[string]bool {
	p := find(t, g, from)
	seen := make(map[string]bool)
	pathflow.Walk(pathflow.Point{Block: p.Block, Index: p.Index + 1}, 0, pathflow.Walker[int]{
		Node: func(_ *cfg.Block, n ast.Node, s int) (int, bool) {
			name := callName(n)
			if name == stop {
				return s, false
			}
			if name != "" {
				seen[name] = true
			}
			return s, true
		},
	})
	return seen
}

func TestWalkLoop(t *testing.T) {
	g := build(t, `func f(done bool) {
	for {
		write()
		if done {
			close()
		}
	}
}`)
	if got := reach(t, g, "close", "open"); !got["write"] {
		t.Errorf("write is reached again after close through the back edge: got %v", got)
	}
	g = build(t, `func f(done bool) {
	for {
		write()
		if done {
			close()
			break
		}
	}
	after()
}`)
	if got := reach(t, g, "close", "open"); got["write"] || !got["after"] {
		t.Errorf("after close and break: got %v, want after only", got)
	}
}

func TestWalkStops(t *testing.T) {
	g := build(t, `func f(x bool) {
	close()
	if x {
		open()
	}
	write()
}`)
	if got := reach(t, g, "close", "open"); !got["write"] {
		t.Errorf("write is reached on the path that does not open: got %v", got)
	}
	g = build(t, `func f(x bool) {
	close()
	open()
	write()
}`)
	if got := reach(t, g, "close", "open"); got["write"] {
		t.Errorf("open on every path: got %v", got)
	}
}

func TestExit(t *testing.T) {
	g := build(t, `func f(x bool) {
	start()
	if x {
		panic("x")
	}
	if x {
		return
	}
}`)
	p := find(t, g, "start")
	var returns, other int
	pathflow.Walk(p, 0, pathflow.Walker[int]{
		Node: func(_ *cfg.Block, _ ast.Node, s int) (int, bool) { return s, true },
		Exit: func(b *cfg.Block, _ int) {
			if pathflow.IsReturn(b) {
				returns++
			} else {
				other++
			}
		},
	})
	if returns != 2 || other != 1 {
		t.Errorf("returns = %d, other exits = %d; want 2 and 1", returns, other)
	}
}

// TestForward: fact 0 = "closed", set by close(), cleared by open().
func TestForward(t *testing.T) {
	g := build(t, `func f(x bool) {
	if x {
		close()
	} else {
		close()
		open()
	}
	end()
}`)
	transfer := func(n ast.Node, in pathflow.Bits) pathflow.Bits {
		switch callName(n) {
		case "close":
			return in.With(0)
		case "open":
			return in &^ 1
		}
		return in
	}
	p := find(t, g, "end")
	if must := pathflow.Forward(g, true, nil, transfer).Before(p); must.Has(0) {
		t.Errorf("must: closed on every path? got %b", must)
	}
	if may := pathflow.Forward(g, false, nil, transfer).Before(p); !may.Has(0) {
		t.Errorf("may: closed on some path? got %b", may)
	}
	g = build(t, `func f(xs []int) {
	close()
	for range xs {
		if len(xs) > 1 {
			open()
			close()
		}
	}
	end()
}`)
	p = find(t, g, "end")
	if must := pathflow.Forward(g, true, nil, transfer).Before(p); !must.Has(0) {
		t.Errorf("must through a loop: closed on every path, got %b", must)
	}
}

func TestBits(t *testing.T) {
	var s pathflow.Bits
	s = s.With(3).With(63).With(64).With(-1)
	if !s.Has(3) || !s.Has(63) || s.Has(64) || s.Has(0) || s.Has(-1) {
		t.Errorf("bits = %b", s)
	}
}

// TestForwardEdges: the true edge of `c == nil` counts as closed.
func TestForwardEdges(t *testing.T) {
	g := build(t, `func f(c *int) {
	if c == nil {
		return
	}
	close()
	end()
}`)
	transfer := func(n ast.Node, in pathflow.Bits) pathflow.Bits {
		if callName(n) == "close" {
			return in.With(0)
		}
		return in
	}
	edge := func(from, to *cfg.Block, out pathflow.Bits) pathflow.Bits {
		cond, whenTrue, ok := pathflow.Cond(from, to)
		if bin, isBin := cond.(*ast.BinaryExpr); ok && isBin && bin.Op == token.EQL && whenTrue {
			return out.With(0)
		}
		return out
	}
	sol := pathflow.ForwardEdges(g, true, edge, nil, transfer)
	for _, b := range g.Blocks {
		if pathflow.IsReturn(b) {
			if out := sol.Before(pathflow.Point{Block: b, Index: len(b.Nodes)}); !out.Has(0) {
				t.Errorf("return in block %d: not closed on every path (%b)", b.Index, out)
			}
		}
	}
	if sol := pathflow.Forward(g, true, nil, transfer); sol.Before(find(t, g, "end")).Has(0) != true {
		t.Errorf("end is after close on every path")
	}
}

// TestWalkEdge: the state learns "x is nil" on the true edge of `x == nil`,
// and an edge the client refuses is not taken.
func TestWalkEdge(t *testing.T) {
	g := build(t, `func f(x *int) {
	start()
	if x == nil {
		nilpath()
	} else {
		other()
	}
	if x != nil {
		deref()
	}
	end()
}`)
	p := find(t, g, "start")
	seen := make(map[string][]bool)
	pathflow.Walk(p, false, pathflow.Walker[bool]{
		Edge: func(from, to *cfg.Block, isNil bool) (bool, bool) {
			cond, whenTrue, ok := pathflow.Cond(from, to)
			if !ok {
				return isNil, true
			}
			bin := cond.(*ast.BinaryExpr)
			if (bin.Op == token.EQL) == whenTrue {
				return true, true // x == nil on this edge
			}
			return isNil, !isNil // x != nil: infeasible once known nil
		},
		Node: func(_ *cfg.Block, n ast.Node, isNil bool) (bool, bool) {
			if name := callName(n); name != "" {
				seen[name] = append(seen[name], isNil)
			}
			return isNil, true
		},
	})
	if got := seen["nilpath"]; len(got) != 1 || !got[0] {
		t.Errorf("nilpath visited with %v, want [true]", got)
	}
	if got := seen["other"]; len(got) != 1 || got[0] {
		t.Errorf("other visited with %v, want [false]", got)
	}
	// deref is reached only from the path where x is not known nil.
	if got := seen["deref"]; len(got) != 1 || got[0] {
		t.Errorf("deref visited with %v, want [false]", got)
	}
	if got := seen["end"]; len(got) != 2 {
		t.Errorf("end visited with %v, want both states", got)
	}
}

// TestWalkLimit: a state that grows without bound is cut at Limit, and
// Walk says so.
func TestWalkLimit(t *testing.T) {
	g := build(t, `func f() {
	start()
	for {
		step()
	}
}`)
	p := find(t, g, "start")
	steps := 0
	node := func(_ *cfg.Block, n ast.Node, s int) (int, bool) {
		if callName(n) == "step" {
			steps++
			return s + 1, true
		}
		return s, true
	}
	if complete := pathflow.Walk(p, 0, pathflow.Walker[int]{Node: node, Limit: 50}); complete {
		t.Errorf("an unbounded walk reports complete")
	}
	if steps == 0 || steps > 50 {
		t.Errorf("steps = %d, want 1..50", steps)
	}
	bounded := func(_ *cfg.Block, n ast.Node, s int) (int, bool) { return (s + 1) % 3, true }
	if complete := pathflow.Walk(p, 0, pathflow.Walker[int]{Node: bounded, Limit: 1000}); !complete {
		t.Errorf("a finite walk under the limit reports incomplete")
	}
}
