package stream

import (
	"go/ast"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// Analyzer computes, once per package, what the flowvet analyzers share
// about streams beyond the table: which functions end the process without
// running deferred calls (exported as facts, so a helper that always calls
// os.Exit is known in the packages that import it).
var Analyzer = &analysis.Analyzer{
	Name:       "flowvetstream",
	Doc:        "the stream model the flowvet analyzers share (internal)",
	Requires:   []*analysis.Analyzer{ctrlflow.Analyzer, inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
	FactTypes:  []analysis.Fact{new(exitsProcess)},
}

// exitsProcess is the fact of a function every path of which ends the
// process without running deferred calls: os.Exit, log.Fatal*, or a
// function with this fact. A function that may panic instead is not one:
// a panic runs the deferred calls.
type exitsProcess struct{}

func (*exitsProcess) AFact()         {}
func (*exitsProcess) String() string { return "exitsProcess" }

// Result is the model of a package.
type Result struct {
	pass  *analysis.Pass
	exits map[*types.Func]bool // this package's functions with the fact
}

// ExitSkipsDefers reports whether n, a CFG node, is a call statement that
// ends the process without running deferred calls: os.Exit (any code),
// log.Fatal, Fatalf, Fatalln (and a log.Logger's), syscall.Exit, or a
// function found to always do one of those. log.Panic* is not one.
func (r *Result) ExitSkipsDefers(n ast.Node) bool {
	es, ok := n.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	return r.exitCall(streams.Callee(r.pass.TypesInfo, call))
}

func (r *Result) exitCall(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if intrinsicExit(fn) || r.exits[fn] {
		return true
	}
	return fn.Pkg() != r.pass.Pkg && r.pass.ImportObjectFact(fn, new(exitsProcess))
}

func intrinsicExit(fn *types.Func) bool {
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "os.Exit", "syscall.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln":
		return true
	}
	switch fn.Name() {
	case "Fatal", "Fatalf", "Fatalln":
		return streams.IsMethod(fn, "log", "Logger", fn.Name())
	}
	return false
}

func run(pass *analysis.Pass) (any, error) {
	r := &Result{pass: pass, exits: make(map[*types.Func]bool)}
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	// Candidates: functions that never return (ctrlflow knows them; they
	// exit or panic on every path). Which of them exit is decided to a
	// fixed point, for a helper that calls another.
	type cand struct {
		fn *types.Func
		g  *cfg.CFG
	}
	var cands []cand
	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		fn, _ := pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if fn == nil || decl.Body == nil || !cfgs.NoReturn(fn) {
			continue
		}
		if g := cfgs.FuncDecl(decl); g != nil {
			cands = append(cands, cand{fn, g})
		}
	}
	for changed := true; changed; {
		changed = false
		for _, c := range cands {
			if !r.exits[c.fn] && r.everyEndExits(c.g) {
				r.exits[c.fn] = true
				changed = true
			}
		}
	}
	for fn := range r.exits {
		pass.ExportObjectFact(fn, new(exitsProcess))
	}
	return r, nil
}

// everyEndExits reports whether every live block of g that ends a path
// ends it with a call that exits the process.
func (r *Result) everyEndExits(g *cfg.CFG) bool {
	ends := 0
	for _, b := range g.Blocks {
		if !b.Live || len(b.Succs) > 0 {
			continue
		}
		ends++
		if len(b.Nodes) == 0 || !r.ExitSkipsDefers(b.Nodes[len(b.Nodes)-1]) {
			return false
		}
	}
	return ends > 0
}
