package backpressure

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/typestate"
)

// writesAny reports whether n calls a source (function literals
// excluded).
func (f *funcInfo) writesAny(n ast.Node) bool {
	return callsAny(n, func(call *ast.CallExpr) bool {
		_, ok := f.c.source(call)
		return ok
	})
}

// callsAny reports whether n holds a call for which pred is true,
// function literals excluded (they run elsewhere, or later).
func callsAny(n ast.Node, pred func(*ast.CallExpr) bool) bool {
	hit := false
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			hit = pred(m)
		}
		return !hit
	})
	return hit
}

// assignsVar reports whether the statement n assigns v.
func (f *funcInfo) assignsVar(n ast.Node, v *types.Var) bool {
	lhs, _ := assignment(n)
	return slices.ContainsFunc(lhs, func(e ast.Expr) bool { return f.c.varOf(e) == v })
}

// assignment returns the two sides of an assignment statement or a var
// spec (its names as the left side); nil for any other node.
func assignment(n ast.Node) (lhs, rhs []ast.Expr) {
	switch n := n.(type) {
	case *ast.AssignStmt:
		return n.Lhs, n.Rhs
	case *ast.ValueSpec:
		for _, id := range n.Names {
			lhs = append(lhs, id)
		}
		return lhs, n.Values
	}
	return nil, nil
}

// noteSelect records the cases of a select, and its comm statements that
// do not wait for the consumer.
func (f *funcInfo) noteSelect(n *ast.SelectStmt) {
	hasDefault := slices.ContainsFunc(n.Body.List, func(s ast.Stmt) bool { return s.(*ast.CommClause).Comm == nil })
	for _, s := range n.Body.List {
		f.clauses = append(f.clauses, s.(*ast.CommClause))
		if comm := s.(*ast.CommClause).Comm; comm != nil && (hasDefault || f.receivesDone(comm)) {
			// go/cfg lists every comm statement of a select in the
			// block before its cases: the select waits for the
			// consumer only if some other case does.
			f.nonBlocking[comm] = true
		}
	}
}

// notePipe records the writer of r, w := flowrt.NewPipe[T]() and
// NewBytePipe: its consumer may run in the goroutine that writes (in the
// function that made the pipe, or in a literal it calls), and Send could
// then wait forever.
func (c *checker) notePipe(n ast.Node) {
	lhs, rhs := assignment(n)
	if len(lhs) != 2 || len(rhs) != 1 {
		return
	}
	call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
	if !ok {
		return
	}
	fn := streams.Callee(c.info, call)
	if streams.IsFunc(fn, streams.FlowrtPath, "NewPipe") || streams.IsFunc(fn, streams.FlowrtPath, "NewBytePipe") {
		if v := c.varOf(lhs[1]); v != nil {
			c.pipeWriters[v] = true
			if streams.IsFunc(fn, streams.FlowrtPath, "NewPipe") {
				c.pipeCalls[v] = call
			}
		}
	}
}

// collectRefs classifies every reference to a signal variable as a read or
// a write, and finds the variables a closure captures or whose address is
// taken (the analyzer cannot follow those).
func (f *funcInfo) collectRefs() {
	f.reads = make(map[*ast.Ident]*types.Var)
	f.writes = make(map[*ast.Ident]*types.Var)
	f.captured = make(map[*types.Var]bool)
	f.declared = make(map[*types.Var]bool)
	if len(f.varKeys) == 0 {
		return
	}
	lhs := make(map[*ast.Ident]bool)
	blank := make(map[*ast.Ident]bool)
	var visit func(n ast.Node, depth int)
	visit = func(root ast.Node, depth int) {
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				if n != root {
					visit(n, depth+1)
					return false
				}
			case *ast.AssignStmt:
				if n.Tok == token.ASSIGN || n.Tok == token.DEFINE {
					for _, e := range n.Lhs {
						if id, ok := e.(*ast.Ident); ok {
							lhs[id] = true
						}
					}
				}
				if n.Tok == token.ASSIGN && len(n.Lhs) == len(n.Rhs) {
					// _ = ok silences the compiler, not the signal: no read.
					for i, e := range n.Lhs {
						if id, ok := e.(*ast.Ident); ok && id.Name == "_" {
							if r, ok := ast.Unparen(n.Rhs[i]).(*ast.Ident); ok {
								blank[r] = true
							}
						}
					}
				}
			case *ast.ValueSpec:
				for _, id := range n.Names {
					lhs[id] = true
				}
			case *ast.RangeStmt:
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if id, ok := e.(*ast.Ident); ok {
						lhs[id] = true
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					if v := f.c.varOf(n.X); v != nil {
						f.captured[v] = true
					}
				}
			case *ast.Ident:
				v := f.c.varOf(n)
				if v == nil || f.varKeys[v] == nil || blank[n] {
					return true
				}
				if depth > 0 {
					f.captured[v] = true
				}
				if f.c.info.Defs[n] != nil && depth == 0 {
					f.declared[v] = true
				}
				if lhs[n] {
					f.writes[n] = v
				} else {
					f.reads[n] = v
				}
			}
			return true
		})
	}
	visit(f.ftype, 0)
	visit(f.body, 0)
}

// step is what a node or block means to the path being searched.
type step int

const (
	goOn  step = iota // look further along this path
	stop              // the path is settled: look no further along it
	found             // the path reaches what the search looks for
)

// search explores every path forward from p. It reports whether some path
// reaches a node for which visit says found before one that says stop,
// and whether some path was stopped. enter is called for each block a
// path enters at its start (p.Block included when p.Index is 0).
//
// atExit says what reaching the end of the function means.
func (f *funcInfo) search(p pathflow.Point, enter func(*cfg.Block) step, visit func(ast.Node) step, atExit step) (reached, stopped bool) {
	return f.searchBranches(p, nil, enter, visit, atExit)
}

// searchBranches is search with branch, if not nil, saying whether a path
// may take the branch of a condition (one a test of the watched value
// rules out).
func (f *funcInfo) searchBranches(p pathflow.Point, branch func(cond ast.Expr, whenTrue bool) bool, enter func(*cfg.Block) step, visit func(ast.Node) step, atExit step) (reached, stopped bool) {
	if p.Index == 0 {
		switch enter(p.Block) {
		case stop:
			return false, true
		case found:
			return true, false
		}
	}
	type none struct{}
	// judge applies what enter or visit says: false ends the path.
	judge := func(st step) bool {
		switch st {
		case stop:
			stopped = true
			return false
		case found:
			reached = true
			return false
		}
		return true
	}
	pol := typestate.Policy[none]{
		Enter: func(b *cfg.Block, s none) (none, bool) { return s, !reached && judge(enter(b)) },
		Step:  func(n ast.Node, s none) (none, bool) { return s, !reached && judge(visit(n)) },
		Exit:  func(typestate.Exit, none) { judge(atExit) },
	}
	if branch != nil {
		pol.Branch = func(cond ast.Expr, whenTrue bool, s none) (none, bool) { return s, branch(cond, whenTrue) }
	}
	typestate.Check(f.paths(), p, none{}, pol)
	return reached, stopped
}

// stillFalse returns a branch filter for a path on which the signal
// variable v is false: a later full test of v cannot take the branch
// where it is true (a signal or another assignment ends the path before).
func (f *funcInfo) stillFalse(v *types.Var) func(cond ast.Expr, whenTrue bool) bool {
	return func(cond ast.Expr, whenTrue bool) bool {
		t, ok := f.classifyCond(cond)
		return !ok || t.v != v || t.partial || whenTrue == t.negated
	}
}

func noEnter(*cfg.Block) step { return goOn }

// refs reports whether n reads or writes v (function literals excluded).
func (f *funcInfo) refs(n ast.Node, v *types.Var) (read, write bool) {
	if ret, ok := n.(*ast.ReturnStmt); ok && len(ret.Results) == 0 {
		// A bare return (or the implicit one) reads the named results.
		res := f.sig.Results()
		for i := range res.Len() {
			if res.At(i) == v {
				read = true
			}
		}
	}
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident:
			if f.reads[m] == v {
				read = true
			}
			if f.writes[m] == v {
				write = true
			}
		}
		return true
	})
	return read, write
}

// checkStores reports signals stored in a local variable that is never read
// or is overwritten before it is read on some path.
func (f *funcInfo) checkStores(index map[ast.Node]pathflow.Point) {
	for _, a := range f.assigns {
		v := f.c.varOf(a.lhs)
		if v == nil || f.captured[v] || !f.declared[v] {
			continue // BS-escapes
		}
		p, ok := index[a.node]
		if !ok {
			continue // dead code
		}
		over, readSomewhere := f.search(pathflow.Point{Block: p.Block, Index: p.Index + 1}, noEnter, func(n ast.Node) step {
			read, write := f.refs(n, v)
			switch {
			case read:
				return stop
			case write:
				return found
			}
			return goOn
		}, goOn)
		switch {
		case over:
			f.c.pass.Report(analysis.Diagnostic{
				Pos: a.lhs.Pos(), End: a.lhs.End(), Category: ruleOverwritten,
				Message: fmt.Sprintf("result of %s stored in %s is overwritten before it is read on some path: %s, and that false is lost; check %s and %s",
					a.src.name(), v.Name(), a.src.what(), v.Name(), a.src.remedy()),
			})
		case !readSomewhere:
			f.c.pass.Report(analysis.Diagnostic{
				Pos: a.lhs.Pos(), End: a.lhs.End(), Category: ruleNeverRead,
				Message: fmt.Sprintf("result of %s stored in %s is never read: %s; check %s and %s",
					a.src.name(), v.Name(), a.src.what(), v.Name(), a.src.remedy()),
			})
		default:
			// Read on some paths: is there one that reports success to the
			// caller without looking at the signal? (A path that returns
			// a non-nil error has told its caller that the work failed.)
			if ret := f.successPath(p, v); ret != nil {
				where := "at the end of the function"
				if ret.Return.IsValid() && ret.Return < f.body.Rbrace {
					where = fmt.Sprintf("at line %d", f.c.pass.Fset.Position(ret.Pos()).Line)
				}
				f.c.pass.Report(analysis.Diagnostic{
					Pos: a.lhs.Pos(), End: a.lhs.End(), Category: ruleSuccessPath,
					Message: fmt.Sprintf("result of %s stored in %s is not read on the path that returns %s: %s, and that false is lost; check %s on every path and %s",
						a.src.name(), v.Name(), where, a.src.what(), v.Name(), a.src.remedy()),
				})
			}
		}
	}
}

// observesContext reports whether n calls the Done or Err method of a
// context.Context.
func (f *funcInfo) observesContext(n ast.Node) bool {
	return callsAny(n, func(call *ast.CallExpr) bool {
		fn := streams.Callee(f.c.info, call)
		if fn == nil || (fn.Name() != "Done" && fn.Name() != "Err") {
			return false
		}
		recv := fn.Type().(*types.Signature).Recv()
		return recv != nil && streams.IsNamed(recv.Type(), "context", "Context")
	})
}

// successPath returns a return statement that reports success (see
// successReturn; the others fail: BS-failpath) on a path from the node at
// p, before the path reads or writes v, looks at the context (if ctx.Err()
// != nil { return nil } gives up on cancellation: BS-ctxpath), or waits
// (return w.Drain(ctx): whatever the Write said); nil if there is none. The function's error variables are
// followed along each path (errpath.Flow), so in `if err != nil { ... };
// return err` the return fails on the paths through the branch.
func (f *funcInfo) successPath(p pathflow.Point, v *types.Var) *ast.ReturnStmt {
	return typestate.FirstReturn(f.paths(), pathflow.Point{Block: p.Block, Index: p.Index + 1}, true, func(n ast.Node) bool {
		read, write := f.refs(n, v)
		return read || write || f.observesContext(n) || f.waits(n, true)
	}, func(e typestate.Exit) bool {
		return f.successReturn(e.Return, e.Errs)
	})
}

// successReturn reports whether ret tells the caller that all went well:
// its error result may report success (errpath.Reports is Success, given
// facts, what the path knows about the function's error variables: nil, a
// call's error such as w.Close(), an err that may be nil on this path; not
// fmt.Errorf(...), a sentinel, or err inside `if err != nil`), and every
// bool it returns is the constant true. A false, or any other bool, may
// tell the caller to stop (return false when the stream is closed); a bare
// return, or a return of a call's results, from a function with bool
// results is not known (the analyzer stays silent).
func (f *funcInfo) successReturn(ret *ast.ReturnStmt, facts errpath.Facts) bool {
	res := f.sig.Results()
	n := res.Len()
	for i := range n {
		if !isBool(res.At(i).Type()) {
			continue
		}
		if len(ret.Results) != n {
			return false
		}
		if b, ok := f.boolConst(ret.Results[i]); !ok || !b {
			return false
		}
	}
	return errpath.Reports(f.c.info, f.sig, ret, facts) == errpath.Success
}

// paths returns the path engine over the function, made once.
func (f *funcInfo) paths() *typestate.Func {
	if f.engine == nil {
		f.engine = typestate.NewFunc(f.c.info, f.fn, f.g)
	}
	return f.engine
}
