package chanleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/analyzerdoc"
	"github.com/flowvet/flowvet/analyzers/internal/astwalk"
	"github.com/flowvet/flowvet/analyzers/internal/locals"
	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/suppress"
	"github.com/flowvet/flowvet/analyzers/internal/typestate"
)

//go:embed doc.go
var docGo string

// Analyzer reports goroutines that block forever on a channel whose other
// side left.
var Analyzer = &analysis.Analyzer{
	Name:     "chanleak",
	Doc:      analyzerdoc.Extract(docGo, "chanleak"),
	URL:      streams.DocURL("chanleak"),
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
	Run:      run,
}

const errgroupPath = "golang.org/x/sync/errgroup"

// A side is a function on one end of a channel: the function that made it,
// or a function literal that function starts as a goroutine.
type side struct {
	lit        *ast.FuncLit // nil for the function that made the channel
	stmt       ast.Stmt     // the go statement or g.Go(...) statement that starts lit
	group      bool         // started by errgroup's or WaitGroup's Go
	loop       ast.Stmt     // the innermost loop stmt is in, or nil
	sends      []*ast.SendStmt
	guarded    int  // sends that are a case of a select with another way out
	recvs      int  // receives: <-ch, a select case, a range
	loopRecv   bool // a receive inside a loop
	ranges     []*ast.RangeStmt
	closes     int
	deferClose bool
}

// A channel is a local made by make(chan T[, n]) whose every use the
// analyzer sees.
type channel struct {
	v        *types.Var
	make     *ast.CallExpr
	capacity int
	fn       ast.Node // the FuncDecl or FuncLit that made it
	sides    []*side  // sides[0] is fn itself
	escapes  bool     // a use the analyzer cannot follow
	deferred bool     // a deferred function literal uses it (a deferred drain)
}

func (c *channel) side(lit *ast.FuncLit) *side {
	for _, s := range c.sides {
		if s.lit == lit {
			return s
		}
	}
	return nil
}

type checker struct {
	pass *analysis.Pass
	info *types.Info
	cfgs *ctrlflow.CFGs
}

func run(pass *analysis.Pass) (any, error) {
	if streams.FactsOnly() {
		return nil, nil // no facts
	}
	suppress.Install(pass)
	c := &checker{pass: pass, info: pass.TypesInfo, cfgs: pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	insp.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(n ast.Node) {
		if fd, ok := n.(*ast.FuncDecl); ok && fd.Name.Name == "main" && fd.Recv == nil && pass.Pkg.Name() == "main" {
			return // returning from main.main ends the program (CS-main)
		}
		for _, ch := range c.channels(n) {
			c.check(ch)
		}
	})
	return nil, nil
}

// channels returns the channels fn makes that the analyzer can follow.
func (c *checker) channels(fn ast.Node) []*channel {
	body := astwalk.Body(fn)
	if body == nil {
		return nil
	}
	byVar := make(map[*types.Var]*channel)
	var order []*channel
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		var lhs []ast.Expr
		var rhs []ast.Expr
		switch s := n.(type) {
		case *ast.AssignStmt:
			if s.Tok != token.DEFINE {
				return true
			}
			lhs, rhs = s.Lhs, s.Rhs
		case *ast.ValueSpec:
			for _, id := range s.Names {
				lhs = append(lhs, id)
			}
			rhs = s.Values
		default:
			return true
		}
		if len(lhs) != len(rhs) {
			return true
		}
		for i, r := range rhs {
			call, ok := ast.Unparen(r).(*ast.CallExpr)
			if !ok || !c.isBuiltin(call, "make") {
				continue
			}
			if _, isChan := c.info.TypeOf(call).Underlying().(*types.Chan); !isChan {
				continue
			}
			id, ok := lhs[i].(*ast.Ident)
			if !ok {
				continue
			}
			v, ok := c.info.Defs[id].(*types.Var)
			if !ok || byVar[v] != nil {
				continue
			}
			capacity := 0
			if len(call.Args) == 2 {
				tv := c.info.Types[call.Args[1]]
				n, exact := constantInt(tv)
				if !exact {
					continue // a buffer sized at run time, often to the number of senders (CS-runtimebuffer)
				}
				capacity = n
			}
			if locals.Only(c.info, body, v) != r {
				continue // assigned again, or its address taken
			}
			ch := &channel{v: v, make: call, capacity: capacity, fn: fn, sides: []*side{{}}}
			byVar[v] = ch
			order = append(order, ch)
		}
		return true
	})
	if len(order) == 0 {
		return nil
	}
	astwalk.Inspect(body, func(n ast.Node, path []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, _ := c.info.Uses[id].(*types.Var)
		ch := byVar[v]
		if ch == nil {
			return true
		}
		c.classify(ch, id, path)
		return true
	}, nil)
	var follow []*channel
	for _, ch := range order {
		if !ch.escapes && !ch.deferred { // CS-escapes, CS-deferdrain
			follow = append(follow, ch)
		}
	}
	return follow
}

// classify records the use id of ch, whose path from the body is path.
func (c *checker) classify(ch *channel, id *ast.Ident, path []ast.Node) {
	// The function the use is in: the body itself, or one literal the
	// body starts as a goroutine.
	var lit *ast.FuncLit
	litAt := -1
	for i, n := range path {
		if l, ok := n.(*ast.FuncLit); ok {
			if lit != nil {
				ch.escapes = true // a literal inside a literal
				return
			}
			lit, litAt = l, i
		}
	}
	s := ch.sides[0]
	if lit != nil {
		if s = ch.side(lit); s == nil {
			stmt, group, deferred := c.starter(path[:litAt+1])
			if deferred {
				ch.deferred = true
				return
			}
			if stmt == nil {
				ch.escapes = true
				return
			}
			s = &side{lit: lit, stmt: stmt, group: group, loop: innermostLoop(path[:litAt])}
			ch.sides = append(ch.sides, s)
		}
	}
	parent, at := parentOf(path, len(path)-1)
	switch p := parent.(type) {
	case *ast.SendStmt:
		if p.Chan != path[at+1] {
			ch.escapes = true
			return
		}
		if guardedSend(path, at) {
			s.guarded++
		} else {
			s.sends = append(s.sends, p)
		}
	case *ast.UnaryExpr:
		if p.Op != token.ARROW {
			ch.escapes = true
			return
		}
		s.recvs++
		s.loopRecv = s.loopRecv || innermostLoop(path) != nil
	case *ast.RangeStmt:
		if p.X != path[at+1] {
			ch.escapes = true
			return
		}
		s.recvs++
		s.loopRecv = true
		s.ranges = append(s.ranges, p)
	case *ast.CallExpr:
		switch {
		case c.isBuiltin(p, "len"), c.isBuiltin(p, "cap"):
		case c.isBuiltin(p, "close"):
			if _, ok := path[at-1].(*ast.DeferStmt); ok {
				s.deferClose = true
			} else {
				s.closes++
			}
		default:
			ch.escapes = true
		}
	default:
		ch.escapes = true
	}
}

// starter returns the statement that starts the literal at the end of
// path as a goroutine (go lit(), g.Go(lit), wg.Go(lit)), or whether a
// defer runs it.
func (c *checker) starter(path []ast.Node) (stmt ast.Stmt, group, deferred bool) {
	call, at := parentOf(path, len(path)-1)
	ce, ok := call.(*ast.CallExpr)
	if !ok || at == 0 {
		return nil, false, false
	}
	if ast.Unparen(ce.Fun) == path[at+1] {
		if len(ce.Args) > 0 {
			return nil, false, false // arguments may carry the channel under another name
		}
		switch s := path[at-1].(type) {
		case *ast.GoStmt:
			return s, false, false
		case *ast.DeferStmt:
			return nil, false, true
		}
		return nil, false, false
	}
	fn := streams.Callee(c.info, ce)
	if len(ce.Args) == 1 && (streams.IsMethod(fn, errgroupPath, "Group", "Go") || streams.IsMethod(fn, "sync", "WaitGroup", "Go")) {
		if s, ok := path[at-1].(*ast.ExprStmt); ok {
			return s, true, false
		}
	}
	return nil, false, false
}

// parentOf returns the nearest node above path[i] that is not a
// parenthesis, and its index.
func parentOf(path []ast.Node, i int) (ast.Node, int) {
	for j := i - 1; j >= 0; j-- {
		if _, ok := path[j].(*ast.ParenExpr); !ok {
			return path[j], j
		}
	}
	return nil, -1
}

// guardedSend reports whether the send at path[at] is a case of a select
// with another case or a default: it has a way out (CS-wayout).
func guardedSend(path []ast.Node, at int) bool {
	if at < 3 {
		return false
	}
	cc, ok := path[at-1].(*ast.CommClause)
	if !ok {
		return false
	}
	sel, ok := path[at-3].(*ast.SelectStmt)
	return ok && cc.Comm == path[at] && len(sel.Body.List) > 1
}

// innermostLoop returns the innermost loop of the innermost function on
// path that runs the last node of path, or nil.
func innermostLoop(path []ast.Node) ast.Stmt {
	for i := len(path) - 1; i >= 0; i-- {
		switch n := path[i].(type) {
		case *ast.ForStmt:
			return n
		case *ast.RangeStmt:
			return n
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		}
	}
	return nil
}

func (c *checker) isBuiltin(call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := c.info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// check reports the leaks of one channel.
func (c *checker) check(ch *channel) {
	owner := ch.sides[0]
	var senders, receivers, closers []*side
	for _, s := range ch.sides {
		if len(s.sends) > 0 {
			senders = append(senders, s)
		}
		if s.recvs > 0 {
			receivers = append(receivers, s)
		}
		if s.closes > 0 || s.deferClose {
			closers = append(closers, s)
		}
	}
	switch {
	case len(senders) == 0 || len(receivers) != 1: // CS-receivers
	case !slices.Contains(senders, owner) && receivers[0] == owner:
		c.earlyReturn(ch, senders)
	case receivers[0] != owner && receivers[0].loop == nil && (len(senders) == 1 || !slices.Contains(senders, owner)):
		c.stoppedConsumer(ch, senders, receivers[0])
	}
	if len(closers) == 1 && closers[0].loop == nil {
		c.unclosed(ch, closers[0])
	}
}

// sendCount is the most sends on ch one run of s can make that have no
// way out, up to many; final reports whether s has a send after which it
// sends no more (`ch <- err; return`): a receiver that leaves early may be
// leaving on that last value.
func (c *checker) sendCount(ch *channel, s *side) (count int, final bool) {
	g := pathflow.Of(c.cfgs, ch.fn)
	if s.lit != nil {
		g = c.cfgs.FuncLit(s.lit)
	}
	if g == nil || len(g.Blocks) == 0 {
		return many, true
	}
	sends := make(map[ast.Node]bool)
	for _, send := range s.sends {
		sends[send] = true
	}
	f := &typestate.Func{CFG: g}
	complete := typestate.Check(f, pathflow.Point{Block: g.Blocks[0]}, 0, typestate.Policy[int]{
		Step: func(n ast.Node, k int) (int, bool) {
			if sends[n] {
				if k++; k > ch.capacity+1 {
					k = many // beyond the buffer, more sends change nothing
				}
				count = max(count, k)
			}
			return k, true
		},
		Limit: walkLimit,
	})
	if !complete {
		return many, true
	}
	for _, send := range s.sends {
		if _, ok := f.Locate(send); !ok {
			continue
		}
		again := false
		typestate.CheckAfter(f, send, false, typestate.Policy[bool]{
			Step: func(n ast.Node, _ bool) (bool, bool) {
				again = again || sends[n]
				return false, !again
			},
			Limit: walkLimit,
		})
		final = final || !again
	}
	return count, final
}

// recovers reports whether lit defers a recover: it expects a panic that
// may end it before its sends (CS-recover).
func (c *checker) recovers(lit *ast.FuncLit) bool {
	found := false
	for _, st := range lit.Body.List {
		d, ok := st.(*ast.DeferStmt)
		if !ok {
			continue
		}
		ast.Inspect(d.Call, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && c.isBuiltin(call, "recover") {
				found = true
			}
			return !found
		})
	}
	return found
}

// load is what the senders of a channel can leave pending.
type load struct {
	sum    int              // sends they can leave pending: many when a sender sends in a loop or is started in one
	starts map[ast.Stmt]int // the statement that starts each sender, and the sends one run makes
	final  bool             // a sender in a loop has a last send (see sendCount)
	loops  bool             // a sender sends in a loop of its own
	unsure bool             // a sender defers a recover: a call before its send may panic out of it
}

func (c *checker) total(ch *channel, senders []*side) load {
	l := load{starts: make(map[ast.Stmt]int)}
	for _, s := range senders {
		if s.lit != nil && c.recovers(s.lit) {
			l.unsure = true
		}
		k, last := c.sendCount(ch, s)
		l.starts[s.stmt] = k
		l.final = l.final || last && k == many
		l.loops = l.loops || k == many
		if s.loop != nil {
			k = many
		}
		l.sum = min(l.sum+k, many)
	}
	return l
}

// silent reports whether what the senders can leave pending (l) is no
// leak as far as the analyzer can tell, for a receiver recv: the buffer
// holds it (CS-buffer), the receiver may leave on the last value
// (CS-lastvalue), a sender may panic out before its send (CS-recover), or
// the receiver takes a fixed number of values from a sender that sends in
// a loop (the counts cannot be related: CS-fixedrecv).
func (l load) silent(ch *channel, recv *side) bool {
	return l.sum <= ch.capacity || l.final || l.unsure || l.loops && !recv.loopRecv
}

func (c *checker) earlyReturn(ch *channel, senders []*side) {
	g := pathflow.Of(c.cfgs, ch.fn)
	if g == nil || len(g.Blocks) == 0 {
		return
	}
	l := c.total(ch, senders)
	if l.silent(ch, ch.sides[0]) {
		return
	}
	sum, starts := l.sum, l.starts
	if owner := ch.sides[0]; owner.recvs > 1 && !owner.loopRecv && slices.ContainsFunc(senders, func(s *side) bool { return s.loop != nil }) {
		return // a fixed number of receives from senders started in a loop: the counts cannot be related (CS-loopstarted)
	}
	if ch.capacity > 0 && !slices.ContainsFunc(senders, func(s *side) bool { return s.loop == nil || !c.receives(s.loop, ch.v) }) {
		return // each loop that starts senders receives as it goes, into a buffer sized for those in flight (CS-inflight)
	}
	ret, ok := c.leakingReturn(ch, ch.fn, senders, g, 0, starts)
	if !ok {
		return
	}
	first := firstSend(senders)
	from := c.pass.Fset.Position(first.stmt.Pos()).Line
	send := first.sends[0]
	retLine := c.pass.Fset.Position(ret.Pos()).Line
	d := analysis.Diagnostic{
		Pos:      send.Pos(),
		End:      send.End(),
		Category: ruleEarlyReturn,
	}
	if sum == 1 && ch.capacity == 0 && len(ch.make.Args) == 1 {
		d.Message = fmt.Sprintf("the goroutine started at line %d blocks forever on %s: the function can return at line %d without receiving from %s, and nothing else does; give %s a buffer of 1 so the send always completes, or select on ctx.Done() (or a done channel closed on return) in the sender",
			from, render(c.pass.Fset, send), retLine, ch.v.Name(), ch.v.Name())
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("give %s a buffer of 1", ch.v.Name()),
			TextEdits: []analysis.TextEdit{{Pos: ch.make.Rparen, End: ch.make.Rparen, NewText: []byte(", 1")}},
		}}
	} else {
		d.Message = fmt.Sprintf("the goroutine started at line %d blocks forever on %s: the function can return at line %d with sends on %s still pending, and nothing else receives them; drain %s before returning, or select on ctx.Done() (or a done channel closed on return) in the sender; in a flowrt pipeline a stage that stops reading destroys the stream and the writer fails instead of blocking",
			from, render(c.pass.Fset, send), retLine, ch.v.Name(), ch.v.Name())
	}
	c.pass.Report(d)
}

func (c *checker) stoppedConsumer(ch *channel, senders []*side, recv *side) {
	g := c.cfgs.FuncLit(recv.lit)
	if g == nil || len(g.Blocks) == 0 {
		return
	}
	var others []*side
	for _, s := range senders {
		if s != recv {
			others = append(others, s)
		}
	}
	if len(others) == 0 {
		return
	}
	l := c.total(ch, others)
	if l.silent(ch, recv) {
		return
	}
	sum := l.sum
	if slices.Contains(others, ch.sides[0]) && c.receivesAny(astwalk.Body(ch.fn), c.signals(recv.lit.Body, ch.v)) {
		return // the function hears from the consumer some other way (CS-hearsback)
	}
	ret, ok := c.leakingReturn(ch, recv.lit, others, g, sum, nil)
	if !ok {
		return
	}
	first := firstSend(others)
	send := first.sends[0]
	fset := c.pass.Fset
	who := "this function"
	switch {
	case first.group:
		who = fmt.Sprintf("the group stage started at line %d", fset.Position(first.stmt.Pos()).Line)
	case first.lit != nil:
		who = fmt.Sprintf("the goroutine started at line %d", fset.Position(first.stmt.Pos()).Line)
	}
	consumer := "goroutine"
	if recv.group {
		consumer = "group stage"
	}
	wait, fix := "", fmt.Sprintf("select on a done channel that the consumer closes when it returns (select { case %s: case <-done: return })", render(fset, send))
	if first.group || recv.group {
		wait = ", and the group's Wait never returns"
		fix = fmt.Sprintf("select on the group's ctx.Done() in the sender (select { case %s: case <-ctx.Done(): return ctx.Err() })", render(fset, send))
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      send.Pos(),
		End:      send.End(),
		Category: ruleStopped,
		Message: fmt.Sprintf("%s blocks forever on %s once the %s started at line %d returns at line %d and stops receiving from %s%s; %s, or drain %s before the consumer returns; in a flowrt pipeline a stage that stops reading destroys the stream and the writer fails instead of blocking",
			who, render(fset, send), consumer, fset.Position(recv.stmt.Pos()).Line,
			fset.Position(ret.Pos()).Line, ch.v.Name(), wait, fix, ch.v.Name()),
	})
}

func (c *checker) unclosed(ch *channel, closer *side) {
	if closer.deferClose {
		return
	}
	// The consumer: a range over ch in another function.
	var consumer *side
	for _, s := range ch.sides {
		if s != closer && len(s.ranges) > 0 {
			if consumer != nil {
				return
			}
			consumer = s
		}
	}
	if consumer == nil {
		return
	}
	rng := consumer.ranges[0]
	canLeave := leaves(rng.Body)
	var g *cfg.CFG
	var from ast.Stmt
	if closer.lit != nil {
		g = c.cfgs.FuncLit(closer.lit)
	} else {
		g = pathflow.Of(c.cfgs, ch.fn)
		from = consumer.stmt // paths from the start of the consumer
	}
	if g == nil || len(g.Blocks) == 0 {
		return
	}
	ret, ok := c.unclosedReturn(ch, g, from, canLeave)
	if !ok {
		return
	}
	fset := c.pass.Fset
	waiter := "this function"
	if consumer.lit != nil {
		waiter = fmt.Sprintf("the goroutine started at line %d", fset.Position(consumer.stmt.Pos()).Line)
	}
	by := "this function"
	if closer.lit != nil {
		by = fmt.Sprintf("the goroutine started at line %d", fset.Position(closer.stmt.Pos()).Line)
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      rng.Pos(),
		End:      rng.Body.Lbrace,
		Category: ruleUnclosed,
		Message: fmt.Sprintf("%s waits forever in this range over %s: %s closes %s, but can return at line %d without closing it; close %s on every path (defer close(%s) where the sender starts)",
			waiter, ch.v.Name(), by, ch.v.Name(), fset.Position(ret.Pos()).Line, ch.v.Name(), ch.v.Name()),
	})
}

// leaves reports whether a loop body can leave the loop other than by its
// condition: a return, a break or a goto (conservatively, any break).
func leaves(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		case *ast.BranchStmt:
			if n.Tok == token.BREAK || n.Tok == token.GOTO {
				found = true
			}
		}
		return !found
	})
	return found
}

func firstSend(senders []*side) *side {
	first := senders[0]
	for _, s := range senders[1:] {
		if s.sends[0].Pos() < first.sends[0].Pos() {
			first = s
		}
	}
	return first
}

func render(fset *token.FileSet, n ast.Node) string {
	s := types.ExprString
	if send, ok := n.(*ast.SendStmt); ok {
		return s(send.Chan) + " <- " + s(send.Value)
	}
	return fset.Position(n.Pos()).String()
}
