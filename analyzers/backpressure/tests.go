package backpressure

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"iter"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// A test is a condition on a signal.
type test struct {
	src     source     // the tested call, when the condition calls it
	v       *types.Var // the tested variable, otherwise
	keys    map[string]bool
	negated bool // the condition is true when the signal is false
	// partial: the condition combines the test with others (!ok && x,
	// ok || x); only one branch knows the signal false (the true
	// branch of &&, the false branch of ||: negated says which), and
	// the signal may be false on the other one too.
	partial bool
}

// classify recognizes the conditions s, !s, s == false, s != true (and
// their mirrors), where s is a signal call or a variable holding one.
func (f *funcInfo) classify(cond ast.Expr) (test, bool) {
	var t test
	e := ast.Unparen(cond)
	for {
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			t.negated = !t.negated
			e = ast.Unparen(u.X)
			continue
		}
		if b, ok := e.(*ast.BinaryExpr); ok && (b.Op == token.EQL || b.Op == token.NEQ) {
			x, y := b.X, b.Y
			lit, ok := f.boolConst(y)
			if !ok {
				x = y
				lit, ok = f.boolConst(b.X)
			}
			if ok {
				if (b.Op == token.EQL) != lit {
					t.negated = !t.negated
				}
				e = ast.Unparen(x)
				continue
			}
		}
		break
	}
	if s, ok := f.c.singleSource(e); ok {
		t.src = s
		t.keys = map[string]bool{s.key(): true}
		return t, true
	}
	if v := f.c.varOf(e); v != nil && f.varKeys[v] != nil {
		switch f.varNeg[v] {
		case negated:
			t.negated = !t.negated // if full { ... }: true when the signal is false
		case plain | negated:
			return t, false
		}
		t.v = v
		t.keys = f.varKeys[v]
		return t, true
	}
	return t, false
}

// noteSwitch records the case values of a switch with a tag: go/cfg tests
// each value, ok == false, in a block of its own whose condition is the
// value alone.
func (f *funcInfo) noteSwitch(n *ast.SwitchStmt) {
	if n.Tag == nil {
		return // switch { case !ok: }: each case is a condition already
	}
	if f.caseOf == nil {
		f.caseOf = make(map[ast.Expr]*ast.SwitchStmt)
	}
	for _, s := range n.Body.List {
		for _, e := range s.(*ast.CaseClause).List {
			f.caseOf[e] = n
		}
	}
}

// classifyCond is classify for the condition of a two-way block of the
// CFG, which may also be a case value of a switch on a signal: in switch
// ok { case false: ... }, the block ending with false tests ok == false.
// Every case value of such a switch must be a bool constant.
func (f *funcInfo) classifyCond(cond ast.Expr) (test, bool) {
	sw := f.caseOf[cond]
	if sw == nil {
		if t, ok := f.classify(cond); ok {
			return t, true
		}
		return f.classifyChain(cond)
	}
	lit, ok := f.boolConst(cond)
	if !ok || !f.constCases(sw) {
		return test{}, false
	}
	t, ok := f.classify(sw.Tag)
	if !ok {
		return test{}, false
	}
	// The case is taken when the tag equals lit; the tag equals
	// t.negated when the signal is false.
	t.negated = lit == t.negated
	return t, true
}

// classifyChain recognizes a test combined with others by && or || (go/cfg
// keeps an if's condition whole): in !ok && x, ok is false on the true
// branch; in ok || x, on the false branch. The result is partial.
func (f *funcInfo) classifyChain(cond ast.Expr) (test, bool) {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || (b.Op != token.LAND && b.Op != token.LOR) {
		return test{}, false
	}
	var operands []ast.Expr
	var flatten func(e ast.Expr)
	flatten = func(e ast.Expr) {
		if x, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && x.Op == b.Op {
			flatten(x.X)
			flatten(x.Y)
			return
		}
		operands = append(operands, e)
	}
	flatten(b)
	for _, e := range operands {
		t, ok := f.classify(e)
		// &&: the operand is true when the signal is false; ||: false.
		if ok && t.negated == (b.Op == token.LAND) {
			t.partial = true
			return t, true
		}
	}
	return test{}, false
}

// constCases reports whether every case value of sw is a bool constant.
func (f *funcInfo) constCases(sw *ast.SwitchStmt) bool {
	for _, s := range sw.Body.List {
		for _, e := range s.(*ast.CaseClause).List {
			if _, ok := f.boolConst(e); !ok {
				return false
			}
		}
	}
	return true
}

// falseCase returns the case value of a switch on a signal whose block
// decides where a false signal goes: the first value that a false signal
// matches (its body is the false branch), or else the last value of the
// switch (a true one: its false successor leads to the default, or past
// the switch). The tests of the other values are decided on that path, and
// only one report is made per switch.
func (f *funcInfo) falseCase(sw *ast.SwitchStmt) ast.Expr {
	var last ast.Expr
	for _, s := range sw.Body.List {
		for _, e := range s.(*ast.CaseClause).List {
			if t, ok := f.classifyCond(e); ok && t.negated {
				return e
			}
			last = e
		}
	}
	return last
}

func (f *funcInfo) boolConst(e ast.Expr) (bool, bool) {
	tv, ok := f.c.info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(tv.Value), true
}

func within(n, outer ast.Node) bool {
	return outer.Pos() <= n.Pos() && n.End() <= outer.End()
}

// A signalTest is a condition of the function's CFG that tests a signal
// (if !w.Write(v), if ok, a switch case), with the block a false signal
// takes.
type signalTest struct {
	cond      ast.Expr
	t         test
	falseSucc *cfg.Block
}

// signalTests yields the live conditions of f.g that test a signal.
func (f *funcInfo) signalTests() iter.Seq[signalTest] {
	return func(yield func(signalTest) bool) {
		for _, b := range f.g.Blocks {
			if !b.Live || len(b.Succs) != 2 || len(b.Nodes) == 0 {
				continue
			}
			cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr)
			if !ok {
				continue
			}
			t, ok := f.classifyCond(cond)
			if !ok {
				continue
			}
			falseSucc := b.Succs[1]
			if t.negated {
				falseSucc = b.Succs[0]
			}
			if !yield(signalTest{cond, t, falseSucc}) {
				return
			}
		}
	}
}

// checkTests reports a false signal that is tested inside a loop and then
// ignored: some path from the false branch writes again to the same writer
// without waiting, returning, breaking or handing the signal on.
func (f *funcInfo) checkTests() {
	if len(f.loops) == 0 {
		return // BS-outsideloop
	}
	for st := range f.signalTests() {
		cond, t, falseSucc := st.cond, st.t, st.falseSucc
		at := ast.Node(cond) // where a test of a variable is reported
		if sw := f.caseOf[cond]; sw != nil {
			// One report per switch, at the case that a false
			// signal takes (see falseCase).
			if f.falseCase(sw) != cond {
				continue
			}
			at = sw.Tag
		}
		var loop ast.Stmt // the innermost loop around the test
		for _, l := range f.loops {
			if within(cond, l) && (loop == nil || within(l, loop)) {
				loop = l
			}
		}
		if loop == nil || f.variesIn(t, loop) {
			continue // BS-outsideloop, BS-otherwriter
		}
		srcs := []source{}
		if t.src.call != nil {
			srcs = append(srcs, t.src)
		}
		for _, a := range f.assigns {
			if t.v != nil && f.c.varOf(a.lhs) == t.v {
				srcs = append(srcs, a.src)
			}
		}
		items := f.itemVars(srcs...)
		// A variable read only by the test's own condition, after the
		// Write (warned in if !w.Write(v) && !warned { log; warned =
		// true }, last in ... && time.Since(last) > d), decides whether
		// to log, not whether to write: no flag.
		after := cond.Pos()
		if t.src.call != nil {
			after = t.src.call.End()
		}
		own := make(map[*types.Var]bool) // the candidates: read in cond after the Write
		ast.Inspect(cond, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Pos() >= after {
				if v := f.c.varOf(id); v != nil {
					own[v] = true
				}
			}
			return true
		})
		checked := make(map[*types.Var]bool)
		ownOnly := func(v *types.Var) bool {
			if own[v] && !checked[v] {
				checked[v] = true
				own[v] = f.readOnlyIn(v, cond, after)
			}
			return own[v]
		}
		if f.retries(t, loop, cond, falseSucc) {
			continue
		}
		// try searches the paths from the false branch that write again
		// inside loop (the innermost loop, or an enclosing one).
		try := func(loop ast.Stmt) (again, timed bool) {
			condVars := f.condVars(loop, cond.Pos())
			// The item being built (buf = append(buf, line) guarded by
			// len(buf) < size) is no flag: its conditions decide when to
			// write, not when to wait.
			for v := range items {
				delete(condVars, v)
			}
			for v := range condVars {
				if ownOnly(v) {
					delete(condVars, v)
				}
			}
			enter := func(blk *cfg.Block) step {
				if blk.Stmt == nil {
					return goOn
				}
				if blk.Stmt == loop {
					if blk.Kind == cfg.KindForDone || blk.Kind == cfg.KindRangeDone {
						return stop // break
					}
					return goOn
				}
				if !within(blk.Stmt, loop) {
					return stop // left the loop (labeled break, goto)
				}
				if fs, ok := blk.Stmt.(*ast.ForStmt); ok && blk.Kind == cfg.KindForDone && f.pollsBuffer(fs.Cond, t.keys) {
					return stop // for w.Buffered() > 0 { sleep }: left when the buffer was seen low (BS-bufferloop)
				}
				if cc, ok := blk.Stmt.(*ast.CommClause); ok && blk.Kind == cfg.KindSelectCaseBody && f.receivesDrained(cc.Comm) {
					return stop // the drain signal came (a select that polls it)
				}
				return goOn
			}
			pauseStops := false // a second search: is every such path paused by a timer?
			visit := func(n ast.Node) step {
				if !within(n, loop) {
					return stop
				}
				if pauseStops && f.pauses(n) {
					return stop // case now := <-tick.C: fetches, and pauses
				}
				if f.fetches(n, items) {
					return goOn // the next item: case v := <-in:, v, err := r.Read(ctx)
				}
				if f.waits(n, false) {
					return stop
				}
				if e, ok := n.(ast.Expr); ok && f.pollsBuffer(e, t.keys) && f.inInnerLoop(e, loop) {
					return stop // for { if w.Buffered() < low { break }; time.Sleep(d) }: a poll
				}
				if t.v != nil {
					if read, _ := f.refs(n, t.v); read {
						if e, ok := n.(ast.Expr); !ok || !f.isTestOf(e, t.v) {
							return stop // handed on
						}
					}
				}
				if f.writesTo(n, t.keys) {
					return found
				}
				if f.setsFlag(n, ownOnly) && !f.inCaseAfter(n, cond) || f.setsAny(n, condVars) {
					return stop // handed on (BS-handedon)
				}
				return goOn
			}
			// A later test of the same variable cannot take its true
			// branch: the variable is still false (a signal or other
			// assignment ends the path before).
			var branch func(cond ast.Expr, whenTrue bool) bool
			if t.v != nil {
				branch = f.stillFalse(t.v)
			}
			if again, _ := f.searchBranches(pathflow.Point{Block: falseSucc}, branch, enter, visit, goOn); !again {
				return false, false
			}
			// Found: say so when every path that writes again sleeps, or
			// waits for a ticker or time.After, on the way (a select
			// without <-w.Drained()).
			pauseStops = true
			paused, _ := f.searchBranches(pathflow.Point{Block: falseSucc}, branch, enter, visit, goOn)
			return true, !paused
		}
		again, timed := try(loop)
		// A false branch that leaves the loop (break, continue outer, the
		// loop's end) and lets an enclosing loop write again ignores the
		// signal as well.
		outer := false
		for l := f.enclosing(loop); !again && l != nil && !f.variesIn(t, l); l = f.enclosing(l) {
			again, timed = try(l)
			outer = again
		}
		if !again {
			continue
		}
		drainClause := "the loop writes again without waiting for the buffer to drain"
		if outer {
			drainClause = "the loop is left, and an enclosing loop writes again without waiting for the buffer to drain"
		}
		if t.src.call != nil {
			clause, remedy := drainClause, t.src.remedyTest()
			if timed {
				clause, remedy = timerClause, t.src.remedyTimer()
			}
			f.c.pass.Report(analysis.Diagnostic{
				Pos: t.src.call.Pos(), End: t.src.call.End(), Category: ruleTested,
				Message: fmt.Sprintf("a false result of %s is tested but ignored: %s; %s",
					t.src.name(), clause, remedy),
			})
		} else if timed {
			f.c.pass.Report(analysis.Diagnostic{
				Pos: at.Pos(), End: at.End(), Category: ruleTested,
				Message: fmt.Sprintf("%s (%s) is tested but a false result is ignored: %s; when it is false, wait with Drain(ctx) or receive from Drained() (beside the timer, in a select), return or break",
					t.v.Name(), f.varSource(t.v), timerClause),
			})
		} else {
			f.c.pass.Report(analysis.Diagnostic{
				Pos: at.Pos(), End: at.End(), Category: ruleTested,
				Message: fmt.Sprintf("%s (%s) is tested but a false result is ignored: %s; when it is false, wait with Drain(ctx), return or break",
					t.v.Name(), f.varSource(t.v), drainClause),
			})
		}
	}
}

// timerClause says why a timer is no wait for the consumer.
const timerClause = "the loop writes again after waiting only for a timer (time.Sleep, a ticker, time.After), not for the buffer to drain, " +
	"so the buffer grows past the mark by an item per tick while the consumer lags, until the stream fails with flowrt.ErrOverflow"

func (s source) remedyTimer() string {
	if s.write {
		recv := types.ExprString(s.recv)
		return fmt.Sprintf("when it returns false, wait with %s.Drain(ctx) or receive from %s.Drained() (beside the timer, in a select), or use %s.Send(ctx, v)", recv, recv, recv)
	}
	return "when it returns false, wait with the writer's Drain(ctx) or receive from its Drained() (beside the timer, in a select), return or break"
}

// retries reports, and returns true, when the test is the condition of a
// for loop that writes until Write returns true: for !w.Write(v) { ... }.
// A false Write has buffered v (the buffer reached the mark) or refused it
// for good (the stream is closed or failed), so each retry writes v again,
// or spins, whatever the body waits for. Silent when no path from the body
// comes back to the condition (it always returns or breaks).
func (f *funcInfo) retries(t test, loop ast.Stmt, cond ast.Expr, falseSucc *cfg.Block) bool {
	fs, ok := loop.(*ast.ForStmt)
	if !ok || !t.src.write || t.src.call == nil || fs.Cond == nil || !within(cond, fs.Cond) || falseSucc.Kind != cfg.KindForBody {
		return false
	}
	enter := func(blk *cfg.Block) step {
		if blk.Stmt == nil || blk.Stmt == loop && blk.Kind != cfg.KindForDone {
			return goOn
		}
		if blk.Stmt == loop || !within(blk.Stmt, loop) {
			return stop // left the loop
		}
		return goOn
	}
	visit := func(n ast.Node) step {
		if !within(n, loop) {
			return stop
		}
		if f.writesTo(n, t.keys) {
			return found
		}
		return goOn
	}
	if again, _ := f.search(pathflow.Point{Block: falseSucc}, enter, visit, goOn); !again {
		return false
	}
	recv := types.ExprString(t.src.recv)
	f.c.pass.Report(analysis.Diagnostic{
		Pos: t.src.call.Pos(), End: t.src.call.End(), Category: ruleRetried,
		Message: fmt.Sprintf("%s in a loop condition writes the item again on every retry: a false result means the item was buffered "+
			"(the buffer reached its high-water mark) or refused for good (the stream is closed or failed), not that it can be written again; "+
			"write it once and, when %s returns false, wait with %s.Drain(ctx), or use %s.Send(ctx, v)",
			t.src.name(), t.src.name(), recv, recv),
	})
	return true
}

// varSource says where a signal variable comes from: "the result of
// w.Write", "the negated result of w.Write".
func (f *funcInfo) varSource(v *types.Var) string {
	for _, a := range f.assigns {
		if f.c.varOf(a.lhs) == v {
			if a.neg {
				return "the negated result of " + a.src.name()
			}
			return "the result of " + a.src.name()
		}
	}
	return "a signal"
}

func (s source) remedyTest() string {
	if s.write {
		recv := types.ExprString(s.recv)
		return fmt.Sprintf("when it returns false, wait with %s.Drain(ctx) (or return, or break), or use %s.Send(ctx, v)", recv, recv)
	}
	return "when it returns false, wait with the writer's Drain(ctx), return or break"
}

// variesIn reports whether the writer that the tested signal comes from may
// be another one on the next iteration of loop (for _, w := range outs): a
// variable that names it is declared or assigned inside the loop.
func (f *funcInfo) variesIn(t test, loop ast.Stmt) bool {
	var srcs []source
	if t.src.call != nil {
		srcs = append(srcs, t.src)
	}
	for _, a := range f.assigns {
		if t.v != nil && f.c.varOf(a.lhs) == t.v {
			srcs = append(srcs, a.src)
		}
	}
	vars := make(map[*types.Var]bool)
	for _, s := range srcs {
		if s.via != nil {
			vars[s.via] = true // emit := func... declared in the loop
		}
		var operands []ast.Expr
		if s.recv != nil {
			operands = append(operands, s.recv)
		}
		if !s.write {
			for _, a := range s.args {
				if holdsStream(f.c.info.TypeOf(a)) {
					operands = append(operands, a)
				}
			}
		}
		for _, e := range operands {
			ast.Inspect(e, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					if v, ok := f.c.info.Uses[id].(*types.Var); ok && !v.IsField() {
						vars[v] = true
					}
				}
				return true
			})
		}
	}
	if len(vars) == 0 {
		return false
	}
	for v := range vars {
		if loop.Pos() <= v.Pos() && v.Pos() < loop.End() {
			return true // declared in the loop (a range variable, a :=)
		}
	}
	varies := false
	ast.Inspect(loop, func(n ast.Node) bool {
		var lhs []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			lhs = n.Lhs
		case *ast.IncDecStmt:
			lhs = []ast.Expr{n.X}
		case *ast.RangeStmt:
			lhs = []ast.Expr{n.Key, n.Value}
		}
		for _, e := range lhs {
			if id, ok := e.(*ast.Ident); ok {
				if v, ok := f.c.info.Uses[id].(*types.Var); ok && vars[v] {
					varies = true
				}
			}
		}
		return !varies
	})
	return varies
}

// setsFlag reports whether n assigns a bool (full = true, s.blocked =
// true): the signal is handed on to code that may test the flag (a loop
// condition, a check after the loop), which the CFG does not follow.
//
// A local variable for which skip says true is no flag.
func (f *funcInfo) setsFlag(n ast.Node, skip func(*types.Var) bool) bool {
	as, ok := n.(*ast.AssignStmt)
	if !ok || (as.Tok != token.ASSIGN && as.Tok != token.DEFINE) {
		return false
	}
	for _, e := range as.Lhs {
		if id, ok := e.(*ast.Ident); ok && id.Name == "_" {
			continue
		}
		if v := f.c.varOf(e); v != nil && skip != nil && skip(v) {
			continue
		}
		if isBool(f.c.info.TypeOf(e)) {
			return true
		}
	}
	return false
}

// readOnlyIn reports whether every read of the local variable v in the
// function (closures included) is inside cond, at or after the position
// after.
func (f *funcInfo) readOnlyIn(v *types.Var, cond ast.Expr, after token.Pos) bool {
	ok := true
	lhs := make(map[*ast.Ident]bool)
	ast.Inspect(f.body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.ASSIGN || n.Tok == token.DEFINE {
				for _, e := range n.Lhs {
					if id, isID := e.(*ast.Ident); isID {
						lhs[id] = true
					}
				}
			}
		case *ast.ValueSpec:
			for _, id := range n.Names {
				lhs[id] = true
			}
		case *ast.Ident:
			if lhs[n] || f.c.info.Uses[n] != v {
				return true
			}
			if !within(n, cond) || n.Pos() < after {
				ok = false
			}
		}
		return true
	})
	return ok
}

// inCaseAfter reports whether n is in a case of a select entered after
// the test cond: a flag set there (default: full = true, case
// <-ctx.Done(): cancelled = true) records which case ran, and hands the
// signal on only when a condition of the loop reads it (setsAny).
func (f *funcInfo) inCaseAfter(n ast.Node, cond ast.Expr) bool {
	for _, cc := range f.clauses {
		if within(n, cc) && !within(cond, cc) {
			return true
		}
	}
	return false
}

// condVars returns the local variables that a condition inside loop reads
// (if, for, switch case conditions: the last node of a two-way block).
//
// Only variables declared before the test at pos count (not err in if err
// := w.Err(); err != nil), and the signal tests themselves are left out.
func (f *funcInfo) condVars(loop ast.Stmt, pos token.Pos) map[*types.Var]bool {
	vars := make(map[*types.Var]bool)
	for _, b := range f.g.Blocks {
		if !b.Live || len(b.Succs) != 2 || len(b.Nodes) == 0 {
			continue
		}
		cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr)
		if !ok || !within(cond, loop) {
			continue
		}
		if t, ok := f.classifyCond(cond); ok && !t.partial {
			continue
		}
		ast.Inspect(cond, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v := f.c.varOf(id); v != nil && v.Pos() < pos {
					vars[v] = true
				}
			}
			return true
		})
	}
	return vars
}

// setsAny reports whether n assigns (or increments) one of vars: the
// false branch changes what a condition of the loop tests (pending =
// append(pending, v), then if len(pending) > 0 { drain }), and the CFG
// cannot tell which way that condition goes.
func (f *funcInfo) setsAny(n ast.Node, vars map[*types.Var]bool) bool {
	if f.post[n] {
		return false
	}
	var lhs []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		lhs = n.Lhs
	case *ast.IncDecStmt:
		lhs = []ast.Expr{n.X}
	}
	for _, e := range lhs {
		// The variable itself, or a field or element of it (s.n++).
		for {
			switch x := e.(type) {
			case *ast.SelectorExpr:
				e = x.X
				continue
			case *ast.IndexExpr:
				e = x.X
				continue
			case *ast.StarExpr:
				e = x.X
				continue
			case *ast.ParenExpr:
				e = x.X
				continue
			}
			break
		}
		if v := f.c.varOf(e); v != nil && vars[v] {
			return true
		}
	}
	return false
}

func (f *funcInfo) isTestOf(e ast.Expr, v *types.Var) bool {
	t, ok := f.classify(e)
	return ok && t.v == v
}

// pollsBuffer reports whether the condition of a loop reads the buffer of
// one of the writers with the keys (w.Buffered(), w.Stats().Buffered): a
// loop that polls until the consumer has taken the buffer, as Drain does,
// ends only when the condition saw the buffer low, and a path that skips
// it saw it low already.
func (f *funcInfo) pollsBuffer(cond ast.Expr, keys map[string]bool) bool {
	if cond == nil {
		return false
	}
	hit := false
	ast.Inspect(cond, func(m ast.Node) bool {
		if call, ok := m.(*ast.CallExpr); ok {
			fn := streams.Callee(f.c.info, call)
			if fn != nil && (streams.IsMethod(fn, streams.FlowrtPath, "Writer", "Buffered") || streams.IsMethod(fn, streams.FlowrtPath, "Writer", "Stats")) {
				if recv := streams.Receiver(call); recv != nil && keys["w:"+types.ExprString(recv)] {
					hit = true
				}
			}
		}
		return !hit
	})
	return hit
}

// enclosing returns the innermost loop around loop, or nil.
func (f *funcInfo) enclosing(loop ast.Stmt) ast.Stmt {
	var out ast.Stmt
	for _, l := range f.loops {
		if l != loop && within(loop, l) && (out == nil || within(l, out)) {
			out = l
		}
	}
	return out
}

// inInnerLoop reports whether e is inside a loop nested in loop.
func (f *funcInfo) inInnerLoop(e ast.Expr, loop ast.Stmt) bool {
	for _, l := range f.loops {
		if l != loop && within(l, loop) && within(e, l) {
			return true
		}
	}
	return false
}

// writesTo reports whether n calls a source with one of the keys.
func (f *funcInfo) writesTo(n ast.Node, keys map[string]bool) bool {
	return callsAny(n, func(call *ast.CallExpr) bool {
		s, ok := f.c.source(call)
		return ok && keys[s.key()]
	})
}
