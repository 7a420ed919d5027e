package writeafterclose

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/analyzerdoc"
	"github.com/flowvet/flowvet/analyzers/internal/astwalk"
	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
	"github.com/flowvet/flowvet/analyzers/internal/stream"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/suppress"
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
	untracked bool     // address taken, assigned in another function, captured by a closure we cannot follow
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
	fieldWraps map[*types.Var]*types.Var  // field A = ctor(field B) -> B; nil: ambiguous
	fieldSet   map[*types.Var]bool        // fields assigned somewhere in the package
	flows      map[ast.Node]*errpath.Flow // errpath.Flow of each function, solved when first asked
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
		flows:      make(map[ast.Node]*errpath.Flow),
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	bodies := c.collect(ins)
	c.computeFacts(bodies)
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

// maxPath is how deep a chain of fields is followed: a.b.c.f.
const maxPath = 3

// fieldKey names a chain of fields of a local: base.path[0]...path[n-1].
type fieldKey struct {
	base *types.Var
	path [maxPath]*types.Var
	n    int
}

// last returns the last field of the chain.
func (k fieldKey) last() *types.Var { return k.path[k.n-1] }

// parent returns the chain without its last field (n == 0: the base).
func (k fieldKey) parent() fieldKey {
	k.n--
	k.path[k.n] = nil
	return k
}

// with returns the chain with f in place of its last field.
func (k fieldKey) with(f *types.Var) fieldKey {
	k.path[k.n-1] = f
	return k
}

// fieldPath reads e as a chain of fields of a local (x.f, x.b.f), at most
// maxPath deep, with no embedded-field promotion on the way.
func (c *checker) fieldPath(e ast.Expr) (fieldKey, bool) {
	var fields []*types.Var
	for {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			break
		}
		s, ok := c.info.Selections[sel]
		if !ok || s.Kind() != types.FieldVal || len(s.Index()) != 1 || len(fields) == maxPath {
			return fieldKey{}, false
		}
		f, ok := s.Obj().(*types.Var)
		if !ok {
			return fieldKey{}, false
		}
		fields = append(fields, f)
		e = sel.X
	}
	base := c.local(e)
	if base == nil || len(fields) == 0 {
		return fieldKey{}, false
	}
	k := fieldKey{base: base, n: len(fields)}
	for i, f := range fields {
		k.path[len(fields)-1-i] = f
	}
	return k, true
}

// keyVar returns the synthetic variable standing for a chain of fields.
func (c *checker) keyVar(k fieldKey) *types.Var {
	if k.n == 0 {
		return k.base
	}
	v := c.synth[k]
	if v == nil {
		name := k.base.Name()
		for _, f := range k.path[:k.n] {
			name += "." + f.Name()
		}
		v = types.NewVar(k.last().Pos(), c.pass.Pkg, name, k.last().Type())
		c.synth[k] = v
		c.synthOf[v] = k
	}
	return v
}

// pathVar returns the synthetic variable for the chain e, or nil.
func (c *checker) pathVar(e ast.Expr) *types.Var {
	if k, ok := c.fieldPath(e); ok {
		return c.keyVar(k)
	}
	return nil
}

// ancestors returns the base local and the shorter chains of a synthetic
// variable (for x.b.f: x and x.b), whose change ends its watch.
func (c *checker) ancestors(v *types.Var) []*types.Var {
	k, ok := c.synthOf[v]
	if !ok {
		return nil
	}
	var as []*types.Var
	for k.n > 0 {
		k = k.parent()
		as = append(as, c.keyVar(k))
	}
	return as
}

// depth returns the number of fields of a synthetic variable (0 for a
// local).
func (c *checker) depth(v *types.Var) int {
	return c.synthOf[v].n
}

// ref returns the variable e denotes: a local, or x.f of a local x whose
// field f is a stream (or wraps one, or is wrapped).
func (c *checker) ref(e ast.Expr) *types.Var {
	if v := c.local(e); v != nil {
		return v
	}
	k, ok := c.fieldPath(e)
	if !ok {
		return nil
	}
	field := k.last()
	t := field.Type()
	_, wraps := c.fieldWraps[field]
	if !wraps && !c.wrappedField(field) {
		if types.IsInterface(t) && !streams.IsNamed(t, "net", "Conn") || !isTarget(t) {
			return nil
		}
	}
	return c.keyVar(k)
}

func (c *checker) wrappedField(f *types.Var) bool {
	for _, b := range c.fieldWraps {
		if b == f {
			return true
		}
	}
	return false
}

// wrapsOf returns the variable a wrapper writes into, or nil.
func (c *checker) wrapsOf(x *types.Var) *types.Var {
	if k, ok := c.synthOf[x]; ok {
		if b := c.fieldWraps[k.last()]; b != nil {
			return c.keyVar(k.with(b))
		}
		return nil
	}
	if info := c.vars[x]; info != nil {
		return info.wraps
	}
	return nil
}

// wrappersOf returns the wrappers that write into v.
func (c *checker) wrappersOf(v *types.Var) []*types.Var {
	k, ok := c.synthOf[v]
	if !ok {
		return c.wrappers[v]
	}
	ws := slices.Clone(c.wrappers[v]) // locals: bw := bufio.NewWriter(x.f)
	for a, b := range c.fieldWraps {
		if b == k.last() {
			ws = append(ws, c.keyVar(k.with(a)))
		}
	}
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].Name() < ws[j].Name() })
	return ws
}

// innermost returns the stream at the bottom of a chain of standard
// constructors, tar.NewWriter(gzip.NewWriter(f)) -> f, and the kinds of
// the anonymous writers in between ("gzip").
func (c *checker) innermost(e ast.Expr) (ast.Expr, string) {
	var through []string
	for range 4 {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			break
		}
		kind := wrapperKind(streams.Callee(c.info, call))
		if kind == "" {
			break
		}
		through = append(through, kind)
		e = call.Args[0]
	}
	return e, strings.Join(through, ", ")
}

// fieldTarget returns the variable standing for x.f when x.f is a stream
// whose Close ends writing, for a wrapper around it.
func (c *checker) fieldTarget(e ast.Expr) *types.Var {
	k, ok := c.fieldPath(e)
	if !ok {
		return nil
	}
	t := k.last().Type()
	if types.IsInterface(t) && !streams.IsNamed(t, "net", "Conn") || !isTarget(t) {
		return nil
	}
	return c.keyVar(k)
}

// baseOf returns the local whose field v stands for, or nil.
func (c *checker) baseOf(v *types.Var) *types.Var {
	if k, ok := c.synthOf[v]; ok {
		return k.base
	}
	return nil
}

// noteFieldWrap records field a = ctor(field b).
func (c *checker) noteFieldWrap(a, b *types.Var) {
	if old, seen := c.fieldWraps[a]; seen && old != b {
		c.fieldWraps[a] = nil
		return
	}
	c.fieldWraps[a] = b
}

func (c *checker) vi(v *types.Var) *varInfo {
	info := c.vars[v]
	if info == nil {
		info = new(varInfo)
		c.vars[v] = info
	}
	return info
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
		if info.wraps != nil && !info.noWrap && !info.untracked {
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

// knownSource reports whether e (assigned to a variable) is a stream whose
// Close is known to end writing: a value of a concrete target type, or the
// result of a function known to return one behind an interface.
func (c *checker) knownSource(e ast.Expr) bool {
	t := c.info.TypeOf(e)
	if tup, ok := t.(*types.Tuple); ok && tup.Len() > 0 {
		t = tup.At(0).Type()
	}
	if t != nil && !types.IsInterface(t) && isTarget(t) {
		return true
	}
	if t != nil && streams.IsNamed(t, "net", "Conn") {
		return true
	}
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		fn := streams.Callee(c.info, call)
		return streams.IsMethod(fn, "os/exec", "Cmd", "StdinPipe") || streams.IsFunc(fn, "compress/lzw", "NewWriter")
	}
	return false
}

// followable reports whether a function literal runs where the analyzer
// can see it: called on the spot (also by defer), or assigned to a variable
// (decided later, from the variable's uses).
func (c *checker) followable(stack []ast.Node) bool {
	switch site := stream.RunsHere(c.info, stack, len(stack)-1); site.How {
	case stream.Called, stream.Deferred:
		return true
	case stream.Bound:
		return c.local(site.Name) != nil
	}
	return false
}

// wrapperKind names the writer a constructor of the stream table wraps
// around its first argument ("gzip"), or returns "".
func wrapperKind(fn *types.Func) string {
	if k, ok := stream.WrapperCtor(fn); ok {
		return k.PkgName()
	}
	return ""
}

var (
	closeNames = map[string]bool{"Close": true, "CloseWithError": true, "CloseWrite": true}
	writeNames = map[string]bool{
		"Write": true, "WriteString": true, "WriteByte": true, "WriteRune": true,
		"WriteAt": true, "ReadFrom": true, "Send": true, "Flush": true, "Sync": true,
		"WriteHeader": true, "WriteAll": true, "Create": true, "CreateHeader": true,
		"CreateRaw": true, "Copy": true, "AddFS": true,
		"Encode": true, "EncodeToken": true, "EncodeElement": true,
	}
	// writeFuncs are functions that write into their first argument.
	writeFuncs = map[string]bool{
		"fmt.Fprint": true, "fmt.Fprintf": true, "fmt.Fprintln": true,
		"io.WriteString": true, "io.Copy": true, "io.CopyN": true, "io.CopyBuffer": true,
		"encoding/binary.Write": true,
	}
)

// isTarget reports whether writes to a closed value of type t fail.
func isTarget(t types.Type) bool {
	if streams.IsFlowrtWriter(t) || embedsFlowrtWriter(t) {
		return true
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		k := stream.Of(p.Elem())
		return k != nil && k.AfterClose != ""
	}
	if types.IsInterface(t) {
		return hasMethod(t, "Write") && hasMethod(t, "Close")
	}
	return false
}

// embedsFlowrtWriter reports whether t is a pointer to a struct that
// embeds a flowrt writer at its first level (type Out struct { *flowrt.Writer[Event]; ... })
// and whose Close and every other closing or writing method it has are the
// writer's, promoted: o.Close() then closes the writer, and o.Send(ctx, v)
// writes to it. A struct that declares its own Close, Write, Send... is
// not followed.
func embedsFlowrtWriter(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok || streams.IsFlowrtWriter(t) {
		return false
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok {
		return false
	}
	// Cheap test first: a flowrt writer embedded at the first level.
	embeds := false
	for i := range st.NumFields() {
		if f := st.Field(i); f.Embedded() && streams.IsFlowrtWriter(f.Type()) {
			embeds = true
		}
	}
	if !embeds {
		return false
	}
	promoted := func(name string) (found, ok bool) {
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
		if obj == nil {
			return false, true
		}
		fn, isFn := obj.(*types.Func)
		if !isFn {
			return true, false // a field named like the method
		}
		recv := fn.Signature().Recv()
		return true, recv != nil && streams.IsFlowrtWriter(recv.Type())
	}
	if found, ok := promoted("Close"); !found || !ok {
		return false
	}
	for _, names := range []map[string]bool{closeNames, writeNames} {
		for name := range names {
			if _, ok := promoted(name); !ok {
				return false
			}
		}
	}
	return true
}

func hasMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}

// nodeEvents lists, in evaluation order, the events of one CFG node of fn.
func (c *checker) nodeEvents(n ast.Node, rangeKV map[ast.Node]bool) []event {
	var evs []event
	if rangeKV[n] {
		if v := c.local(n.(ast.Expr)); v != nil {
			evs = append(evs, event{kind: evKill, v: v, pos: n.Pos()})
		}
		return evs
	}
	astwalk.Inspect(n, func(m ast.Node, _ []ast.Node) bool {
		switch m := m.(type) {
		case *ast.GoStmt:
			// Another goroutine may change any field from now on.
			evs = append(evs, event{kind: evOpaque, sync: true, pos: m.Pos()})
			return false
		case *ast.FuncLit:
			return false
		case *ast.SendStmt:
			evs = append(evs, event{kind: evOpaque, sync: true, pos: m.Pos()})
		case *ast.UnaryExpr:
			if m.Op == token.ARROW {
				evs = append(evs, event{kind: evOpaque, sync: true, pos: m.Pos()})
			}
		case *ast.DeferStmt:
			evs = c.callEvents(evs, m.Call, true)
			return false
		}
		return true
	}, func(top ast.Node, path []ast.Node) {
		switch top := top.(type) {
		case *ast.CallExpr:
			from := len(evs)
			evs = c.callEvents(evs, top, false)
			if len(evs) > from && resultUsed(top, path[:len(path)-1]) {
				for i := from; i < len(evs); i++ {
					evs[i].used = true
				}
			}
		case *ast.AssignStmt:
			for _, l := range top.Lhs {
				if v := c.local(l); v != nil {
					evs = append(evs, event{kind: evKill, v: v, pos: l.Pos()})
				} else if pv := c.pathVar(l); pv != nil {
					evs = append(evs, event{kind: evKill, v: pv, pos: l.Pos()})
				}
			}
		case *ast.ValueSpec:
			for _, l := range top.Names {
				if v := c.local(l); v != nil {
					evs = append(evs, event{kind: evKill, v: v, pos: l.Pos()})
				}
			}
		}
	})
	return evs
}

// resultUsed reports whether the results of call, whose enclosing nodes
// within its CFG node are stack, are looked at.
func resultUsed(call *ast.CallExpr, stack []ast.Node) bool {
	if len(stack) == 0 {
		return true // the call is a condition, a switch tag
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.ExprStmt:
		return false
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if id, ok := l.(*ast.Ident); !ok || id.Name != "_" {
				return true
			}
		}
		return false
	}
	return true
}

// opaque reports whether a call may run code that changes the fields of
// a struct it is not handed: a function or method outside the standard
// library, a func value, or an interface method (other than a stream's
// own, such as a net.Conn field's Write).
func (c *checker) opaque(call *ast.CallExpr) bool {
	fn := streams.Callee(c.info, call)
	if fn == nil {
		tv, ok := c.info.Types[ast.Unparen(call.Fun)]
		return !ok || !(tv.IsType() || tv.IsBuiltin())
	}
	if fn.Pkg() == nil {
		return false // error.Error
	}
	if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if x := c.ref(sel.X); x != nil && isTarget(x.Type()) {
				return false
			}
		}
		return true
	}
	path := fn.Pkg().Path()
	if i := strings.IndexByte(path, '/'); i >= 0 {
		path = path[:i]
	}
	return strings.Contains(path, ".") || fn.Pkg() == c.pass.Pkg
}

// isSync reports whether fn waits for or hands over to other goroutines:
// the methods of sync.Mutex, RWMutex, WaitGroup and Cond that lock,
// unlock or wait.
func isSync(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return false
	}
	switch fn.Name() {
	case "Lock", "Unlock", "RLock", "RUnlock", "Wait":
		return true
	}
	return false
}

// callEvents appends the events of one call.
func (c *checker) callEvents(evs []event, call *ast.CallExpr, deferred bool) []event {
	fun := ast.Unparen(call.Fun)
	var lit *ast.FuncLit
	switch f := fun.(type) {
	case *ast.FuncLit:
		lit = f
	case *ast.Ident:
		if v := c.local(f); v != nil && c.vars[v] != nil {
			lit = c.vars[v].closure
		}
	}
	if lit != nil {
		if c.inFacts {
			return evs
		}
		s := c.summarize(lit)
		what, callAs := "the function literal called here", ""
		if deferred {
			what = "function literal"
		}
		if id, ok := fun.(*ast.Ident); ok {
			what, callAs = id.Name+"()", id.Name+"()"
		}
		for _, v := range s.touch {
			evs = append(evs, event{kind: evTouch, v: v, pos: call.Pos()})
		}
		if s.opaque {
			evs = append(evs, event{kind: evOpaque, sync: s.sync, pos: call.Pos()})
		}
		for _, w := range s.writes {
			w.deferred = w.deferred || deferred
			w.idx = -1
			evs = append(evs, w)
		}
		for _, v := range s.closes {
			as := callAs
			if as == "" {
				as = "the function literal that closes " + v.Name()
			}
			evs = append(evs, event{kind: evClose, v: v, deferred: deferred, pos: call.Pos(), desc: what + " (it closes " + v.Name() + ")", call: as, idx: -1})
		}
		return evs
	}
	if sel, ok := fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Reset" {
		// w.(*lzw.Writer).Reset(...) resets w too.
		if ta, ok := ast.Unparen(sel.X).(*ast.TypeAssertExpr); ok {
			if x := c.local(ta.X); x != nil {
				evs = append(evs, event{kind: evKill, v: x, pos: call.Pos()})
			}
		}
	}
	if !deferred && c.opaque(call) {
		evs = append(evs, event{kind: evOpaque, sync: isSync(streams.Callee(c.info, call)), pos: call.Pos()})
	} else if !deferred && isSync(streams.Callee(c.info, call)) {
		evs = append(evs, event{kind: evOpaque, sync: true, pos: call.Pos()})
	}
	// A local struct handed to a call, or whose method is called, may
	// have its fields changed; so may a struct in a field of one (x.b).
	for _, a := range call.Args {
		a = ast.Unparen(a)
		if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
			a = u.X
		}
		if v := c.local(a); v != nil {
			evs = append(evs, event{kind: evTouch, v: v, pos: call.Pos()})
		} else if v := c.pathVar(a); v != nil {
			evs = append(evs, event{kind: evTouch, v: v, pos: call.Pos()})
		}
	}
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		if x := c.local(sel.X); x != nil && !deferred {
			evs = append(evs, event{kind: evTouch, v: x, pos: call.Pos()})
		} else if x := c.pathVar(sel.X); x != nil && !deferred {
			evs = append(evs, event{kind: evTouch, v: x, pos: call.Pos()})
		}
		recv := ast.Unparen(sel.X)
		if ta, ok := recv.(*ast.TypeAssertExpr); ok && ta.Type != nil {
			recv = ta.X // w.(*bufio.Writer).Flush() flushes w
		}
		if x := c.ref(recv); x != nil {
			if s, ok := c.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
				name := sel.Sel.Name
				desc := x.Name() + "." + name
				// The wrapper's write into its target comes first: a
				// wrapper's Close writes, then marks it closed.
				if u := c.wrapsOf(x); u != nil && (writeNames[name] || name == "Close" || stream.Of(x.Type()).IsWrite(name)) {
					evs = append(evs, event{kind: evWrite, v: u, via: x, viaClose: name == "Close", flush: name == "Flush", deferred: deferred, pos: call.Pos(), desc: desc, idx: -1})
				}
				switch {
				case closeNames[name]:
					var errArg ast.Expr
					if name == "CloseWithError" && len(call.Args) == 1 {
						errArg = call.Args[0]
					}
					evs = append(evs, event{kind: evClose, v: x, errArg: errArg, deferred: deferred, pos: call.Pos(), desc: desc, idx: -1})
				case writeNames[name]:
					evs = append(evs, event{kind: evWrite, v: x, flush: name == "Flush", deferred: deferred, pos: call.Pos(), desc: desc, idx: -1})
				case name == "Reset":
					evs = append(evs, event{kind: evKill, v: x, pos: call.Pos()})
				}
			}
		}
	}
	fn := streams.Callee(c.info, call)
	if fn == nil {
		return evs
	}
	if fn.Pkg() != nil && fn.Signature().Recv() == nil && writeFuncs[fn.Pkg().Path()+"."+fn.Name()] && len(call.Args) > 0 {
		if v := c.ref(call.Args[0]); v != nil {
			desc := fmt.Sprintf("%s(%s, ...)", fn.Pkg().Name()+"."+fn.Name(), v.Name())
			evs = append(evs, event{kind: evWrite, v: v, deferred: deferred, pos: call.Pos(), desc: desc, idx: -1})
		}
		return evs
	}
	for _, i := range c.closedParams(fn) {
		if i < len(call.Args) {
			if v := c.ref(call.Args[i]); v != nil {
				desc := fmt.Sprintf("%s(%s)", fn.Name(), v.Name())
				evs = append(evs, event{kind: evClose, v: v, deferred: deferred, pos: call.Pos(), desc: desc, call: desc, idx: -1})
			}
		}
	}
	return evs
}

func (c *checker) closedParams(fn *types.Func) []int {
	if fn.Pkg() == c.pass.Pkg {
		return c.facts[fn.Origin()]
	}
	var f closesParams
	if c.pass.ImportObjectFact(fn.Origin(), &f) {
		return f.Params
	}
	return nil
}

// mayClose reports whether the code of fn can close a stream: a call of a
// Close, CloseWithError or CloseWrite method, of a function known to close
// a parameter, or of a func variable bound to a literal (which may close
// what it captures), in fn's body or in a literal fn calls in place
// (`defer func() { ... }()`). Without one no node of fn has a close event,
// and preparing the events of every node would be wasted: most functions
// close nothing.
func (c *checker) mayClose(fn ast.Node) bool {
	var body *ast.BlockStmt
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		body = fn.Body
	case *ast.FuncLit:
		body = fn.Body
	}
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false // runs elsewhere, or is called below
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		switch f := ast.Unparen(call.Fun).(type) {
		case *ast.FuncLit:
			found = c.mayClose(f)
		case *ast.SelectorExpr:
			found = closeNames[f.Sel.Name]
		case *ast.Ident:
			v := c.local(f)
			found = v != nil && c.vars[v] != nil && c.vars[v].closure != nil
		}
		if !found {
			if fn := streams.Callee(c.info, call); fn != nil {
				found = len(c.closedParams(fn)) > 0
			}
		}
		return !found
	})
	return found
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

// summarize computes what calling a function literal does to the
// variables it captures.
func (c *checker) summarize(lit *ast.FuncLit) *summary {
	if s := c.lits[lit]; s != nil {
		return s // done, or in progress (recursion): nothing more
	}
	s := new(summary)
	c.lits[lit] = s
	b := &body{fn: lit, g: c.cfgs.FuncLit(lit)}
	if !c.prepare(b) {
		s.done = true
		return s
	}
	captured := func(v *types.Var) bool {
		if k, ok := c.synthOf[v]; ok {
			v = k.base
		}
		return v != nil && (v.Pos() < lit.Pos() || v.Pos() >= lit.End())
	}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v := c.local(id); v != nil && captured(v) && !slices.Contains(s.touch, v) {
				s.touch = append(s.touch, v)
			}
		}
		return true
	})
	var closed []*types.Var
	for _, evs := range b.evs {
		for _, e := range evs {
			if e.kind == evOpaque {
				s.opaque = true
				s.sync = s.sync || e.sync
			}
			if e.v == nil || !captured(e.v) {
				continue
			}
			switch e.kind {
			case evWrite:
				s.writes = append(s.writes, e)
			case evClose:
				if !slices.Contains(closed, e.v) && len(closed) < 64 {
					closed = append(closed, e.v)
				}
			}
		}
	}
	sort.Slice(s.writes, func(i, j int) bool { return s.writes[i].pos < s.writes[j].pos })
	sort.Slice(closed, func(i, j int) bool { return closed[i].Pos() < closed[j].Pos() })
	if len(closed) > 0 {
		for i, ok := range c.mustClosed(b, closed) {
			if ok {
				s.closes = append(s.closes, closed[i])
			}
		}
	}
	s.done = true
	return s
}

// computeFacts finds the functions of the package that close a parameter
// on every path that returns, to a fixed point, and exports them.
func (c *checker) computeFacts(bodies []*body) {
	type cand struct {
		fn     *types.Func
		b      *body
		params []*types.Var
		index  []int
	}
	var cands []*cand
	for _, b := range bodies {
		decl, ok := b.fn.(*ast.FuncDecl)
		if !ok || b.g == nil {
			continue
		}
		fn, ok := c.info.Defs[decl.Name].(*types.Func)
		if !ok {
			continue
		}
		sig := fn.Type().(*types.Signature)
		cd := &cand{fn: fn, b: &body{fn: decl, g: b.g}}
		for i := 0; i < sig.Params().Len(); i++ {
			p := sig.Params().At(i)
			if sig.Variadic() && i == sig.Params().Len()-1 {
				continue
			}
			info := c.vars[p]
			if (info != nil && (info.assigns > 0 || info.untracked)) || !hasMethod(p.Type(), "Close") {
				continue
			}
			cd.params = append(cd.params, p)
			cd.index = append(cd.index, i)
		}
		if len(cd.params) > 0 && len(cd.params) <= 64 && c.mentionsClose(decl.Body, cd.params) {
			cands = append(cands, cd)
		}
	}
	c.inFacts = true
	for round := 0; round < 4; round++ {
		changed := false
		for _, cd := range cands {
			if !c.prepare(cd.b) {
				continue
			}
			var got []int
			for i, ok := range c.mustClosed(cd.b, cd.params) {
				if ok {
					got = append(got, cd.index[i])
				}
			}
			if !slices.Equal(got, c.facts[cd.fn]) {
				c.facts[cd.fn] = got
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	c.inFacts = false
	for fn, params := range c.facts {
		if len(params) > 0 {
			c.pass.ExportObjectFact(fn, &closesParams{Params: params})
		}
	}
}

// mentionsClose reports whether a body may close one of params: it calls
// a Close method on one, or passes one to a call (a function that may
// close it). A cheap filter before the data flow.
func (c *checker) mentionsClose(b *ast.BlockStmt, params []*types.Var) bool {
	isParam := func(e ast.Expr) bool {
		v := c.local(e)
		return v != nil && slices.Contains(params, v)
	}
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		if found {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && closeNames[sel.Sel.Name] && isParam(sel.X) {
				found = true
			}
			for _, a := range call.Args {
				if isParam(a) {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// tracked reports whether v's closes are checked in the body fn: not when
// a closure that the analyzer cannot follow mentions v, unless fn is
// inside that closure.
func (c *checker) tracked(v *types.Var, fn ast.Node) bool {
	if base := c.baseOf(v); base != nil {
		if !c.trackedBase(base, fn) {
			return false
		}
		t := v.Type()
		return (isTarget(t) && (!types.IsInterface(t) || streams.IsNamed(t, "net", "Conn"))) || len(c.wrappersOf(v)) > 0
	}
	info := c.vars[v]
	if info != nil {
		if info.untracked {
			return false
		}
		for _, lit := range info.escLits {
			if fn.Pos() < lit.Pos() || fn.End() > lit.End() {
				return false
			}
		}
	}
	t := v.Type()
	if types.IsInterface(t) && !streams.IsNamed(t, "net", "Conn") {
		// Whose Close ends writing? Not every io.WriteCloser's: a
		// base64 encoder's Close flushes and it writes on.
		if info == nil || info.assigns == 0 || info.known != info.assigns {
			return len(c.wrappers[v]) > 0
		}
	}
	return isTarget(t) || len(c.wrappers[v]) > 0
}

// trackedBase reports whether the fields of base can be followed in fn.
func (c *checker) trackedBase(base *types.Var, fn ast.Node) bool {
	info := c.vars[base]
	if info == nil {
		return true
	}
	if info.untracked {
		return false
	}
	for _, lit := range info.escLits {
		if fn.Pos() < lit.Pos() || fn.End() > lit.End() {
			return false
		}
	}
	return true
}

type state struct {
	alive   pathflow.Bits // watch[i] not reassigned since the close
	closed  pathflow.Bits // wrapper watch[i] closed explicitly
	flushed pathflow.Bits // wrapper watch[i] (bufio, csv) flushed, nothing written since
	pending pathflow.Bits // deferred writes into the closed value, to run at return
	errs    pathflow.Bits // the error variables non-nil on this path (errpath.Flow), when followed
	last    uint8         // loops[j] is in its last iteration: its back edge leads out
}

// checkBody reports the writes after close in one function body.
func (c *checker) checkBody(b *body) {
	if !c.mayClose(b.fn) || !c.prepare(b) {
		return
	}
	// Every close of a tracked variable, in order.
	type closeAt struct {
		p   pathflow.Point
		k   int // index in the node's events
		e   event
		blk *cfg.Block
	}
	var closes []closeAt
	var deferredWrites []*event
	var locate map[ast.Node]pathflow.Point
	for n, evs := range b.evs {
		for k := range evs {
			e := &evs[k]
			switch {
			case e.kind == evClose && c.tracked(e.v, b.fn):
				if locate == nil {
					locate = pathflow.Locate(b.g)
				}
				p := locate[n]
				closes = append(closes, closeAt{p: p, k: k, e: *e})
			case e.kind == evWrite && e.deferred:
				if len(deferredWrites) < 64 {
					e.idx = len(deferredWrites)
					deferredWrites = append(deferredWrites, e)
				}
			}
		}
	}
	if len(closes) == 0 {
		return
	}
	sort.Slice(closes, func(i, j int) bool {
		if closes[i].e.pos != closes[j].e.pos {
			return closes[i].e.pos < closes[j].e.pos
		}
		return closes[i].k < closes[j].k
	})
	// Deferred writes registered on some path, bound to the current value
	// of their target.
	var regSol *pathflow.Solution
	if len(deferredWrites) > 0 {
		kill := func(in pathflow.Bits, v *types.Var) pathflow.Bits {
			for _, d := range deferredWrites {
				if d.v == v {
					in &^= 1 << uint(d.idx)
				}
			}
			return in
		}
		regSol = pathflow.Forward(b.g, false,
			func(blk *cfg.Block, in pathflow.Bits) pathflow.Bits {
				for _, e := range b.enter[blk] {
					in = kill(in, e.v)
				}
				return in
			},
			func(n ast.Node, in pathflow.Bits) pathflow.Bits {
				for _, e := range b.evs[n] {
					switch {
					case e.kind == evKill:
						in = kill(in, e.v)
					case e.kind == evWrite && e.deferred && e.idx >= 0:
						in = in.With(e.idx)
					}
				}
				return in
			})
	}
	// Wrappers closed explicitly on every path.
	var wrapVars []*types.Var
	for _, cl := range closes {
		for _, w := range c.wrappersOf(cl.e.v) {
			if !slices.Contains(wrapVars, w) && len(wrapVars) < 64 {
				wrapVars = append(wrapVars, w)
			}
		}
	}
	var closedSol, flushedSol *pathflow.Solution
	if len(wrapVars) > 0 {
		// A range loop's key or value assigned at the loop head is
		// another value: it is neither flushed nor closed.
		killAtEntry := func(blk *cfg.Block, in pathflow.Bits) pathflow.Bits {
			for _, e := range b.enter[blk] {
				if i := slices.Index(wrapVars, e.v); i >= 0 {
					in &^= 1 << uint(i)
				}
			}
			return in
		}
		// Flushed, with nothing written since: a bufio or csv Flush
		// writes nothing then.
		flushedSol = pathflow.Forward(b.g, true, killAtEntry,
			func(n ast.Node, in pathflow.Bits) pathflow.Bits {
				for _, e := range b.evs[n] {
					if i := slices.Index(wrapVars, e.v); i >= 0 {
						in = idleStep(e, in, i, noopFlush(e.v))
					}
				}
				return in
			})
		closedSol = pathflow.Forward(b.g, true, killAtEntry,
			func(n ast.Node, in pathflow.Bits) pathflow.Bits {
				for _, e := range b.evs[n] {
					i := slices.Index(wrapVars, e.v)
					if i < 0 {
						continue
					}
					switch {
					case e.kind == evClose && !e.deferred:
						in = in.With(i)
					case e.kind == evKill:
						in &^= 1 << uint(i)
					}
				}
				return in
			})
	}

	for _, cl := range closes {
		c.search(b, cl.p, cl.k, cl.e, deferredWrites, regSol, wrapVars, closedSol, flushedSol)
	}
}

// noopFlush reports whether a Flush of w writes nothing when nothing was
// written since the last one (bufio, and csv on top of it; not gzip or
// zlib, whose Flush always writes a sync block).
func noopFlush(w *types.Var) bool {
	k := stream.Of(w.Type())
	return k != nil && (k.Family == stream.Buffer || k.Family == stream.Table)
}

// idleStep applies the event e of wrapper i to the set of wrappers that
// are flushed with nothing written since.
func idleStep(e event, in pathflow.Bits, i int, noop bool) pathflow.Bits {
	switch {
	case e.kind == evWrite && !e.deferred && e.flush && noop:
		return in.With(i)
	case e.kind == evWrite && !e.deferred, e.kind == evKill:
		return in &^ (1 << uint(i))
	}
	return in
}

// search walks forward from the close cl (event k of the node at p) and
// reports the writes into the closed value.
func (c *checker) search(b *body, p pathflow.Point, k int, cl event, deferredWrites []*event, regSol *pathflow.Solution, wrapVars []*types.Var, closedSol, flushedSol *pathflow.Solution) {
	v := cl.v
	watch := append([]*types.Var{v}, c.wrappersOf(v)...)
	if len(watch) > 64 {
		watch = watch[:64]
	}
	var init state
	init.alive = 1<<uint(len(watch)) - 1
	if len(watch) == 64 {
		init.alive = ^pathflow.Bits(0)
	}
	// Events of the close's node before it happened already.
	node := p.Block.Nodes[p.Index]
	evs := b.evs[node]
	if regSol != nil {
		reg := regSol.Before(p)
		for _, d := range deferredWrites {
			if d.v == v && reg.Has(d.idx) && d.pos != cl.pos {
				init.pending = init.pending.With(d.idx)
			}
		}
	}
	if closedSol != nil {
		before := closedSol.Before(p)
		flushed := flushedSol.Before(p)
		for i, w := range watch[1:] {
			if j := slices.Index(wrapVars, w); j >= 0 && before.Has(j) {
				init.closed = init.closed.With(i + 1)
			}
			if j := slices.Index(wrapVars, w); j >= 0 && flushed.Has(j) {
				init.flushed = init.flushed.With(i + 1)
			}
		}
	}
	noop := make([]bool, len(watch))
	for i, w := range watch {
		noop[i] = i > 0 && noopFlush(w)
	}
	// pw.CloseWithError(tw.Close()): tw closed in the same node, first.
	for _, e := range evs[:k] {
		if wi := slices.Index(watch, e.v); wi > 0 {
			if e.kind == evClose && !e.deferred {
				init.closed = init.closed.With(wi)
			}
			init.flushed = idleStep(e, init.flushed, wi, noop[wi])
		}
	}
	if cl.deferred && init.pending == 0 {
		return // a deferred close runs last but for the defers before it
	}
	// CloseWithError(err) with an error that may be non-nil destroys the
	// stream and tells the reader why.
	destroyed := false
	if cl.errArg != nil {
		facts := errpath.Guarded(c.info, errpath.Enclosing(b.fn, cl.errArg), cl.errArg.Pos())
		destroyed = errpath.Expr(c.info, cl.errArg, facts) != errpath.Success
	}
	// Which returns report success matters only to deferred writes; then
	// the function's error variables are followed along each path from
	// the close (`if err != nil { f.Close() }; return err` fails there).
	var errs *errpath.Flow
	if len(deferredWrites) > 0 && !destroyed {
		if errs = c.errFlow(b); errs != nil {
			bits, ok := errs.Before(node)
			if ok {
				init.errs = errs.Step(node, bits)
			} else {
				errs = nil
			}
		}
	}
	var loops []*countedLoop
	if !cl.deferred {
		loops = c.lastIterations(b, p, cl.pos)
		init.last = 1<<uint(len(loops)) - 1
	}
	line := c.pass.Fset.Position(cl.pos).Line

	ancestors := make([][]*types.Var, len(watch))
	for i, w := range watch {
		ancestors[i] = c.ancestors(w)
	}
	step := func(e event, s state) (state, bool) {
		wi := slices.Index(watch, e.v)
		switch e.kind {
		case evKill, evTouch:
			if wi >= 0 && e.kind == evKill {
				s.alive &^= 1 << uint(wi)
				s.flushed &^= 1 << uint(wi)
			}
			for i := range watch {
				if slices.Contains(ancestors[i], e.v) {
					s.alive &^= 1 << uint(i)
				}
			}
		case evOpaque:
			// x.b.f: the call may change x.b through another pointer;
			// after a lock or a channel operation, another goroutine
			// may have changed x.f.
			for i, w := range watch {
				if d := c.depth(w); d > 1 || d == 1 && e.sync {
					s.alive &^= 1 << uint(i)
				}
			}
		case evClose:
			if wi > 0 && !e.deferred {
				s.closed = s.closed.With(wi)
			}
		case evWrite:
			if wi > 0 {
				s.flushed = idleStep(e, s.flushed, wi, noop[wi])
			}
			if e.v != v || cl.deferred || !s.alive.Has(0) {
				break
			}
			if e.via != nil {
				vi := slices.Index(watch, e.via)
				if vi < 0 || !s.alive.Has(vi) || (e.viaClose && s.closed.Has(vi)) || (e.flush && s.flushed.Has(vi)) {
					break
				}
			}
			if e.deferred {
				if e.idx >= 0 {
					s.pending = s.pending.With(e.idx)
				}
				break
			}
			c.report(e, cl, line, false)
		}
		if cl.deferred {
			return s, true
		}
		return s, s.alive != 0 || s.pending != 0
	}
	w := pathflow.Walker[state]{
		Edge: func(from, to *cfg.Block, s state) (state, bool) {
			if errs != nil {
				s.errs = errs.Edge(from, to, s.errs)
			}
			return s, true
		},
		Enter: func(blk *cfg.Block, s state) (state, bool) {
			if s.last != 0 && (blk.Kind == cfg.KindForBody || blk.Kind == cfg.KindRangeBody) {
				for j, l := range loops {
					if s.last&(1<<uint(j)) != 0 && blk.Stmt == l.stmt {
						return s, false // the last iteration is over
					}
				}
			}
			ok := true
			for _, e := range b.enter[blk] {
				if s, ok = step(e, s); !ok {
					return s, false
				}
			}
			return s, true
		},
		Node: func(_ *cfg.Block, n ast.Node, s state) (state, bool) {
			for j, l := range loops {
				if l.restarts(n) {
					s.last &^= 1 << uint(j) // the loop starts afresh
				}
			}
			ok := true
			for _, e := range b.evs[n] {
				if s, ok = step(e, s); !ok {
					return s, false
				}
			}
			if errs != nil {
				s.errs = errs.Step(n, s.errs)
			}
			return s, true
		},
		Exit: func(blk *cfg.Block, s state) {
			if len(deferredWrites) == 0 || !pathflow.IsReturn(blk) {
				return
			}
			if destroyed {
				// CloseWithError(err) has told the reader: the
				// deferred writes that finish the stream on this
				// error path have nothing left to save.
				return
			}
			var facts errpath.Facts
			if errs != nil {
				facts = errs.Facts(s.errs)
			}
			if c.errorReturn(b, blk, facts) {
				// A return that reports an error has told the
				// caller the output is no good.
				return
			}
			for _, d := range deferredWrites {
				if !s.pending.Has(d.idx) {
					continue
				}
				if d.via != nil && d.viaClose {
					if vi := slices.Index(watch, d.via); vi >= 0 && s.closed.Has(vi) {
						continue
					}
				}
				if d.via != nil && d.flush {
					if vi := slices.Index(watch, d.via); vi >= 0 && s.flushed.Has(vi) {
						continue // an idle bufio writer's Flush writes nothing
					}
				}
				c.report(*d, cl, line, true)
			}
		},
	}
	s := init
	for _, e := range evs[k+1:] {
		var ok bool
		if s, ok = step(e, s); !ok {
			return
		}
	}
	pathflow.Walk(pathflow.Point{Block: p.Block, Index: p.Index + 1}, s, w)
}

// errorReturn reports whether the return statement that ends blk may
// report a failure to the caller (errpath: Failure, or Unknown, to stay
// silent when unsure): `return ..., err` where err is non-nil on the path
// (inside `if err != nil { ... }`, after err = fmt.Errorf(...)), `return
// ..., fmt.Errorf(...)`, a sentinel, a concrete error value. facts are
// what the path knows of the function's error variables; nil: what
// errpath.Flow knows on every path to the return.
func (c *checker) errorReturn(b *body, blk *cfg.Block, facts errpath.Facts) bool {
	ret, ok := blk.Nodes[len(blk.Nodes)-1].(*ast.ReturnStmt)
	if !ok {
		return false
	}
	sig := errpath.Signature(c.info, b.fn)
	if errpath.ErrorResult(sig) < 0 {
		return false
	}
	if facts == nil {
		if flow := c.errFlow(b); flow != nil {
			facts = flow.At(ret)
		}
	}
	return errpath.Reports(c.info, sig, ret, facts) != errpath.Success
}

// errFlow returns errpath.Flow for b's function, solved once per function
// when first asked; nil when the function has no error result or no CFG.
func (c *checker) errFlow(b *body) *errpath.Flow {
	flow, ok := c.flows[b.fn]
	if !ok {
		if b.g != nil && errpath.ErrorResult(errpath.Signature(c.info, b.fn)) >= 0 {
			flow = errpath.NewFlow(c.info, b.fn, b.g)
		}
		c.flows[b.fn] = flow
	}
	return flow
}

// consequence says what happens to a write into a closed v.
func consequence(v *types.Var) string {
	t := v.Type()
	if streams.IsFlowrtWriter(t) || embedsFlowrtWriter(t) {
		return "is rejected with flowrt.ErrWriteAfterClose"
	}
	if k := stream.Of(t); k != nil && k.AfterClose != "" {
		return k.AfterClose
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		if n, ok := types.Unalias(p.Elem()).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net" {
			return "fails with net.ErrClosed"
		}
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net" {
		return "fails with net.ErrClosed"
	}
	return "fails"
}

func (c *checker) report(w event, cl event, line int, atReturn bool) {
	if c.reported[w.pos] {
		return
	}
	if w.used && strings.HasSuffix(c.pass.Fset.Position(w.pos).Filename, "_test.go") {
		// A test that looks at the result of a write after Close is
		// testing the error.
		return
	}
	c.reported[w.pos] = true
	v := w.v
	var msg string
	what := w.desc
	if w.deferred {
		what = "deferred " + what
	}
	into, through := v.Name(), ""
	if w.via != nil {
		if info := c.vars[w.via]; info != nil && info.through != "" {
			// tar.NewWriter(gzip.NewWriter(f))
			through = info.through
			into = v.Name() + " (through the " + through + " writer it wraps)"
		}
	}
	var rule string
	switch {
	case through != "":
		rule = ruleWrapper
		when := "after " + cl.desc
		if cl.deferred {
			when = "after the deferred " + cl.desc
		}
		msg = fmt.Sprintf("%s writes into %s %s (line %d): what %s and the %s writer hold is lost, and the %s writer is never finished; give the %s writer a name and close %s, then it, then %s",
			what, into, when, line, w.via.Name(), through, through, through, w.via.Name(), v.Name())
	case w.via != nil && cl.deferred:
		rule = ruleDeferOrder
		closeCall := cl.call
		if closeCall == "" {
			closeCall = cl.desc + "()"
		}
		msg = fmt.Sprintf("%s writes into %s, which the deferred %s (line %d) has closed by then (defers run in reverse order): what %s still holds is lost; defer %s before deferring %s so that it runs last",
			what, into, cl.desc, line, w.via.Name(), closeCall, w.desc+"()")
	case w.via != nil && stream.Of(w.via.Type()) != nil && stream.Of(w.via.Type()).Duty == stream.NoDuty:
		// A logger or an encoder writes through at once: it holds nothing.
		rule = ruleWrapper
		msg = fmt.Sprintf("%s writes into %s after %s (line %d): the write %s and its data is lost; write through %s before closing %s",
			what, into, cl.desc, line, consequence(v), w.via.Name(), v.Name())
	case w.via != nil:
		rule = ruleWrapper
		msg = fmt.Sprintf("%s writes into %s after %s (line %d): the write %s and what %s still holds is lost; finish %s before closing %s",
			what, into, cl.desc, line, consequence(v), w.via.Name(), w.via.Name(), v.Name())
	case cl.deferred:
		rule = ruleDeferOrder
		msg = fmt.Sprintf("%s runs after the deferred %s (line %d), since defers run in reverse order: it %s and its data is lost; defer the Close first so that it runs last",
			what, cl.desc, line, consequence(v))
	case atReturn:
		rule = ruleAtReturn
		msg = fmt.Sprintf("%s runs at return, after %s (line %d): it %s and its data is lost; call it before the Close",
			what, cl.desc, line, consequence(v))
	default:
		rule = ruleWrite
		msg = fmt.Sprintf("%s after %s (line %d): the write %s and its data is lost; move the Close after the last write (defer it)",
			what, cl.desc, line, consequence(v))
	}
	c.diags = append(c.diags, analysis.Diagnostic{Pos: w.pos, Category: rule, Message: msg})
}
