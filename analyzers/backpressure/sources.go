package backpressure

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// A source is a call whose result carries a backpressure signal.
type source struct {
	call    *ast.CallExpr
	fn      *types.Func      // the function or method called, nil for a function literal
	sig     *types.Signature // the signature of what is called
	results []int            // indices of the signal results
	write   bool             // a direct (*flowrt.Writer[T]).Write
	// recv is the receiver of a method (the writer, for Write): of the call
	// (w.Write(v)), of the method value a variable is bound to (write :=
	// w.Write), or the first argument of a method expression.
	recv ast.Expr
	args []ast.Expr   // the arguments after the receiver
	via  *types.Var   // the local function variable called, if any
	lit  *ast.FuncLit // the function literal via is bound to, if any
}

// single reports whether the call has one result, the signal.
func (s source) single() bool {
	return len(s.results) == 1 && s.results[0] == 0 && s.sig.Results().Len() == 1
}

// name is how messages refer to the call: "w.Write", "emit", "p.Emit".
func (s source) name() string { return types.ExprString(s.call.Fun) }

// key identifies what a source writes to: the same writer expression for
// Write, the same function for a wrapper, the same variable for a function
// literal.
func (s source) key() string {
	switch {
	case s.write:
		return "w:" + types.ExprString(s.recv)
	case s.fn != nil:
		return "f:" + s.fn.FullName()
	}
	return fmt.Sprintf("v:%s@%d", s.via.Name(), s.via.Pos())
}

// remedy says what to do instead.
func (s source) remedy() string {
	if s.write {
		recv := types.ExprString(s.recv)
		arg := "v"
		if len(s.args) == 1 {
			if a := types.ExprString(s.args[0]); len(a) <= 24 {
				arg = a
			}
		}
		return fmt.Sprintf("call %s.Send(ctx, %s), or wait with %s.Drain(ctx) when it returns false", recv, arg, recv)
	}
	return "when it returns false, stop writing and wait with the writer's Drain(ctx), or return"
}

// what says what the signal means.
func (s source) what() string {
	if s.write {
		return "false means the buffer reached its high-water mark"
	}
	return "it returns a flowrt writer's backpressure signal: false means the buffer reached its high-water mark"
}

type checker struct {
	pass  *analysis.Pass
	info  *types.Info
	local map[*types.Func][]int // signal wrappers declared in this package
	// bound holds the local function variables bound once, and never
	// reassigned nor used other than by calling them, to a method value, a
	// function or a function literal.
	bound map[*types.Var]*binding
	// reassigned holds the local variables assigned other than where they
	// are declared; addressed those whose address is taken.
	reassigned map[*types.Var]bool
	addressed  map[*types.Var]bool
	// pipeWriters holds the writers made by NewPipe or NewBytePipe in
	// this package.
	pipeWriters map[*types.Var]bool
	// pipeCalls holds the NewPipe call that made each writer of
	// pipeWriters (NewPipe only: a byte pipe measures bytes).
	pipeCalls map[*types.Var]*ast.CallExpr
}

// A binding is what a local function variable was bound to.
type binding struct {
	fn      *types.Func  // a method value or a function: write := w.Write, emit := wrap.Emit
	recv    ast.Expr     // the receiver of a method value
	lit     *ast.FuncLit // or a function literal: emit := func(v T) bool { return w.Write(v) }
	sig     *types.Signature
	results []int // for a literal: the signal results, once known
}

// funcSource says whether calls of fn return a signal, and in which results.
func (c *checker) funcSource(fn *types.Func) (results []int, write bool) {
	if fn.Name() == "Write" && streams.IsMethod(fn, streams.FlowrtPath, "Writer", "Write") {
		return []int{0}, true
	}
	if res, ok := c.local[fn]; ok {
		return res, false
	}
	if fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg {
		var f SignalFact
		if c.pass.ImportObjectFact(fn, &f) && len(f.Results) > 0 {
			return f.Results, false
		}
	}
	return nil, false
}

// source reports whether call is a source of a backpressure signal.
func (c *checker) source(call *ast.CallExpr) (source, bool) {
	fn := streams.Callee(c.info, call)
	if fn == nil {
		return c.boundSource(call)
	}
	res, write := c.funcSource(fn)
	if len(res) == 0 {
		return source{}, false
	}
	s := source{call: call, fn: fn, sig: fn.Type().(*types.Signature), results: res, write: write, args: call.Args}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if selection, ok := c.info.Selections[sel]; ok {
			switch selection.Kind() {
			case types.MethodVal:
				s.recv = sel.X
			case types.MethodExpr:
				// (*flowrt.Writer[T]).Write(w, v)
				if len(call.Args) == 0 {
					return source{}, false
				}
				s.recv, s.args = call.Args[0], call.Args[1:]
				s.sig = c.info.TypeOf(call.Fun).(*types.Signature)
			}
		}
	}
	return s, true
}

// boundSource reports whether call calls a local function variable bound
// to a source.
func (c *checker) boundSource(call *ast.CallExpr) (source, bool) {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return source{}, false
	}
	v, _ := c.info.Uses[id].(*types.Var)
	b := c.bound[v]
	if b == nil {
		return source{}, false
	}
	s := source{call: call, sig: b.sig, via: v, args: call.Args}
	if b.lit != nil {
		s.lit, s.results = b.lit, b.results
	} else {
		s.fn, s.recv = b.fn, b.recv
		s.results, s.write = c.funcSource(b.fn)
	}
	if len(s.results) == 0 {
		return source{}, false
	}
	return s, true
}

// singleSource returns the source if e is a call of one with a single
// (signal) result.
func (c *checker) singleSource(e ast.Expr) (source, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return source{}, false
	}
	s, ok := c.source(call)
	if !ok || !s.single() {
		return source{}, false
	}
	return s, true
}

// A signalAssign is one assignment of a signal to lhs.
type signalAssign struct {
	node ast.Node // *ast.AssignStmt or *ast.ValueSpec
	lhs  ast.Expr
	src  source
	neg  bool // lhs holds the negation: full := !w.Write(v)
}

// signalAssigns lists the signals that an assignment or var spec stores.
func (c *checker) signalAssigns(n ast.Node) []signalAssign {
	if as, ok := n.(*ast.AssignStmt); ok && as.Tok != token.ASSIGN && as.Tok != token.DEFINE {
		return nil
	}
	lhs, rhs := assignment(n)
	if lhs == nil {
		return nil
	}
	var out []signalAssign
	if len(lhs) == len(rhs) {
		for i, r := range rhs {
			if s, neg, ok := c.maybeNegated(r); ok {
				out = append(out, signalAssign{n, lhs[i], s, neg})
			}
		}
	} else if len(rhs) == 1 {
		if call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr); ok {
			if s, ok := c.source(call); ok {
				for _, i := range s.results {
					if i < len(lhs) {
						out = append(out, signalAssign{n, lhs[i], s, false})
					}
				}
			}
		}
	}
	return out
}

// maybeNegated returns the source if e is a call of one with a single
// (signal) result, or its negation (!w.Write(v), w.Write(v) == false),
// and whether e is negated.
func (c *checker) maybeNegated(e ast.Expr) (s source, neg, ok bool) {
	e = ast.Unparen(e)
	for {
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			neg = !neg
			e = ast.Unparen(u.X)
			continue
		}
		if b, ok := e.(*ast.BinaryExpr); ok && (b.Op == token.EQL || b.Op == token.NEQ) {
			x, lit, ok := b.X, false, false
			if lit, ok = boolConstOf(c.info, b.Y); !ok {
				x = b.Y
				lit, ok = boolConstOf(c.info, b.X)
			}
			if ok {
				if (b.Op == token.EQL) != lit {
					neg = !neg
				}
				e = ast.Unparen(x)
				continue
			}
		}
		break
	}
	s, ok = c.singleSource(e)
	return s, neg, ok
}

func boolConstOf(info *types.Info, e ast.Expr) (bool, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(tv.Value), true
}

func (c *checker) varOf(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	obj := c.info.Defs[id]
	if obj == nil {
		obj = c.info.Uses[id]
	}
	v, _ := obj.(*types.Var)
	if v == nil || v.IsField() || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
		return nil // not a local variable
	}
	return v
}

// findBindings finds the local function variables that are bound once to
// a method value, a function or a function literal, and only ever called:
// write := w.Write, emit := wrap.Emit, emit := func(v T) bool { ... }. A
// variable that is reassigned, whose address is taken, or that is used
// other than in a call (passed on, stored, returned) is not followed
// (BS-funcvar).
func (c *checker) findBindings(insp *inspector.Inspector) {
	c.bound = make(map[*types.Var]*binding)
	c.reassigned = make(map[*types.Var]bool)
	c.addressed = make(map[*types.Var]bool)
	c.pipeWriters = make(map[*types.Var]bool)
	c.pipeCalls = make(map[*types.Var]*ast.CallExpr)
	called := make(map[*ast.Ident]bool)
	escaped := make(map[*types.Var]bool)
	assign := func(lhs, rhs []ast.Expr, define bool) {
		for i, e := range lhs {
			v := c.varOf(e)
			if v == nil {
				continue
			}
			if id, ok := ast.Unparen(e).(*ast.Ident); !ok || c.info.Defs[id] == nil {
				c.reassigned[v] = true
				continue
			}
			if !define || len(lhs) != len(rhs) {
				continue
			}
			if _, ok := v.Type().Underlying().(*types.Signature); !ok {
				continue
			}
			if b := c.bindingOf(rhs[i]); b != nil {
				c.bound[v] = b
			}
		}
	}
	for cur := range insp.Root().Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.IncDecStmt)(nil),
		(*ast.RangeStmt)(nil), (*ast.UnaryExpr)(nil), (*ast.CallExpr)(nil), (*ast.Ident)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			c.notePipe(n)
			assign(n.Lhs, n.Rhs, n.Tok == token.DEFINE)
		case *ast.ValueSpec:
			c.notePipe(n)
			if len(n.Values) > 0 {
				lhs := make([]ast.Expr, len(n.Names))
				for i, id := range n.Names {
					lhs[i] = id
				}
				assign(lhs, n.Values, true)
			}
		case *ast.IncDecStmt:
			assign([]ast.Expr{n.X}, nil, false)
		case *ast.RangeStmt:
			var lhs []ast.Expr
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if e != nil {
					lhs = append(lhs, e)
				}
			}
			assign(lhs, nil, false)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if v := c.varOf(n.X); v != nil {
					c.addressed[v] = true
				}
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
				called[id] = true
			}
		case *ast.Ident:
			// Preorder visits a call before the identifier it calls.
			if v, ok := c.info.Uses[n].(*types.Var); ok && !called[n] {
				escaped[v] = true
			}
		}
	}
	for v := range c.bound {
		if c.reassigned[v] || c.addressed[v] || escaped[v] {
			delete(c.bound, v)
		}
	}
}

// bindingOf returns what a function variable assigned e is bound to, or
// nil: a method value (w.Write, p.Emit), a function (wrap.Emit) or a
// function literal with a bool result.
func (c *checker) bindingOf(e ast.Expr) *binding {
	switch e := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		sig, _ := c.info.TypeOf(e).(*types.Signature)
		if sig == nil {
			return nil
		}
		for i := range sig.Results().Len() {
			if isBool(sig.Results().At(i).Type()) {
				return &binding{lit: e, sig: sig}
			}
		}
		return nil
	case *ast.SelectorExpr:
		fn, ok := c.info.Uses[e.Sel].(*types.Func)
		if !ok {
			return nil
		}
		b := &binding{fn: fn.Origin(), sig: fn.Type().(*types.Signature)}
		if sel, ok := c.info.Selections[e]; ok {
			if sel.Kind() != types.MethodVal {
				return nil // a method expression as a value: not followed
			}
			b.recv = e.X
		}
		return b
	case *ast.Ident:
		if fn, ok := c.info.Uses[e].(*types.Func); ok {
			return &binding{fn: fn.Origin(), sig: fn.Type().(*types.Signature)}
		}
	}
	return nil
}
