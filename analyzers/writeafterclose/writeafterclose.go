package writeafterclose

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/analyzerdoc"
	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/suppress"
	"github.com/flowvet/flowvet/analyzers/internal/typestate"
)

//go:embed doc.go
var docGo string

// Analyzer reports writes to a stream after it was closed.
var Analyzer = &analysis.Analyzer{
	Name:      "writeafterclose",
	Doc:       analyzerdoc.Extract(docGo, "writeafterclose"),
	URL:       streams.DocURL("writeafterclose"),
	Requires:  []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(closesParams)},
}

// closesParams is the fact of a function that closes some of its
// parameters on every path that returns: a caller's argument there is
// closed once the call returns.
type closesParams struct {
	Params []int // indexes into the signature's parameters
}

func (*closesParams) AFact() {}

func (f *closesParams) String() string { return fmt.Sprintf("closesParams%v", f.Params) }

type evKind uint8

const (
	evClose  evKind = iota // v is closed
	evWrite                // v is written (directly, or through the wrapper via)
	evKill                 // v gets a new value
	evTouch                // v (a struct) is handed to a call: its fields may change
	evOpaque               // a call into code that could change any field (v is nil)
)

type event struct {
	kind     evKind
	v        *types.Var
	via      *types.Var // wrapper written through, for evWrite
	viaClose bool       // the write is via.Close(), a no-op if via is closed
	flush    bool       // the call is a Flush, a no-op on an idle bufio or csv writer
	errArg   ast.Expr   // the argument of CloseWithError
	sync     bool       // evOpaque: a synchronization point (lock, channel, go): other goroutines may have changed any field
	deferred bool       // registered by a defer statement: runs at return
	pos      token.Pos
	desc     string // what the call is, for messages ("f.Write", "closeFile(f)")
	call     string // the call as a remedy names it, when not desc+"()" ("closeFile(f)", "cleanup()")
	idx      int    // index among the body's deferred writes, or -1
	used     bool   // the call's results are looked at
}

// varInfo is what the whole package says about a local variable.
type varInfo struct {
	fn        ast.Node // innermost FuncDecl or FuncLit declaring it
	assigns   int      // number of assignments (definitions with a value included)
	untracked bool     // address taken, assigned in another function, captured by a closure we cannot follow (WS-escapes)
	wraps     *types.Var
	wrapKind  string // "gzip", "bufio", ... when wraps != nil
	through   string // the anonymous writers in between: "gzip" for tar.NewWriter(gzip.NewWriter(f))
	noWrap    bool   // an assignment that is not a wrapper constructor of the same target, or a Reset
	closure   *ast.FuncLit
	escLits   []*ast.FuncLit // closures we cannot follow that mention it
	calls     int            // uses as the callee of a call (not go)
	uses      int            // all uses
	param     int            // 1 for a parameter (bound once by the call)
	known     int            // assignments of a value whose Close is known to end writing
	def       ast.Expr       // the value it is declared with (:= or var), if any
}

type summary struct {
	closes []*types.Var // captured variables closed on every path that returns
	writes []event      // writes to captured variables
	touch  []*types.Var // captured variables it mentions (their fields may change)
	opaque bool         // it calls code that could change any field
	sync   bool         // it locks, waits or uses a channel
	done   bool
}

type checker struct {
	pass     *analysis.Pass
	info     *types.Info
	cfgs     *ctrlflow.CFGs
	vars     map[*types.Var]*varInfo
	wrappers map[*types.Var][]*types.Var // target -> wrappers
	lits     map[*ast.FuncLit]*summary
	facts    map[*types.Func][]int // this package's functions
	inFacts  bool                  // computing facts: do not consult summaries of lits
	reported map[token.Pos]bool
	diags    []analysis.Diagnostic

	// Fields of locals: x.f is tracked like a variable of its own
	// (a synthetic *types.Var) while x and x.f are not touched.
	synth      map[fieldKey]*types.Var
	synthOf    map[*types.Var]fieldKey
	fieldWraps map[*types.Var]*types.Var // field A = ctor(field B) -> B; nil: ambiguous
	fieldSet   map[*types.Var]bool       // fields assigned somewhere in the package
}

func run(pass *analysis.Pass) (any, error) {
	suppress.Install(pass)
	c := &checker{
		pass:     pass,
		info:     pass.TypesInfo,
		cfgs:     pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs),
		vars:     make(map[*types.Var]*varInfo),
		wrappers: make(map[*types.Var][]*types.Var),
		lits:     make(map[*ast.FuncLit]*summary),
		facts:    make(map[*types.Func][]int),
		reported: make(map[token.Pos]bool),

		synth:      make(map[fieldKey]*types.Var),
		synthOf:    make(map[*types.Var]fieldKey),
		fieldWraps: make(map[*types.Var]*types.Var),
		fieldSet:   make(map[*types.Var]bool),
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	bodies := c.collect(ins)
	c.computeFacts(bodies)
	if streams.FactsOnly() {
		return nil, nil
	}
	for _, b := range bodies {
		c.checkBody(b)
	}
	sort.Slice(c.diags, func(i, j int) bool { return c.diags[i].Pos < c.diags[j].Pos })
	for _, d := range c.diags {
		pass.Report(d)
	}
	return nil, nil
}

type body struct {
	fn    ast.Node // *ast.FuncDecl or *ast.FuncLit
	g     *cfg.CFG
	evs   map[ast.Node][]event
	enter map[*cfg.Block][]event
	paths *typestate.Func // the path engine, once needed
}

// local returns the local variable id denotes, or nil.
func (c *checker) local(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := c.info.Uses[id].(*types.Var)
	if !ok {
		v, ok = c.info.Defs[id].(*types.Var)
	}
	if !ok || v.IsField() || v.Pkg() != c.pass.Pkg || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	return v
}

// collect walks the package once: it records where variables are declared
// and assigned, which are wrappers of which, which closures can be
// followed, and returns every function body with a CFG.
func (c *checker) collect(ins *inspector.Inspector) []*body {
	var bodies []*body
	var unfollowed []*ast.FuncLit
	filter := []ast.Node{
		(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.AssignStmt)(nil),
		(*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil), (*ast.UnaryExpr)(nil),
		(*ast.CallExpr)(nil), (*ast.Field)(nil), (*ast.CompositeLit)(nil),
		(*ast.IncDecStmt)(nil),
	}
	enclosing := func(stack []ast.Node) ast.Node {
		for i := len(stack) - 1; i >= 0; i-- {
			switch stack[i].(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				return stack[i]
			}
		}
		return nil
	}
	assign := func(lhs ast.Expr, rhs ast.Expr, fn ast.Node) {
		v := c.local(lhs)
		if v == nil {
			return
		}
		info := c.vi(v)
		info.assigns++
		if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && rhs != nil && c.info.Defs[id] == v {
			info.def = rhs
		}
		if info.fn != nil && info.fn != fn {
			info.untracked = true
		}
		if rhs != nil && c.knownSource(rhs) {
			info.known++
		}
		if lit, ok := ast.Unparen(rhs).(*ast.FuncLit); ok && rhs != nil {
			info.closure = lit
		}
		if rhs == nil {
			info.noWrap = true
			return
		}
		call, ok := ast.Unparen(rhs).(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			info.noWrap = true
			return
		}
		kind := wrapperKind(streams.Callee(c.info, call))
		arg, through := c.innermost(call.Args[0])
		target := c.local(arg)
		if target == nil {
			target = c.fieldTarget(arg)
		}
		if kind == "" || target == nil || (info.wraps != nil && (info.wraps != target || info.through != through)) {
			info.noWrap = true
			return
		}
		info.wraps, info.wrapKind, info.through = target, kind, through
	}
	ctorArg := func(e ast.Expr) ast.Expr {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) == 0 || wrapperKind(streams.Callee(c.info, call)) == "" {
			return nil
		}
		arg, _ := c.innermost(call.Args[0])
		return arg
	}
	ins.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		switch n := n.(type) {
		case *ast.CompositeLit:
			// T{f: f, bw: bufio.NewWriter(f)}: bw wraps f.
			byValue := make(map[types.Object]*types.Var)
			type ctorField struct {
				field *types.Var
				arg   types.Object
			}
			var ctors []ctorField
			for _, elt := range n.Elts {
				kv, ok := elt.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				key, ok := kv.Key.(*ast.Ident)
				if !ok {
					continue
				}
				fv, ok := c.info.Uses[key].(*types.Var)
				if !ok || !fv.IsField() {
					continue
				}
				if id, ok := ast.Unparen(kv.Value).(*ast.Ident); ok {
					if obj := c.info.Uses[id]; obj != nil {
						byValue[obj] = fv
					}
				}
				if arg := ctorArg(kv.Value); arg != nil {
					if id, ok := ast.Unparen(arg).(*ast.Ident); ok && c.info.Uses[id] != nil {
						ctors = append(ctors, ctorField{fv, c.info.Uses[id]})
					}
				}
			}
			for _, cf := range ctors {
				if b := byValue[cf.arg]; b != nil {
					c.noteFieldWrap(cf.field, b)
				}
			}
		case *ast.FuncDecl:
			if n.Body != nil {
				bodies = append(bodies, &body{fn: n, g: c.cfgs.FuncDecl(n)})
			}
		case *ast.FuncLit:
			bodies = append(bodies, &body{fn: n, g: c.cfgs.FuncLit(n)})
			if !c.followable(stack) {
				unfollowed = append(unfollowed, n)
			}
		case *ast.Field:
			// Parameters and results belong to the function whose type
			// they are in; declare them there.
			fn := enclosing(stack)
			for _, name := range n.Names {
				if v, ok := c.info.Defs[name].(*types.Var); ok && !v.IsField() {
					c.vi(v).fn = fn
					c.vi(v).param = 1
				}
			}
		case *ast.AssignStmt:
			fn := enclosing(stack)
			for _, l := range n.Lhs {
				if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok {
					if s, ok := c.info.Selections[sel]; ok && s.Kind() == types.FieldVal {
						if f, ok := s.Obj().(*types.Var); ok {
							c.fieldSet[f] = true
						}
					}
				}
			}
			if len(n.Lhs) == len(n.Rhs) {
				// x.bw = bufio.NewWriter(x.f): bw wraps f.
				for i, l := range n.Lhs {
					if ka, ok := c.fieldPath(l); ok {
						if arg := ctorArg(n.Rhs[i]); arg != nil {
							if kb, ok := c.fieldPath(arg); ok && kb.parent() == ka.parent() {
								c.noteFieldWrap(ka.last(), kb.last())
							}
						}
					}
				}
			}
			if n.Tok == token.DEFINE {
				for _, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						if v, ok := c.info.Defs[id].(*types.Var); ok {
							c.vi(v).fn = fn
						}
					}
				}
			}
			if n.Tok != token.DEFINE && n.Tok != token.ASSIGN {
				for _, l := range n.Lhs {
					assign(l, nil, fn)
				}
				break
			}
			for i, l := range n.Lhs {
				var r ast.Expr
				if len(n.Rhs) == len(n.Lhs) {
					r = n.Rhs[i]
				} else if i == 0 && len(n.Rhs) == 1 {
					r = n.Rhs[0] // w, err := gzip.NewWriterLevel(f, l)
				}
				assign(l, r, fn)
			}
		case *ast.ValueSpec:
			fn := enclosing(stack)
			for i, name := range n.Names {
				if v, ok := c.info.Defs[name].(*types.Var); ok {
					c.vi(v).fn = fn
				}
				if len(n.Values) == len(n.Names) {
					assign(name, n.Values[i], fn)
				} else if i == 0 && len(n.Values) == 1 {
					assign(name, n.Values[0], fn)
				} else if len(n.Values) > 0 {
					assign(name, nil, fn)
				}
			}
		case *ast.RangeStmt:
			fn := enclosing(stack)
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if e == nil {
					continue
				}
				if id, ok := e.(*ast.Ident); ok && n.Tok == token.DEFINE {
					if v, ok := c.info.Defs[id].(*types.Var); ok {
						c.vi(v).fn = fn
					}
				}
				assign(e, nil, fn)
			}
		case *ast.IncDecStmt:
			assign(n.X, nil, enclosing(stack))
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if v := c.local(n.X); v != nil {
					c.vi(v).untracked = true
				}
			}
		case *ast.CallExpr:
			if v := c.local(n.Fun); v != nil {
				if _, isGo := stack[len(stack)-2].(*ast.GoStmt); !isGo {
					c.vi(v).calls++
				}
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "Reset" || sel.Sel.Name == "SetOutput") {
				x := ast.Unparen(sel.X)
				if ta, ok := x.(*ast.TypeAssertExpr); ok {
					x = ta.X
				}
				if v := c.local(x); v != nil {
					c.vi(v).noWrap = true
				}
			}
		}
		return true
	})
	// Count uses of closure variables: a closure is followed only if every
	// use of its variable calls it.
	for _, obj := range c.info.Uses {
		if v, ok := obj.(*types.Var); ok {
			if info := c.vars[v]; info != nil && info.closure != nil {
				info.uses++
			}
		}
	}
	for _, info := range c.vars {
		if info.closure != nil && (info.assigns != 1 || info.uses != info.calls || info.untracked) {
			unfollowed = append(unfollowed, info.closure)
			info.closure = nil
		}
	}
	// A variable that a closure we cannot follow mentions is not checked.
	for _, lit := range unfollowed {
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v := c.local(id); v != nil && (v.Pos() < lit.Pos() || v.Pos() >= lit.End()) {
					info := c.vi(v)
					if !slices.Contains(info.escLits, lit) {
						info.escLits = append(info.escLits, lit)
					}
				}
			}
			return true
		})
	}
	for v, info := range c.vars {
		if t := c.vars[info.wraps]; t != nil && t.assigns+t.param > 1 {
			// Which value of the target does it wrap? Not followed.
			info.noWrap = true
		}
		if k, ok := c.synthOf[info.wraps]; ok {
			// bw := bufio.NewWriter(x.f): x.f must be the same value
			// wherever it is closed.
			if t := c.vars[k.base]; t != nil && t.assigns+t.param > 1 {
				info.noWrap = true
			}
			for _, f := range k.path[:k.n] {
				if c.fieldSet[f] {
					info.noWrap = true
				}
			}
		}
		if info.wraps != nil && !info.noWrap && !info.untracked { // WS-wrappertarget
			c.wrappers[info.wraps] = append(c.wrappers[info.wraps], v)
		} else {
			info.wraps = nil
		}
	}
	for _, ws := range c.wrappers {
		sort.Slice(ws, func(i, j int) bool { return ws[i].Pos() < ws[j].Pos() })
	}
	return bodies
}

// prepare lists the events of every node of b.
func (c *checker) prepare(b *body) bool {
	if b.g == nil {
		return false
	}
	rangeKV := make(map[ast.Node]bool)
	b.enter = make(map[*cfg.Block][]event)
	for _, blk := range b.g.Blocks {
		for _, e := range pathflow.RangeDefs(blk) {
			rangeKV[e] = true
			if v := c.local(e); v != nil {
				b.enter[blk] = append(b.enter[blk], event{kind: evKill, v: v, pos: e.Pos()})
			}
		}
	}
	b.evs = make(map[ast.Node][]event)
	any := false
	for _, blk := range b.g.Blocks {
		if !blk.Live {
			continue
		}
		for _, n := range blk.Nodes {
			if evs := c.nodeEvents(n, rangeKV); len(evs) > 0 {
				b.evs[n] = evs
				any = true
			}
		}
	}
	return any
}

// mustClosed returns, for each of vars, whether it is closed (explicitly
// or by a registered deferred call) at every return of b.
func (c *checker) mustClosed(b *body, vars []*types.Var) []bool {
	index := func(v *types.Var) int { return slices.Index(vars, v) }
	enter := func(blk *cfg.Block, in pathflow.Bits) pathflow.Bits {
		for _, e := range b.enter[blk] {
			if i := index(e.v); i >= 0 {
				in &^= 1 << uint(i)
			}
		}
		return in
	}
	transfer := func(n ast.Node, in pathflow.Bits) pathflow.Bits {
		for _, e := range b.evs[n] {
			i := index(e.v)
			if i < 0 {
				continue
			}
			switch e.kind {
			case evClose:
				in = in.With(i)
			case evKill:
				in &^= 1 << uint(i)
			}
		}
		return in
	}
	// On the path where a variable is nil there is nothing to close:
	// `if c != nil { c.Close() }` closes every c a caller can write to.
	edge := func(from, to *cfg.Block, out pathflow.Bits) pathflow.Bits {
		cond, whenTrue, ok := pathflow.Cond(from, to)
		if !ok {
			return out
		}
		bin, ok := ast.Unparen(cond).(*ast.BinaryExpr)
		if !ok || (bin.Op != token.EQL && bin.Op != token.NEQ) || (bin.Op == token.EQL) != whenTrue {
			return out
		}
		x, y := bin.X, bin.Y
		if streams.IsNil(c.info, x) {
			x, y = y, x
		}
		if !streams.IsNil(c.info, y) {
			return out
		}
		if v := c.local(x); v != nil {
			if i := index(v); i >= 0 {
				out = out.With(i)
			}
		}
		return out
	}
	sol := pathflow.ForwardEdges(b.g, true, edge, enter, transfer)
	res := make([]bool, len(vars))
	for i := range res {
		res[i] = true
	}
	returns := 0
	for _, blk := range b.g.Blocks {
		if !pathflow.IsReturn(blk) {
			continue
		}
		returns++
		out := sol.Before(pathflow.Point{Block: blk, Index: len(blk.Nodes)})
		for i := range vars {
			if !out.Has(i) {
				res[i] = false
			}
		}
	}
	if returns == 0 {
		clear(res)
	}
	return res
}
