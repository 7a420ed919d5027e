package backpressure

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/analyzerdoc"
	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/suppress"
)

//go:embed doc.go
var doc string

// Analyzer reports ignored backpressure signals of flowrt writers.
var Analyzer = &analysis.Analyzer{
	Name:      "backpressure",
	Doc:       analyzerdoc.Extract(doc, "backpressure"),
	URL:       streams.DocURL("backpressure"),
	Requires:  []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
	FactTypes: []analysis.Fact{new(SignalFact)},
	Run:       run,
}

// SignalFact marks a function that returns the backpressure signal of a
// flowrt writer (the bool of (*flowrt.Writer[T]).Write, or of another such
// function) in the listed results. Calls to it are checked like calls to
// Write.
type SignalFact struct {
	Results []int // indices of the bool results that carry the signal
}

// AFact implements analysis.Fact.
func (*SignalFact) AFact() {}

func (f *SignalFact) String() string {
	return fmt.Sprintf("backpressure signal in results %v", f.Results)
}

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

func run(pass *analysis.Pass) (any, error) {
	suppress.Install(pass)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{pass: pass, info: pass.TypesInfo, local: make(map[*types.Func][]int)}
	c.checkTryWrites(insp)

	// Fast path: most packages never touch a flowrt writer.
	found := false
	var callee ast.Expr // the Fun of the last call: a selector there is checked with the call
	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil), (*ast.SelectorExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.CallExpr:
			_, found = c.source(n)
			callee = n.Fun
		case *ast.SelectorExpr:
			if n == callee {
				continue
			}
			// A method value or a function used as a value: write := w.Write.
			if fn, ok := c.info.Uses[n.Sel].(*types.Func); ok {
				res, _ := c.funcSource(fn.Origin())
				found = len(res) > 0
			}
		}
		if found {
			break
		}
	}
	if !found {
		return nil, nil
	}

	c.findBindings(insp)
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	c.findWrappers(insp, cfgs)

	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		if c.inTest(cur) {
			continue
		}
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			fn, _ := c.info.Defs[n.Name].(*types.Func)
			if n.Body == nil || fn == nil {
				continue
			}
			if g := cfgs.FuncDecl(n); g != nil {
				c.checkFunc(n, n.Type, n.Body, fn.Type().(*types.Signature), g)
			}
		case *ast.FuncLit:
			sig, _ := c.info.TypeOf(n).(*types.Signature)
			if g := cfgs.FuncLit(n); g != nil && sig != nil {
				c.checkFunc(n, n.Type, n.Body, sig, g)
			}
		}
	}
	return nil, nil
}

// inTest reports whether the function at cur belongs to a test, benchmark
// or fuzz target, or a helper, in a _test.go file. Tests write a known
// number of items into pipes they read themselves, to put a stream in a
// given state; an unchecked Write there is deliberate. Example functions
// are documentation that users copy, and are checked.
func (c *checker) inTest(cur inspector.Cursor) bool {
	if !strings.HasSuffix(c.pass.Fset.File(cur.Node().Pos()).Name(), "_test.go") {
		return false
	}
	decl, ok := cur.Node().(*ast.FuncDecl)
	if !ok {
		for enc := range cur.Enclosing((*ast.FuncDecl)(nil)) {
			decl = enc.Node().(*ast.FuncDecl)
			break
		}
	}
	return decl == nil || !strings.HasPrefix(decl.Name.Name, "Example")
}

// findBindings finds the local function variables that are bound once to
// a method value, a function or a function literal, and only ever called:
// write := w.Write, emit := wrap.Emit, emit := func(v T) bool { ... }. A
// variable that is reassigned, whose address is taken, or that is used
// other than in a call (passed on, stored, returned) is not followed.
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

// polarity says what a signal variable was assigned: the signal, its
// negation (full := !w.Write(v)), or both (then its tests are not judged).
type polarity uint8

const (
	plain polarity = 1 << iota
	negated
)

// A discard is a statement that drops a signal.
type discard struct {
	stmt   ast.Node
	src    source
	parent ast.Node
	format string // message: the call, what the signal means, the remedy
}

// funcInfo is what checkFunc learns about one function body.
type funcInfo struct {
	c        *checker
	fn       ast.Node // *ast.FuncDecl or *ast.FuncLit
	ftype    *ast.FuncType
	body     *ast.BlockStmt
	sig      *types.Signature
	g        *cfg.CFG
	discards []discard                      // discarded signals
	assigns  []signalAssign                 // signals stored in local variables
	varKeys  map[*types.Var]map[string]bool // the source keys stored in each
	varNeg   map[*types.Var]polarity        // whether each holds the signal or its negation
	loops    []ast.Stmt                     // *ast.ForStmt and *ast.RangeStmt
	// nonBlocking holds the comm statements that do not wait for the
	// consumer: those of selects with a default, and a case <-ctx.Done()
	// (which waits for cancellation, beside the other cases).
	nonBlocking map[ast.Node]bool
	post        map[ast.Node]bool // the post statements of for loops
	clauses     []*ast.CommClause // the cases of every select
	defs        []ast.Node        // the assignments and var specs (not in closures)
	// caseOf maps each value of a case of a switch with a tag
	// (switch ok { case false: }) to its switch statement.
	caseOf map[ast.Expr]*ast.SwitchStmt

	reads, writes map[*ast.Ident]*types.Var // references to signal variables
	captured      map[*types.Var]bool       // referenced in a closure, or address taken
	declared      map[*types.Var]bool       // declared in this function (not in a closure)

	flow *errpath.Flow // the error variables along the CFG, solved when first asked
}

func (c *checker) checkFunc(fn ast.Node, ftype *ast.FuncType, body *ast.BlockStmt, sig *types.Signature, g *cfg.CFG) {
	f := &funcInfo{
		c: c, fn: fn, ftype: ftype, body: body, sig: sig, g: g,
		varKeys:     make(map[*types.Var]map[string]bool),
		nonBlocking: make(map[ast.Node]bool),
		post:        make(map[ast.Node]bool),
	}
	hasSource := false
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // checked on its own
		case *ast.CallExpr:
			if !hasSource {
				_, hasSource = c.source(n)
			}
		case *ast.ExprStmt:
			if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok {
				if s, ok := c.source(call); ok {
					f.discards = append(f.discards, discard{n, s, stack[len(stack)-1], "result of %s ignored: %s; %s"})
				}
			}
		case *ast.GoStmt:
			if s, ok := c.source(n.Call); ok {
				f.discards = append(f.discards, discard{n, s, stack[len(stack)-1], "%s in a go statement: its result is lost (%s); %s"})
			}
		case *ast.DeferStmt:
			if s, ok := c.source(n.Call); ok {
				f.discards = append(f.discards, discard{n, s, stack[len(stack)-1], "deferred %s: its result is lost (%s); %s"})
			}
		case *ast.AssignStmt, *ast.ValueSpec:
			f.defs = append(f.defs, n)
			for _, a := range c.signalAssigns(n) {
				if id, ok := a.lhs.(*ast.Ident); ok && id.Name == "_" {
					f.discards = append(f.discards, discard{n, a.src, stack[len(stack)-1],
						"result of %s assigned to _: %s, and _ = does not silence it; %s, or explain with //flowvet:ignore backpressure <reason>"})
					continue
				}
				if v := c.varOf(a.lhs); v != nil {
					f.assigns = append(f.assigns, a)
					if f.varKeys[v] == nil {
						f.varKeys[v] = make(map[string]bool)
					}
					f.varKeys[v][a.src.key()] = true
					if f.varNeg == nil {
						f.varNeg = make(map[*types.Var]polarity)
					}
					if a.neg {
						f.varNeg[v] |= negated
					} else {
						f.varNeg[v] |= plain
					}
				}
			}
		case *ast.ForStmt:
			f.loops = append(f.loops, n)
			if n.Post != nil {
				// i++ runs on every iteration: no reaction to a signal.
				f.post[n.Post] = true
			}
		case *ast.RangeStmt:
			f.loops = append(f.loops, n)
		case *ast.SelectStmt:
			f.noteSelect(n)
		case *ast.SwitchStmt:
			f.noteSwitch(n)
		}
		return true
	})
	if !hasSource {
		return
	}
	f.collectRefs()
	index := pathflow.Locate(g)
	for _, d := range f.discards {
		if !f.waitsAfter(d, index) && !f.presized(d) {
			f.reportDiscard(d)
		}
	}
	f.checkStores(index)
	f.checkTests()
}

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
func search(p pathflow.Point, enter func(*cfg.Block) step, visit func(ast.Node) step, atExit step) (reached, stopped bool) {
	return searchEdges(p, nil, enter, visit, atExit)
}

// searchEdges is search with edge, if not nil, saying whether a path may
// take an edge (a branch a test of the watched value rules out).
func searchEdges(p pathflow.Point, edge func(from, to *cfg.Block) bool, enter func(*cfg.Block) step, visit func(ast.Node) step, atExit step) (reached, stopped bool) {
	if p.Index == 0 {
		switch enter(p.Block) {
		case stop:
			return false, true
		case found:
			return true, false
		}
	}
	type none struct{}
	var edgeFn func(from, to *cfg.Block, s none) (none, bool)
	if edge != nil {
		edgeFn = func(from, to *cfg.Block, s none) (none, bool) { return s, edge(from, to) }
	}
	pathflow.Walk(p, none{}, pathflow.Walker[none]{
		Edge: edgeFn,
		Enter: func(b *cfg.Block, s none) (none, bool) {
			if reached {
				return s, false
			}
			switch enter(b) {
			case stop:
				stopped = true
				return s, false
			case found:
				reached = true
				return s, false
			}
			return s, true
		},
		Node: func(_ *cfg.Block, n ast.Node, s none) (none, bool) {
			if reached {
				return s, false
			}
			switch visit(n) {
			case stop:
				stopped = true
				return s, false
			case found:
				reached = true
				return s, false
			}
			return s, true
		},
		Exit: func(*cfg.Block, none) {
			switch atExit {
			case stop:
				stopped = true
			case found:
				reached = true
			}
		},
	})
	return reached, stopped
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
			continue
		}
		p, ok := index[a.node]
		if !ok {
			continue // dead code
		}
		over, readSomewhere := search(pathflow.Point{Block: p.Block, Index: p.Index + 1}, noEnter, func(n ast.Node) step {
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
				Pos: a.lhs.Pos(), End: a.lhs.End(),
				Message: fmt.Sprintf("result of %s stored in %s is overwritten before it is read on some path: %s, and that false is lost; check %s and %s",
					a.src.name(), v.Name(), a.src.what(), v.Name(), a.src.remedy()),
			})
		case !readSomewhere:
			f.c.pass.Report(analysis.Diagnostic{
				Pos: a.lhs.Pos(), End: a.lhs.End(),
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
					Pos: a.lhs.Pos(), End: a.lhs.End(),
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
// successReturn) on a path from the node at p, before the path reads or
// writes v, looks at the context (if ctx.Err() != nil { return nil } gives
// up on cancellation), or waits (return w.Drain(ctx): whatever the Write
// said); nil if there is none. The function's error variables are
// followed along each path (errpath.Flow), so in `if err != nil { ... };
// return err` the return fails on the paths through the branch.
func (f *funcInfo) successPath(p pathflow.Point, v *types.Var) *ast.ReturnStmt {
	flow := f.errFlow()
	var bits pathflow.Bits
	if flow != nil {
		node := p.Block.Nodes[p.Index]
		before, ok := flow.Before(node)
		if !ok {
			return nil // dead code
		}
		bits = flow.Step(node, before)
	}
	var ret *ast.ReturnStmt
	pathflow.Walk(pathflow.Point{Block: p.Block, Index: p.Index + 1}, bits, pathflow.Walker[pathflow.Bits]{
		Edge: func(from, to *cfg.Block, s pathflow.Bits) (pathflow.Bits, bool) {
			if ret != nil {
				return s, false
			}
			if flow != nil {
				s = flow.Edge(from, to, s)
			}
			return s, true
		},
		Node: func(_ *cfg.Block, n ast.Node, s pathflow.Bits) (pathflow.Bits, bool) {
			if ret != nil {
				return s, false
			}
			if read, write := f.refs(n, v); read || write {
				return s, false
			}
			if f.observesContext(n) || f.waits(n, true) {
				return s, false
			}
			if r, ok := n.(*ast.ReturnStmt); ok {
				var facts errpath.Facts
				if flow != nil {
					facts = flow.Facts(s)
				}
				if f.successReturn(r, facts) {
					ret = r
					return s, false
				}
			}
			if flow != nil {
				s = flow.Step(n, s)
			}
			return s, true
		},
	})
	return ret
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

// errFlow returns errpath.Flow for the function, solved once, when first
// asked; nil when the function has no error result.
func (f *funcInfo) errFlow() *errpath.Flow {
	if errpath.ErrorResult(f.sig) < 0 {
		return nil
	}
	if f.flow == nil {
		f.flow = errpath.NewFlow(f.c.info, f.fn, f.g)
	}
	return f.flow
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
// followed by w.Drain(ctx) behaves like Send, whatever Write returned.
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
	again, _ := search(pathflow.Point{Block: p.Block, Index: p.Index + 1}, noEnter, func(n ast.Node) step {
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

// reportDiscard reports a discarded signal, with a fix when it is safe.
func (f *funcInfo) reportDiscard(d discard) {
	s := d.src
	diag := analysis.Diagnostic{
		Pos: s.call.Pos(), End: s.call.End(),
		Message: fmt.Sprintf(d.format, s.name(), s.what(), s.remedy()),
	}
	if fix, ok := f.sendFix(d.stmt, s, d.parent); ok {
		diag.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	f.c.pass.Report(diag)
}
