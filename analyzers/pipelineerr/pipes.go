package pipelineerr

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"github.com/flowvet/flowvet/analyzers/internal/stream"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// ---- identifiers -------------------------------------------------------------

func (c *checker) ident(id *ast.Ident, stack []ast.Node) {
	if len(c.pipelines)+len(c.writers)+len(c.ends)+len(c.readers) == 0 {
		return
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return
	}
	if p := c.pipelines[v]; p != nil {
		c.pipelineUse(p, id, stack)
	}
	if w := c.writers[v]; w != nil {
		c.writerUse(w, id, stack)
	}
	if w := c.ends[v]; w != nil && c.readsToEOF(id, stack) {
		w.readToEOF = true
	}
	if r := c.readers[v]; r != nil {
		c.readerUse(r, id, stack)
	}
}

// methodCall returns the call and method name when id is the receiver of a
// method call id.m(...).
func methodCall(id *ast.Ident, stack []ast.Node) (*ast.CallExpr, string) {
	n := len(stack)
	if n < 2 {
		return nil, ""
	}
	sel, ok := stack[n-1].(*ast.SelectorExpr)
	if !ok || sel.X != id {
		return nil, ""
	}
	call, ok := stack[n-2].(*ast.CallExpr)
	if !ok || call.Fun != sel {
		return nil, ""
	}
	return call, sel.Sel.Name
}

func (c *checker) pipelineUse(p *pipelineVar, id *ast.Ident, stack []ast.Node) {
	if call, name := methodCall(id, stack); name != "" {
		if name == "Wait" {
			p.waits[call] = true
		}
		return
	}
	// An argument of one of flowrt's functions (Source, Map, Sink ...).
	if call, ok := stack[len(stack)-1].(*ast.CallExpr); ok && call.Fun != id {
		if fn := streams.Callee(c.pass.TypesInfo, call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == streams.FlowrtPath {
			return
		}
	}
	p.escaped = true // PS-handedon
}

func (c *checker) readerUse(r *pipeReader, id *ast.Ident, stack []ast.Node) {
	call, name := methodCall(id, stack)
	switch name {
	case "":
		r.escaped = true
	case "Err":
		r.errSeen = true
	case "All":
		n := len(stack)
		if n >= 3 {
			if rs, ok := stack[n-3].(*ast.RangeStmt); ok && rs.X == call && singleSeq(c.pass.TypesInfo.TypeOf(call)) {
				r.loop = rs
			}
		}
	}
}

// singleSeq reports whether t is a one-value iterator, func(yield func(T) bool).
func singleSeq(t types.Type) bool {
	sig, ok := types.Unalias(t).Underlying().(*types.Signature)
	if !ok || sig.Params().Len() != 1 {
		return false
	}
	yield, ok := sig.Params().At(0).Type().Underlying().(*types.Signature)
	return ok && yield.Params().Len() == 1
}

// ---- io.Pipe writers ---------------------------------------------------------

func (c *checker) defineWriter(call *ast.CallExpr, stack []ast.Node) {
	v := definedVar(c.pass.TypesInfo, call, stack, 1)
	if v == nil {
		return
	}
	var fn ast.Node
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			fn = stack[i]
		}
		if fn != nil {
			break
		}
	}
	if fn == nil {
		return
	}
	w := &pipeWriter{def: call, name: v.Name(), fn: fn, closes: make(map[*ast.CallExpr]bool)}
	c.writers[v] = w
	if r := definedVar(c.pass.TypesInfo, call, stack, 0); r != nil {
		c.ends[r] = w
	}
}

// readsToEOF reports whether the use id of a pipe reader hands it to code
// that reads until io.EOF: a return statement (the caller gets a stream),
// io.ReadAll, io.Copy's source, a ReadFrom method, an HTTP request body.
// PS-neverclosed.
func (c *checker) readsToEOF(id *ast.Ident, stack []ast.Node) bool {
	switch p := stack[len(stack)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.CallExpr:
		fn := streams.Callee(c.pass.TypesInfo, p)
		if fn == nil {
			return false
		}
		arg := -1
		for i, a := range p.Args {
			if a == id {
				arg = i
			}
		}
		switch {
		case streams.IsFunc(fn, "io", "ReadAll"):
			return arg == 0
		case streams.IsFunc(fn, "io", "Copy"), streams.IsFunc(fn, "io", "CopyBuffer"):
			return arg == 1
		case fn.Name() == "ReadFrom" && fn.Type().(*types.Signature).Recv() != nil:
			return arg == 0
		case streams.IsFunc(fn, "net/http", "Post"), streams.IsMethod(fn, "net/http", "Client", "Post"),
			streams.IsFunc(fn, "net/http", "NewRequest"), streams.IsFunc(fn, "net/http/httptest", "NewRequest"):
			return arg == 2
		case streams.IsFunc(fn, "net/http", "NewRequestWithContext"):
			return arg == 3
		}
	}
	return false
}

// goStmt makes the parameters of `go func(w *io.PipeWriter) {...}(pw)`
// aliases of pw. (The literal is visited before its arguments.)
func (c *checker) goStmt(g *ast.GoStmt, stack []ast.Node) {
	lit, ok := g.Call.Fun.(*ast.FuncLit)
	if !ok || len(c.writers) == 0 {
		return
	}
	params := paramVars(c.pass.TypesInfo, lit)
	for i, arg := range g.Call.Args {
		id, ok := ast.Unparen(arg).(*ast.Ident)
		if !ok || i >= len(params) || params[i] == nil {
			continue
		}
		v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
		if w := c.writers[v]; w != nil {
			if (w.lit != nil && w.lit != lit) || inLoop(stack, w.fn) {
				w.escaped = true // PS-shared: several goroutines, none may close it alone
				continue
			}
			w.lit, w.goNode = lit, g
			c.writers[params[i]] = w
		}
	}
}

func paramVars(info *types.Info, lit *ast.FuncLit) []*types.Var {
	var vs []*types.Var
	for _, f := range lit.Type.Params.List {
		if len(f.Names) == 0 {
			vs = append(vs, nil)
		}
		for _, n := range f.Names {
			v, _ := info.Defs[n].(*types.Var)
			vs = append(vs, v)
		}
	}
	return vs
}

// goroutineStart returns the go statement or Go(...) call of a group with
// a Wait method (errgroup.Group, sync.WaitGroup) that runs lit, whose
// parent in the syntax tree is parent (and grandparent gp).
// litStart is goroutineStart for the literal stack[i], whose ancestors
// precede it in stack.
func (c *checker) litStart(stack []ast.Node, i int) ast.Node {
	var parent, gp ast.Node
	if i >= 1 {
		parent = stack[i-1]
	}
	if i >= 2 {
		gp = stack[i-2]
	}
	return c.goroutineStart(stack[i].(*ast.FuncLit), parent, gp)
}

func (c *checker) goroutineStart(lit *ast.FuncLit, parent, gp ast.Node) ast.Node {
	switch stream.RunsHere(c.pass.TypesInfo, []ast.Node{gp, parent, lit}, 2).How {
	case stream.Go:
		return gp
	case stream.GroupGo:
		return parent
	}
	return nil
}

func (c *checker) writerUse(w *pipeWriter, id *ast.Ident, stack []ast.Node) {
	// Locate the function that defines w in the stack, then the goroutine
	// literal directly inside it (if any).
	fnIdx := -1
	for i, n := range stack {
		if n == w.fn {
			fnIdx = i
		}
	}
	if fnIdx < 0 {
		w.escaped = true // cannot happen: every use is inside the defining function
		return
	}
	litIdx := -1
	for i := fnIdx + 1; i < len(stack); i++ {
		if _, ok := stack[i].(*ast.FuncLit); ok {
			litIdx = i
			break
		}
	}
	n := len(stack)
	if litIdx < 0 {
		// A use in the defining function itself: handing pw to a go func literal
		// as its argument is fine (goStmt saw it); anything else is a use
		// outside the goroutine.
		if call, ok := stack[n-1].(*ast.CallExpr); ok && w.lit != nil && call.Fun == w.lit {
			return
		}
		// Wrapped by a standard constructor that cannot close it
		// (mw := multipart.NewWriter(pw)) before the goroutine starts.
		if call, ok := stack[n-1].(*ast.CallExpr); ok && call.Fun != id && c.writerArg(call, id) {
			return
		}
		w.escaped = true
		return
	}
	lit := stack[litIdx].(*ast.FuncLit)
	if w.lit != nil && w.lit != lit {
		w.escaped = true
		return
	}
	if w.lit == nil {
		var gp ast.Node
		if litIdx >= 2 {
			gp = stack[litIdx-2]
		}
		start := c.goroutineStart(lit, stack[litIdx-1], gp)
		if start == nil || inLoop(stack[:litIdx], w.fn) {
			w.escaped = true // not a goroutine, or one of many
			return
		}
		w.lit, w.goNode = lit, start
	}
	// Nested literals inside the goroutine: only those that run in place
	// (deferred or called immediately).
	for i := litIdx + 1; i < n; i++ {
		inner, ok := stack[i].(*ast.FuncLit)
		if !ok {
			continue
		}
		call, ok := stack[i-1].(*ast.CallExpr)
		if !ok || call.Fun != inner {
			w.escaped = true
			return
		}
	}
	if call, name := methodCall(id, stack); call != nil {
		switch name {
		case "Close", "CloseWithError":
			w.closes[call] = true
			if n < 5 {
				return
			}
			if d, ok := stack[n-3].(*ast.DeferStmt); ok && name == "Close" && d.Call == call &&
				stack[n-4] == w.lit.Body && stack[n-5] == w.lit {
				w.deferClose = d
			}
			return
		case "Write":
			return
		}
		w.escaped = true
		return
	}
	// An argument of a standard-library function whose parameter cannot close it.
	if call, ok := stack[n-1].(*ast.CallExpr); ok && call.Fun != id {
		if c.writerArg(call, id) {
			return
		}
	}
	w.escaped = true
}

// inLoop reports whether the innermost node of stack is inside a loop
// within fn.
func inLoop(stack []ast.Node, fn ast.Node) bool {
	for i := len(stack) - 1; i >= 0 && stack[i] != fn; i-- {
		switch stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		}
	}
	return false
}

// ---- end of package ------------------------------------------------------------

// sortedByDef returns the values of m in source order of their definitions
// (map order would make the order of reports vary between runs).
func sortedByDef[T any](m map[*types.Var]T, def func(T) token.Pos) []T {
	vs := make([]T, 0, len(m))
	for _, v := range m {
		vs = append(vs, v)
	}
	sort.Slice(vs, func(i, j int) bool { return def(vs[i]) < def(vs[j]) })
	return vs
}
