package unflushed

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/flowvet/flowvet/analyzers/internal/astwalk"
	"github.com/flowvet/flowvet/analyzers/internal/stream"
)

// A file mentioned in a func literal escapes, unless the literal runs only
// while the function runs and only writes the file (go-pmtiles
// pmtiles/sync.go:377: a downloadPart literal, run through errgroup, copies
// into the file; then outfile.Close() drops its error before os.Rename).
// The literal must be called immediately, run by a go statement or by the
// Go method of a group with a Wait method (errgroup.Group), or bound by :=
// to a local whose every use is a call (or such a Go method's argument).
// Inside it the file may only be the receiver of a write method or an
// argument of a write-only interface type to a callee that does not assert
// it back to a closer: exactly what use accepts as a write in the body.
// Anything else there (a Close, Flush or Sync, an assignment, a store, a
// return, a conversion, a hand-off) keeps the file escaped. The writes are
// then events inside the literal, applied where the literal stands in the
// function's CFG.

// followedLit reports whether the innermost func literal of stack (the
// only one: nested literals are not followed) runs only while the
// function runs, and is used only by calls.
// Any other literal hands the file on: US-funclit.
func (c *checker) followedLit(stack []ast.Node) bool {
	idx := -1
	for i := 1; i < len(stack)-1; i++ {
		if _, ok := stack[i].(*ast.FuncLit); ok {
			if idx >= 0 {
				return false
			}
			idx = i
		}
	}
	if idx < 1 {
		return false
	}
	info := c.pass.TypesInfo
	switch site := stream.RunsHere(info, stack, idx); site.How {
	case stream.Called, stream.Go, stream.GroupGo:
		return true // (a deferred literal is collect's deferred context, not this)
	case stream.Bound:
		if site.Tok == token.DEFINE || site.Tok == token.VAR {
			if obj := info.Defs[site.Name]; obj != nil {
				return c.onlyCalled(obj)
			}
		}
	}
	return false
}

// onlyCalled reports whether every use of the local obj (bound to a func
// literal) calls it: f(...), go f(...), defer f(...), g.Go(f). An
// assignment, a store, a return or any other argument use is not.
func (c *checker) onlyCalled(obj types.Object) bool {
	if c.callOnly == nil {
		c.callOnly = make(map[types.Object]bool)
	}
	if ok, done := c.callOnly[obj]; done {
		return ok
	}
	info := c.pass.TypesInfo
	ok := true
	astwalk.Inspect(c.body, func(n ast.Node, stack []ast.Node) bool {
		id, isID := n.(*ast.Ident)
		if !ok || !isID || info.Uses[id] != obj {
			return ok
		}
		call, isCall := stack[len(stack)-2].(*ast.CallExpr)
		if !isCall || (call.Fun != id && !(stream.IsGroupGo(info, call) && call.Args[0] == id)) {
			ok = false
		}
		return ok
	}, nil)
	c.callOnly[obj] = ok
	return ok
}

// litWrites applies use to the mention id of the file v inside a followed
// func literal, accepting only what use counts as a write: the file stays
// escaped on anything else.
func (c *checker) litWrites(v *value, id *ast.Ident, stack []ast.Node) {
	i, child := parenParent(stack, id)
	if i < 0 {
		v.escaped = true
		return
	}
	switch p := stack[i].(type) {
	case *ast.SelectorExpr:
		// A method call or a field: use decides.
	case *ast.CallExpr:
		if p.Fun == child || c.pass.TypesInfo.Types[p.Fun].IsType() {
			v.escaped = true // a conversion hands the file to its context
			return
		}
	default:
		v.escaped = true // an assignment, a store, a return, a send...
		return
	}
	events, built := len(c.events), len(c.built)
	c.use(v, id, stack, false)
	if len(c.built) != built {
		v.escaped = true // json.NewEncoder(out) used outside our sight
		return
	}
	for _, ev := range c.events[events:] {
		if ev.op != opWrite {
			v.escaped = true // a Close, a Sync, a flushing callee
			return
		}
	}
}
