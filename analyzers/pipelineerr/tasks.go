package pipelineerr

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// A task is a func() literal a function returns for its callers to run
// later (chromedp's readOutputTo returns the copy of Chrome's remaining
// output, and its caller runs it in a.wg.Go). When every caller in the
// package runs that result only inside a goroutine, the literal's body is
// a goroutine body like a go func literal's, and the fire-and-forget rule
// applies to it (PS-fireforget).

// taskResult is one result of a function of this package.
type taskResult struct {
	fn  *types.Func
	idx int
}

// goroutineTask reports whether lit, whose ancestors are stack (the
// innermost last), is a func() literal that the function declared around
// it returns as result k, directly or through a local, and that every
// caller in the package runs only inside a goroutine.
func (c *checker) goroutineTask(lit *ast.FuncLit, stack []ast.Node) bool {
	info := c.pass.TypesInfo
	if lit.Type.Params.NumFields() > 0 || lit.Type.Results.NumFields() > 0 || len(stack) < 2 {
		return false
	}
	var decl *ast.FuncDecl
	for i := len(stack) - 1; i >= 0 && decl == nil; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit:
			return false // returned by a literal: its callers are not followed
		case *ast.FuncDecl:
			decl = n
		}
	}
	if decl == nil || decl.Body == nil {
		return false
	}
	fn, ok := info.Defs[decl.Name].(*types.Func)
	if !ok || fn.Exported() {
		return false
	}
	// The results lit reaches: a return of lit itself, or of the local it
	// is assigned to.
	var local *types.Var
	idx := -1
	switch p := stack[len(stack)-1].(type) {
	case *ast.ReturnStmt:
		for i, r := range p.Results {
			if ast.Unparen(r) == lit {
				idx = i
			}
		}
	case *ast.AssignStmt:
		for i, r := range p.Rhs {
			if ast.Unparen(r) == lit && len(p.Lhs) == len(p.Rhs) {
				if id, ok := ast.Unparen(p.Lhs[i]).(*ast.Ident); ok {
					local, _ = info.ObjectOf(id).(*types.Var)
				}
			}
		}
		if local == nil {
			return false
		}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				for i, r := range n.Results {
					if id, ok := ast.Unparen(r).(*ast.Ident); ok && info.Uses[id] == local {
						if idx >= 0 && idx != i {
							idx = -2 // at two places: not followed
						} else if idx != -2 {
							idx = i
						}
					}
				}
			}
			return true
		})
	}
	if idx < 0 {
		return false
	}
	if c.goroutineTasks == nil {
		c.goroutineTasks = c.findGoroutineTasks()
	}
	return c.goroutineTasks[taskResult{fn, idx}]
}

// findGoroutineTasks returns the results of this package's functions that
// every call assigns to a local (or to _) that is only ever called inside
// a goroutine: go t(), or t() in a goroutine literal.
func (c *checker) findGoroutineTasks() map[taskResult]bool {
	info := c.pass.TypesInfo
	tasks := make(map[taskResult]bool)
	holders := make(map[*types.Var]taskResult)      // locals a call's task result is assigned to
	calls := make(map[*ast.Ident]bool)              // uses of a function as the callee of such an assignment
	assigned := make(map[*ast.Ident]bool)           // the left-hand sides of those assignments
	forwards := make(map[*types.Func][]*types.Func) // f -> the functions that return f's results as their own
	var stack []ast.Node
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			if ret, ok := n.(*ast.ReturnStmt); ok {
				c.noteForward(ret, stack, calls, forwards)
				return true
			}
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Rhs) != 1 || as.Tok != token.ASSIGN && as.Tok != token.DEFINE {
				return true
			}
			call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
			if !ok {
				return true
			}
			id, ok := ast.Unparen(call.Fun).(*ast.Ident)
			if !ok {
				return true
			}
			fn, ok := info.Uses[id].(*types.Func)
			if !ok || fn.Pkg() != c.pass.Pkg {
				return true
			}
			calls[id] = true
			for k, l := range as.Lhs {
				lid, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					tasks[taskResult{fn, k}] = false // a field or element: its runs are not followed
					continue
				}
				assigned[lid] = true
				if v, ok := info.ObjectOf(lid).(*types.Var); ok {
					holders[v] = taskResult{fn, k}
					if _, seen := tasks[taskResult{fn, k}]; !seen {
						tasks[taskResult{fn, k}] = true
					}
				}
			}
			return true
		})
	}
	// A function used other than as such a callee hands its results
	// somewhere unseen.
	used := make(map[*types.Func]bool)
	escapes := make(map[*types.Func]bool) // used other than as such a callee
	for id, obj := range info.Uses {
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() == c.pass.Pkg {
			used[fn] = true
		}
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() == c.pass.Pkg && !calls[id] {
			escapes[fn] = true
			for k := range tasks {
				if k.fn == fn {
					tasks[k] = false
				}
			}
		}
	}
	// A function g that returns f(...) as its own results passes f's tasks
	// on to g's callers: f's result k is a goroutine task when g's is, or
	// when g is unexported and never called (nobody runs it).
	for range 4 {
		for f, gs := range forwards {
			for k := 0; k < f.Type().(*types.Signature).Results().Len(); k++ {
				ok, seen := tasks[taskResult{f, k}]
				if !seen {
					ok = !escapes[f]
				}
				for _, g := range gs {
					gok, gseen := tasks[taskResult{g, k}]
					if g.Exported() || gseen && !gok || !gseen && used[g] {
						ok = false
					}
				}
				tasks[taskResult{f, k}] = ok
			}
		}
	}
	// Each use of a holder must be a call in a goroutine.
	for _, f := range c.pass.Files {
		stack = stack[:0]
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			v, ok := info.Uses[id].(*types.Var)
			if !ok {
				return true
			}
			r, ok := holders[v]
			if ok && !assigned[id] && !c.nilTested(stack) && !c.calledInGoroutine(stack) {
				tasks[r] = false
			}
			return true
		})
	}
	return tasks
}

// calledInGoroutine reports whether the identifier at the top of stack is
// the callee of a call without arguments that runs in a goroutine: go t(),
// or t() inside a goroutine literal (go func(){...}(), wg.Go(func(){...})).
func (c *checker) calledInGoroutine(stack []ast.Node) bool {
	n := len(stack)
	if n < 3 {
		return false
	}
	call, ok := stack[n-2].(*ast.CallExpr)
	if !ok || call.Fun != stack[n-1] || len(call.Args) > 0 {
		return false
	}
	if _, ok := stack[n-3].(*ast.GoStmt); ok {
		return true
	}
	for i := n - 3; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl:
			return false
		case *ast.FuncLit:
			return c.litStart(stack, i) != nil
		}
	}
	return false
}

// noteForward records `return f(...)` in a function g declared in the
// package (not in a literal), f of this package: g returns f's results as
// its own.
func (c *checker) noteForward(ret *ast.ReturnStmt, stack []ast.Node, calls map[*ast.Ident]bool, forwards map[*types.Func][]*types.Func) {
	if len(ret.Results) != 1 {
		return
	}
	call, ok := ast.Unparen(ret.Results[0]).(*ast.CallExpr)
	if !ok {
		return
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return
	}
	f, ok := c.pass.TypesInfo.Uses[id].(*types.Func)
	if !ok || f.Pkg() != c.pass.Pkg {
		return
	}
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit:
			return
		case *ast.FuncDecl:
			if g, ok := c.pass.TypesInfo.Defs[n.Name].(*types.Func); ok {
				calls[id] = true
				forwards[f] = append(forwards[f], g)
			}
			return
		}
	}
}

// nilTested reports whether the identifier at the top of stack is an
// operand of a comparison with nil (copy != nil), which does not run it.
func (c *checker) nilTested(stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	b, ok := stack[len(stack)-2].(*ast.BinaryExpr)
	if !ok || b.Op != token.EQL && b.Op != token.NEQ {
		return false
	}
	return streams.IsNil(c.pass.TypesInfo, b.X) || streams.IsNil(c.pass.TypesInfo, b.Y)
}
