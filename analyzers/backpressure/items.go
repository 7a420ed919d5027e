package backpressure

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// presized reports whether d is the one Write to a pipe that this function
// made with room for everything it writes, the way a buffered channel of
// len(xs) is filled before its readers start:
//
//	r, w := flowrt.NewPipe[T](flowrt.HighWaterMark(len(xs) + 1))
//	for _, x := range xs {
//		w.Write(x) // never false: the buffer stays below the mark
//	}
//	w.Close()
//
// The mark is len(xs) plus a positive constant, the Write is a statement
// in the body of a range over the same xs (a variable never assigned in the
// function), that range is in no other loop, and the function (closures
// included) uses the writer for nothing else than that Write and methods
// that do not write (Close, CloseWithError, Err, Buffered, Stats, Drain).
// BS-presized.
func (f *funcInfo) presized(d discard) bool {
	s := d.src
	if !s.write || s.via != nil || len(s.args) != 1 {
		return false
	}
	id, ok := ast.Unparen(s.recv).(*ast.Ident)
	if !ok {
		return false
	}
	w, _ := f.c.info.Uses[id].(*types.Var)
	call := f.c.pipeCalls[w]
	if call == nil || f.c.reassigned[w] || f.c.addressed[w] || call.Pos() < f.body.Pos() || call.End() > f.body.End() {
		return false
	}
	// flowrt.HighWaterMark(len(xs) + k), k > 0.
	var xs *types.Var
	for _, opt := range call.Args {
		oc, ok := ast.Unparen(opt).(*ast.CallExpr)
		if !ok || len(oc.Args) != 1 || !streams.IsFunc(streams.Callee(f.c.info, oc), streams.FlowrtPath, "HighWaterMark") {
			continue
		}
		xs = nil // the last mark wins
		bin, ok := ast.Unparen(oc.Args[0]).(*ast.BinaryExpr)
		if !ok || bin.Op != token.ADD {
			return false
		}
		for _, pair := range [][2]ast.Expr{{bin.X, bin.Y}, {bin.Y, bin.X}} {
			if v := f.lenOf(pair[0]); v != nil && positiveConst(f.c.info, pair[1]) {
				xs = v
			}
		}
	}
	if xs == nil || f.c.reassigned[xs] || f.c.addressed[xs] {
		return false
	}
	// The Write is a statement of the body of `for ... := range xs`,
	// which is in no other loop.
	var rng *ast.RangeStmt
	for _, l := range f.loops {
		if within(d.stmt, l) {
			if r, ok := l.(*ast.RangeStmt); ok && d.parent == r.Body {
				rng = r
			} else {
				return false // in another loop too
			}
		}
	}
	if rng == nil {
		return false
	}
	if x, ok := ast.Unparen(rng.X).(*ast.Ident); !ok || f.c.info.Uses[x] != xs {
		return false
	}
	// Every other use of w calls a method that does not write.
	clean := true
	ast.PreorderStack(f.body, nil, func(n ast.Node, stack []ast.Node) bool {
		ref, ok := n.(*ast.Ident)
		if !clean || !ok || ref == id || f.c.info.Uses[ref] != w {
			return clean
		}
		sel, ok := stack[len(stack)-1].(*ast.SelectorExpr)
		if !ok || sel.X != ref || len(stack) < 2 {
			clean = false
			return false
		}
		if c, ok := stack[len(stack)-2].(*ast.CallExpr); !ok || c.Fun != sel {
			clean = false
			return false
		}
		switch sel.Sel.Name {
		case "Close", "CloseWithError", "Err", "Buffered", "Stats", "Drain":
		default:
			clean = false
		}
		return clean
	})
	return clean
}

// lenOf returns v when e is len(v) of a local variable or parameter.
func (f *funcInfo) lenOf(e ast.Expr) *types.Var {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil
	}
	if b, ok := f.c.info.Uses[astIdent(call.Fun)].(*types.Builtin); !ok || b.Name() != "len" {
		return nil
	}
	id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := f.c.info.Uses[id].(*types.Var)
	if v == nil || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	return v
}

func astIdent(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// positiveConst reports whether e is an integer constant > 0.
func positiveConst(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false
	}
	return constant.Sign(tv.Value) > 0
}

// itemVars returns the local variables that the arguments of the sources
// mention: what holds the items being written.
//
// So do the variables that an assignment in the function appends to one of
// those, or puts in a composite literal assigned to one (line in buf =
// append(buf, line), in ev := Event{Line: line}; to a fixed point): what
// the loop receives to build the item. Other derivations (req =
// next(reply), a reply of the consumer) are not followed, and contexts and
// streams are left out.
func (f *funcInfo) itemVars(srcs ...source) map[*types.Var]bool {
	vars := make(map[*types.Var]bool)
	mention := func(e ast.Expr) (added bool) {
		ast.Inspect(e, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			if id, ok := n.(*ast.Ident); ok {
				if v := f.c.varOf(id); v != nil && !vars[v] && !holdsStream(v.Type()) {
					vars[v] = true
					added = true
				}
			}
			return true
		})
		return added
	}
	for _, s := range srcs {
		for _, a := range s.args {
			mention(a)
		}
	}
	for changed := len(vars) > 0; changed; {
		changed = false
		for _, n := range f.defs {
			lhs, rhs := assignment(n)
			if len(lhs) != len(rhs) {
				continue // v, err := r.Read(ctx): a fetch, see fetches
			}
			for i, e := range lhs {
				if v := f.c.varOf(e); v != nil && vars[v] && f.builds(rhs[i]) && mention(rhs[i]) {
					changed = true
				}
			}
		}
	}
	return vars
}

// builds reports whether e builds a value from its parts: append(x, ...),
// T{...} or &T{...}.
func (f *funcInfo) builds(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		b, ok := f.c.info.Uses[astIdent(e.Fun)].(*types.Builtin)
		return ok && b.Name() == "append"
	}
	return false
}

// fetches reports whether n fetches the next item to write: it assigns a
// receive (case v := <-in:) or the results of a call (v, err :=
// r.Read(ctx), ev, err := src.Next(ctx)) to a variable that the write's
// argument mentions. That waits for the producer's input, not for the
// consumer, and is no wait — unless the call is given a flowrt writer.
// Other derivations of the item are not followed: a receive whose value
// is not (part of) the item is a wait (BS-lockstep).
func (f *funcInfo) fetches(n ast.Node, items map[*types.Var]bool) bool {
	as, ok := n.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || (as.Tok != token.ASSIGN && as.Tok != token.DEFINE) {
		return false
	}
	if !slices.ContainsFunc(as.Lhs, func(e ast.Expr) bool { v := f.c.varOf(e); return v != nil && items[v] }) {
		return false
	}
	switch r := ast.Unparen(as.Rhs[0]).(type) {
	case *ast.UnaryExpr:
		return r.Op == token.ARROW && !f.givesWriter(r.X)
	case *ast.CallExpr:
		return !f.givesWriter(r)
	}
	return false
}

// givesWriter reports whether a call in e is given a flowrt writer, or a
// struct holding one, as receiver or argument.
func (f *funcInfo) givesWriter(e ast.Expr) bool {
	holdsWriter := func(x ast.Expr) bool {
		t := f.c.info.TypeOf(x)
		if t == nil {
			return false
		}
		if streams.IsFlowrtWriter(t) {
			return true
		}
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		if st, ok := t.Underlying().(*types.Struct); ok {
			for i := range st.NumFields() {
				if streams.IsFlowrtWriter(st.Field(i).Type()) {
					return true
				}
			}
		}
		return false
	}
	hit := false
	ast.Inspect(e, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if recv := streams.Receiver(call); recv != nil && holdsWriter(recv) {
				hit = true
			}
			if slices.ContainsFunc(call.Args, holdsWriter) {
				hit = true
			}
		}
		return !hit
	})
	return hit
}

// waitsAfter reports whether every path from the statement w.Write(v) (or
// _ = w.Write(v)) waits before it writes again or returns: w.Write(v)
// followed by w.Drain(ctx) behaves like Send, whatever Write returned
// (BS-waitafter).
func (f *funcInfo) waitsAfter(d discard, index map[ast.Node]pathflow.Point) bool {
	switch d.stmt.(type) {
	case *ast.ExprStmt, *ast.AssignStmt:
	default:
		return false // go, defer: the write happens elsewhere or later
	}
	p, ok := index[d.stmt]
	if !ok {
		return false
	}
	key := map[string]bool{d.src.key(): true}
	items := f.itemVars(d.src)
	again, _ := f.search(pathflow.Point{Block: p.Block, Index: p.Index + 1}, noEnter, func(n ast.Node) step {
		if f.fetches(n, items) {
			return goOn
		}
		if f.waits(n, true) {
			return stop
		}
		if f.writesTo(n, key) {
			return found
		}
		return goOn
	}, found)
	return !again
}
