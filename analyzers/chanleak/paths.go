package chanleak

// The path questions chanleak asks, over go/cfg: a small state machine per
// channel (sends pending, closed or not) walked by the shared path engine
// (analyzers/internal/typestate).

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/astwalk"
	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/typestate"
)

// many stands for "more sends pending than any buffer the analyzer
// compares with": a sender in a loop, or one started in a loop.
const many = 1 << 20

// walkLimit bounds the (block, state) pairs of one walk; a walk that hits
// it reports nothing.
const walkLimit = 20000

func constantInt(tv types.TypeAndValue) (int, bool) {
	if tv.Value == nil {
		return 0, false
	}
	n, exact := constant.Int64Val(constant.ToInt(tv.Value))
	if !exact || n < 0 || n >= many {
		return 0, false
	}
	return int(n), true
}

// pending is the count of sends on a channel that nobody has received
// yet: it grows at the statements that start a sender, shrinks at each
// receive, and is 0 where the receiver has drained the channel or
// synchronized with its senders some other way.
type pending struct {
	c        *checker
	ch       *channel
	bound    int                 // counts above it are many
	comms    map[ast.Node]bool   // select cases' communications, evaluated where the case is chosen
	syncs    map[*types.Var]bool // other channels the senders send on or close
	oks      map[*types.Var]bool // the ok of a comma-ok receive from ch
	loops    map[ast.Stmt]bool   // loops whose body receives from ch
	counters map[*types.Var]bool // variables a receiving loop counts with (n++, n -= 1)
	starts   map[ast.Stmt]int    // statements that start a sender, and its sends
	returned *ast.ReturnStmt     // the first leaking return found
}

func (p *pending) add(n, k int) int {
	if n == many || k == many || n+k > p.bound {
		return many
	}
	return n + k
}

func (p *pending) recv(n int) int {
	if n == many || n == 0 {
		return n
	}
	return n - 1
}

// leakingReturn returns a return of fn (whose CFG is g) reached on some
// path from its entry, with init sends pending there, on which more sends
// are pending than ch's buffer holds. starts gives the statements of fn
// that start a sender and how many sends each adds.
func (c *checker) leakingReturn(ch *channel, fn ast.Node, senders []*side, g *cfg.CFG, init int, starts map[ast.Stmt]int) (*ast.ReturnStmt, bool) {
	body := astwalk.Body(fn)
	p := &pending{
		c:        c,
		ch:       ch,
		bound:    ch.capacity + 8,
		comms:    make(map[ast.Node]bool),
		syncs:    make(map[*types.Var]bool),
		oks:      make(map[*types.Var]bool),
		loops:    make(map[ast.Stmt]bool),
		counters: make(map[*types.Var]bool),
		starts:   make(map[ast.Stmt]int),
	}
	for k, v := range starts {
		p.starts[k] = v
	}
	for _, s := range senders {
		body := astwalk.Body(ch.fn)
		if s.lit != nil {
			body = s.lit.Body
		}
		for v := range c.signals(body, ch.v) {
			p.syncs[v] = true
		}
	}
	var loops []ast.Stmt
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			if n.Comm != nil {
				p.comms[n.Comm] = true
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 && c.recvOf(n.Rhs[0]) == ch.v {
				if id, ok := n.Lhs[1].(*ast.Ident); ok {
					if v, ok := c.info.ObjectOf(id).(*types.Var); ok {
						p.oks[v] = true
					}
				}
			}
		case *ast.ForStmt, *ast.RangeStmt:
			loops = append(loops, n.(ast.Stmt))
		}
		return true
	})
	for _, l := range loops {
		if c.receives(l, ch.v) {
			p.loops[l] = true
			for v := range c.counted(l) {
				p.counters[v] = true
			}
		}
	}
	var found *ast.ReturnStmt
	// The error variables are followed so that a branch on an error the
	// path has set is decided: a timeout arm's err = fmt.Errorf(...) leads
	// to the `if err != nil` return, not past it.
	f := typestate.NewFunc(c.info, fn, g)
	f.Locals = true
	complete := typestate.Check(f, pathflow.Point{Block: g.Blocks[0]}, init, typestate.Policy[int]{
		Errs:  true,
		Step:  p.node,
		Enter: p.enter,
		Edge:  p.edge,
		Exit: func(e typestate.Exit, n int) {
			// Only a return leaks: a path that panics or exits ends
			// elsewhere (CS-noreturn).
			if e.Kind == typestate.Return && n > ch.capacity {
				found = earlier(found, e.Return)
			}
		},
		Limit: walkLimit,
	})
	return found, complete && found != nil
}

func (p *pending) node(n ast.Node, k int) (int, bool) {
	if p.comms[n] {
		return k, true
	}
	failed := false
	if s, ok := n.(ast.Stmt); ok {
		if add, ok := p.starts[s]; ok {
			k = p.add(k, add)
		}
	}
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				switch v := p.c.varOf(x.X); {
				case v == p.ch.v:
					k = p.recv(k)
				case p.syncs[v]:
					k = 0
				}
			}
		case *ast.CallExpr:
			if p.c.isGroupWait(x) {
				k = 0
			}
			if isTestFailure(streams.Callee(p.c.info, x)) {
				failed = true
			}
		}
		return true
	})
	// A test that failed (t.Error, t.Fatal, t.Skip...) may leave a goroutine
	// behind on its way out: the leak ends with the test binary, and the
	// report would repeat the failure (CS-testfailed).
	return k, !failed
}

// isTestFailure reports whether fn is one of the testing package's
// methods that fail or skip a test.
func isTestFailure(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "testing" {
		return false
	}
	switch fn.Name() {
	case "Error", "Errorf", "Fail", "FailNow", "Fatal", "Fatalf", "Skip", "Skipf", "SkipNow":
		return true
	}
	return false
}

func (p *pending) enter(b *cfg.Block, k int) (int, bool) {
	if b.Kind != cfg.KindSelectCaseBody {
		return k, true
	}
	cc, ok := b.Stmt.(*ast.CommClause)
	if !ok {
		return k, true
	}
	var x ast.Expr
	switch comm := cc.Comm.(type) {
	case *ast.ExprStmt:
		x = comm.X
	case *ast.AssignStmt:
		if len(comm.Rhs) == 1 {
			x = comm.Rhs[0]
		}
	}
	switch v := p.c.recvOf(x); {
	case v == nil:
	case v == p.ch.v:
		k = p.recv(k)
	case p.syncs[v]:
		k = 0
	}
	return k, true
}

func (p *pending) edge(from, to *cfg.Block, k int) (int, bool) {
	if from.Kind == cfg.KindRangeLoop {
		if rs, ok := from.Stmt.(*ast.RangeStmt); ok {
			switch v := p.c.varOf(rs.X); {
			case v == p.ch.v && to.Kind == cfg.KindRangeBody:
				return p.recv(k), true
			case v == p.ch.v && to.Kind == cfg.KindRangeDone:
				return 0, true // closed: every sender is done
			case v != nil && p.syncs[v]:
				return 0, true
			}
		}
	}
	// A loop that receives from ch and ends by its condition is assumed
	// to have counted its receives right (CS-loopcount).
	if (from.Kind == cfg.KindForLoop && to.Kind == cfg.KindForDone || from.Kind == cfg.KindRangeLoop && to.Kind == cfg.KindRangeDone) &&
		from.Stmt == to.Stmt {
		if s, ok := from.Stmt.(ast.Stmt); ok && p.loops[s] {
			return 0, true
		}
	}
	if cond, whenTrue, ok := pathflow.Cond(from, to); ok {
		if p.countReached(cond, whenTrue) {
			return 0, true
		}
		neg := false
		e := ast.Unparen(cond)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			neg, e = true, ast.Unparen(u.X)
		}
		if v := p.c.varOf(e); v != nil && p.oks[v] && neg == whenTrue {
			return 0, true // the comma-ok receive saw ch closed (CS-commaok)
		}
	}
	return k, true
}

// unclosedReturn returns a return of the closer (whose CFG is g) that
// does not close ch, on a path from its entry, or from the statement from
// when it is set. A return just after a send on ch is not counted when
// the consumer can leave its range (canLeave): the value sent may be what
// makes it leave.
func (c *checker) unclosedReturn(ch *channel, g *cfg.CFG, from ast.Stmt, canLeave bool) (*ast.ReturnStmt, bool) {
	type state struct{ closed, sent bool }
	f := &typestate.Func{CFG: g}
	pol := typestate.Policy[state]{
		Enter: func(b *cfg.Block, s state) (state, bool) {
			switch b.Kind {
			case cfg.KindForLoop, cfg.KindForBody, cfg.KindRangeLoop, cfg.KindRangeBody:
				s.sent = false
			}
			return s, true
		},
		Edge: func(from, to *cfg.Block, s state) (state, bool) {
			// The end of a range over a channel another package hands out
			// comes only if that package closes it, which cannot be seen
			// from here (a Ticker's C, which time never closes): that path
			// is not counted (CS-foreignrange).
			if from.Kind == cfg.KindRangeLoop && to.Kind == cfg.KindRangeDone {
				if rs, ok := from.Stmt.(*ast.RangeStmt); ok && c.foreignChannel(rs.X) {
					return s, false
				}
			}
			return s, true
		},
		Step: func(n ast.Node, s state) (state, bool) {
			switch n := n.(type) {
			case *ast.ExprStmt:
				if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok && c.isBuiltin(call, "close") && len(call.Args) == 1 && c.varOf(call.Args[0]) == ch.v {
					s.closed = true
				}
			case *ast.SendStmt:
				if c.varOf(n.Chan) == ch.v {
					s.sent = true
				}
			}
			return s, !s.closed
		},
		Limit: walkLimit,
	}
	var found *ast.ReturnStmt
	pol.Exit = func(e typestate.Exit, s state) {
		if e.Kind == typestate.Return && !s.closed && !(s.sent && canLeave) {
			found = earlier(found, e.Return)
		}
	}
	var complete bool // false too when from is dead code
	if from == nil {
		complete = typestate.Check(f, pathflow.Point{Block: g.Blocks[0]}, state{}, pol)
	} else {
		complete = typestate.CheckAfter(f, from, state{}, pol)
	}
	return found, complete && found != nil
}

// earlier returns whichever comes first in the source: found or ret (a
// walk reports its first leaking return, whatever order it explores the
// paths in).
func earlier(found, ret *ast.ReturnStmt) *ast.ReturnStmt {
	if found == nil || ret.Pos() < found.Pos() {
		return ret
	}
	return found
}

// countReached reports whether the branch of cond taken (whenTrue) is
// where a receiving loop's counter reached its mark: the true branch of a
// comparison of a counter (`if active == 0`, `if n >= total`), the false
// branch of `!=`. The receiver counts its receives, as a loop that ends
// by its condition does (CS-counter).
func (p *pending) countReached(cond ast.Expr, whenTrue bool) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || !p.counters[p.c.varOf(b.X)] && !p.counters[p.c.varOf(b.Y)] {
		return false
	}
	switch b.Op {
	case token.EQL, token.LSS, token.LEQ, token.GTR, token.GEQ:
		return whenTrue
	case token.NEQ:
		return !whenTrue
	}
	return false
}

// counted returns the variables loop l steps: n++, n--, n += k, n -= k.
func (c *checker) counted(l ast.Stmt) map[*types.Var]bool {
	out := make(map[*types.Var]bool)
	ast.Inspect(l, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IncDecStmt:
			if v := c.varOf(n.X); v != nil {
				out[v] = true
			}
		case *ast.AssignStmt:
			if (n.Tok == token.ADD_ASSIGN || n.Tok == token.SUB_ASSIGN) && len(n.Lhs) == 1 {
				if v := c.varOf(n.Lhs[0]); v != nil {
					out[v] = true
				}
			}
		}
		return true
	})
	return out
}

// signals returns the channels other than ch that body sends on or
// closes (outside function literals, deferred closes included): a receive
// from one of them tells the receiver where that side is (CS-synced,
// CS-hearsback).
func (c *checker) signals(body *ast.BlockStmt, ch *types.Var) map[*types.Var]bool {
	out := make(map[*types.Var]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		var x ast.Expr
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SendStmt:
			x = n.Chan
		case *ast.CallExpr:
			if c.isBuiltin(n, "close") && len(n.Args) == 1 {
				x = n.Args[0]
			}
		}
		if v := c.varOf(x); v != nil && v != ch {
			out[v] = true
		}
		return true
	})
	return out
}

// receivesAny reports whether body receives (<-v, a range, outside
// function literals) from one of vs.
func (c *checker) receivesAny(body *ast.BlockStmt, vs map[*types.Var]bool) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW && vs[c.varOf(n.X)]
		case *ast.RangeStmt:
			found = found || vs[c.varOf(n.X)]
		}
		return !found
	})
	return found
}

// receives reports whether the loop l receives from v (outside function
// literals).
func (c *checker) receives(l ast.Stmt, v *types.Var) bool {
	found := false
	ast.Inspect(l, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && c.varOf(n.X) == v {
				found = true
			}
		case *ast.RangeStmt:
			if n != l && c.varOf(n.X) == v {
				found = true
			}
		}
		return !found
	})
	return found
}

// foreignChannel reports whether x is a channel another package hands out:
// a field of a struct, or the result of a function or method, declared in
// another package.
func (c *checker) foreignChannel(x ast.Expr) bool {
	if _, ok := c.info.TypeOf(x).Underlying().(*types.Chan); !ok {
		return false
	}
	var obj types.Object
	switch x := ast.Unparen(x).(type) {
	case *ast.SelectorExpr:
		if sel, ok := c.info.Selections[x]; ok && sel.Kind() == types.FieldVal {
			obj = sel.Obj()
		}
	case *ast.CallExpr:
		if fn := streams.Callee(c.info, x); fn != nil {
			obj = fn
		}
	}
	return obj != nil && obj.Pkg() != nil && obj.Pkg() != c.pass.Pkg
}

// recvOf returns the variable x receives from (<-v), or nil.
func (c *checker) recvOf(x ast.Expr) *types.Var {
	u, ok := ast.Unparen(x).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return nil
	}
	return c.varOf(u.X)
}

func (c *checker) varOf(x ast.Expr) *types.Var {
	if x == nil {
		return nil
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := c.info.ObjectOf(id).(*types.Var)
	return v
}

// isGroupWait reports whether call is the Wait of a sync.WaitGroup or an
// errgroup.Group: the receiver waits for goroutines, its senders maybe
// (CS-synced).
func (c *checker) isGroupWait(call *ast.CallExpr) bool {
	fn := streams.Callee(c.info, call)
	return streams.IsMethod(fn, "sync", "WaitGroup", "Wait") || streams.IsMethod(fn, errgroupPath, "Group", "Wait")
}
