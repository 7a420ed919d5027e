package backpressure

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"strings"

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

func run(pass *analysis.Pass) (any, error) {
	suppress.Install(pass)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{pass: pass, info: pass.TypesInfo, local: make(map[*types.Func][]int)}
	if !streams.FactsOnly() {
		c.checkTryWrites(insp)
	}

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
	c.findWrappers(insp, cfgs) // exports the facts
	if streams.FactsOnly() {
		return nil, nil
	}

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
// or fuzz target, or a helper, in a _test.go file (BS-tests). Tests write a known
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
	rule   string
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

	engine *typestate.Func // the path engine over g, once needed (paths)
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
					f.discards = append(f.discards, discard{n, s, stack[len(stack)-1], "result of %s ignored: %s; %s", ruleIgnored})
				}
			}
		case *ast.GoStmt:
			if s, ok := c.source(n.Call); ok {
				f.discards = append(f.discards, discard{n, s, stack[len(stack)-1], "%s in a go statement: its result is lost (%s); %s", ruleGoDefer})
			}
		case *ast.DeferStmt:
			if s, ok := c.source(n.Call); ok {
				f.discards = append(f.discards, discard{n, s, stack[len(stack)-1], "deferred %s: its result is lost (%s); %s", ruleGoDefer})
			}
		case *ast.AssignStmt, *ast.ValueSpec:
			f.defs = append(f.defs, n)
			for _, a := range c.signalAssigns(n) {
				if id, ok := a.lhs.(*ast.Ident); ok && id.Name == "_" {
					f.discards = append(f.discards, discard{n, a.src, stack[len(stack)-1],
						"result of %s assigned to _: %s, and _ = does not silence it; %s, or explain with //flowvet:ignore backpressure <reason>", ruleBlank})
					continue
				}
				// Stored anywhere but in a local (a field, a map, a
				// package variable), the signal is handed on: BS-escapes.
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

// reportDiscard reports a discarded signal, with a fix when it is safe.
func (f *funcInfo) reportDiscard(d discard) {
	s := d.src
	diag := analysis.Diagnostic{
		Pos: s.call.Pos(), End: s.call.End(), Category: d.rule,
		Message: fmt.Sprintf(d.format, s.name(), s.what(), s.remedy()),
	}
	if fix, ok := f.sendFix(d.stmt, s, d.parent); ok {
		diag.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	f.c.pass.Report(diag)
}
