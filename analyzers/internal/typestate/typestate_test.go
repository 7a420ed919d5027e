package typestate_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
	"github.com/flowvet/flowvet/analyzers/internal/typestate"
)

// The functions under test call these; exit and fatal end the process
// without running deferred calls, as os.Exit and log.Fatal do.
const prelude = `package p

type W struct{}

func (*W) Write() {}
func (*W) Flush() {}
func open() (*W, error) { return nil, nil }
func do() error         { return nil }
func cond() bool        { return false }
func exit(int)          {}
func fatal(...any)      {}
func mark(string)       {}
func newError(string) error { return nil }
`

type fixture struct {
	fset *token.FileSet
	info *types.Info
	fn   *ast.FuncDecl
	f    *typestate.Func
}

// load type-checks prelude+src and returns the engine's Func for the
// function named f; panic, exit and fatal do not return.
func load(t *testing.T, src string) *fixture {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", prelude+src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	if _, err := new(types.Config).Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	x := &fixture{fset: fset, info: info}
	for _, d := range file.Decls {
		if d, ok := d.(*ast.FuncDecl); ok && d.Name.Name == "f" {
			x.fn = d
		}
	}
	g := cfg.New(x.fn.Body, func(call *ast.CallExpr) bool { return calleeName(call) == "" })
	x.f = typestate.NewFunc(info, x.fn, g)
	x.f.SkipsDefers = func(n ast.Node) bool {
		es, ok := n.(*ast.ExprStmt)
		return ok && calleeName(es.X) != "" && calleeName(es.X) != "panic"
	}
	return x
}

// calleeName returns the name of a function the call ends a path with
// (panic, exit, fatal), or "".
func calleeName(e ast.Expr) string {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return ""
	}
	if id, ok := call.Fun.(*ast.Ident); ok && (id.Name == "panic" || id.Name == "exit" || id.Name == "fatal") {
		return id.Name
	}
	return ""
}

func (x *fixture) line(n ast.Node) int {
	return x.fset.Position(n.Pos()).Line - strings.Count(prelude, "\n")
}

// method returns the name of the method a statement calls on w
// ("Write", "Flush"), or "".
func method(n ast.Node) string {
	var call *ast.CallExpr
	switch n := n.(type) {
	case *ast.ExprStmt:
		call, _ = n.X.(*ast.CallExpr)
	case *ast.DeferStmt:
		call = n.Call
	}
	if call == nil {
		return ""
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		return sel.Sel.Name
	}
	return ""
}

// dirty is a policy's state: written since the last flush.
type dirty bool

// flushPolicy records, at each exit, the exit's kind, line and whether
// the writer is dirty there; deferred calls run at returns.
func (x *fixture) flushPolicy(got *[]string) typestate.Policy[dirty] {
	step := func(n ast.Node, s dirty) dirty {
		switch method(n) {
		case "Write":
			return true
		case "Flush":
			return false
		}
		return s
	}
	return typestate.Policy[dirty]{
		Step: func(n ast.Node, s dirty) (dirty, bool) {
			if _, ok := n.(*ast.DeferStmt); ok {
				return s, true // runs at return
			}
			return step(n, s), true
		},
		Deferred: func(d *ast.DeferStmt, s dirty) dirty { return step(d, s) },
		Exit: func(e typestate.Exit, s dirty) {
			*got = append(*got, fmt.Sprintf("%s@%d dirty=%v", kindName(e.Kind), x.line(e.Last), bool(s)))
		},
	}
}

func kindName(k typestate.ExitKind) string {
	return map[typestate.ExitKind]string{typestate.Return: "return", typestate.SkipsDefers: "skips", typestate.Panic: "panic"}[k]
}

func sorted(s []string) string {
	s = slices.Clone(s)
	slices.Sort(s)
	return strings.Join(slices.Compact(s), "; ")
}

// Deferred calls run at a return, not at an exit that skips them; a panic
// is told apart from both.
func TestExitKinds(t *testing.T) {
	x := load(t, `
func f(w *W, n int) {
	w.Write()
	defer w.Flush()
	switch n {
	case 0:
		exit(n)
	case 1:
		fatal("no")
	case 2:
		panic("no")
	}
	return
}`)
	var got []string
	typestate.Check(x.f, x.start(), dirty(false), x.flushPolicy(&got))
	want := "panic@11 dirty=true; return@13 dirty=false; skips@7 dirty=true; skips@9 dirty=true"
	if s := sorted(got); s != want {
		t.Errorf("exits:\n got %s\nwant %s", s, want)
	}
}

func (x *fixture) start() pathflow.Point { return pathflow.Point{Block: x.f.CFG.Blocks[0]} }

// node returns the statement of f on line (counted from the end of the
// prelude).
func (x *fixture) node(t *testing.T, line int) ast.Node {
	t.Helper()
	for _, b := range x.f.CFG.Blocks {
		for _, n := range b.Nodes {
			if _, ok := n.(ast.Stmt); ok && x.line(n) == line {
				return n
			}
		}
	}
	t.Fatalf("no statement on line %d", line)
	return nil
}

// marks is a policy state: the marks passed, in order.
type marks string

// markPolicy appends each mark("x") to the state, deferred ones when
// they run; at each exit it records the exit and the marks.
func (x *fixture) markPolicy(got *[]string) typestate.Policy[marks] {
	name := func(call *ast.CallExpr) string {
		if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "mark" {
			return strings.Trim(call.Args[0].(*ast.BasicLit).Value, `"`)
		}
		return ""
	}
	return typestate.Policy[marks]{
		Step: func(n ast.Node, s marks) (marks, bool) {
			if es, ok := n.(*ast.ExprStmt); ok {
				if call, ok := es.X.(*ast.CallExpr); ok {
					s += marks(name(call))
				}
			}
			return s, true
		},
		Deferred: func(d *ast.DeferStmt, s marks) marks { return s + marks(name(d.Call)) },
		Exit: func(e typestate.Exit, s marks) {
			*got = append(*got, fmt.Sprintf("%s@%d %s", kindName(e.Kind), x.line(e.Last), s))
		},
	}
}

// Deferred calls run at a return, latest registered first; one not
// reached on a path does not run at its return; none run at an exit that
// skips them.
func TestDeferredOrder(t *testing.T) {
	x := load(t, `
func f(n int) {
	defer mark("a")
	if cond() {
		defer mark("b")
	}
	mark("m")
	if n == 0 {
		exit(1)
	}
	defer mark("c")
	return
}`)
	var got []string
	typestate.Check(x.f, x.start(), marks(""), x.markPolicy(&got))
	want := "return@12 mca; return@12 mcba; skips@9 m"
	if s := sorted(got); s != want {
		t.Errorf("exits:\n got %s\nwant %s", s, want)
	}
}

// NonNil prunes the branch on which the tracked value would be nil: the
// return inside it is never reached with the value made.
func TestNonNil(t *testing.T) {
	src := `
func f() {
	w, err := open()
	if err != nil {
		return
	}
	if w == nil {
		mark("nil")
		return
	}
	mark("ok")
}`
	for _, prune := range []bool{false, true} {
		x := load(t, src)
		var got []string
		pol := x.markPolicy(&got)
		if prune {
			pol.NonNil = x.info.Defs[x.fn.Body.List[0].(*ast.AssignStmt).Lhs[0].(*ast.Ident)].(*types.Var)
		}
		typestate.CheckAfter(x.f, x.node(t, 3), marks(""), pol)
		want := "return@12 ok; return@5 ; return@9 nil"
		if prune {
			want = "return@12 ok; return@5 "
		}
		if s := sorted(got); s != want {
			t.Errorf("prune=%v:\n got %s\nwant %s", prune, s, want)
		}
	}
}

// Exit.Errs is what the path knows of the error variables: on the path
// through `err != nil` the return reports a failure, on the other one
// success, although on every path to the return err may be nil.
func TestErrsOnPath(t *testing.T) {
	x := load(t, `
func f(w *W) error {
	err := do()
	if err != nil {
		w.Write()
	}
	return err
}`)
	var got []string
	pol := x.flushPolicy(&got)
	pol.Errs = true
	exit := pol.Exit
	sig := errpath.Signature(x.info, x.fn)
	pol.Exit = func(e typestate.Exit, s dirty) {
		exit(e, s)
		got[len(got)-1] += " " + errpath.Reports(x.info, sig, e.Return, e.Errs).String()
	}
	typestate.CheckAfter(x.f, x.node(t, 3), dirty(false), pol)
	want := "return@7 dirty=false Success; return@7 dirty=true Failure"
	if s := sorted(got); s != want {
		t.Errorf("exits:\n got %s\nwant %s", s, want)
	}
	if v := errpath.Reports(x.info, sig, x.node(t, 7).(*ast.ReturnStmt), x.f.Errors().At(x.node(t, 7))); v != errpath.Success {
		t.Errorf("every path to the return: %v, want success (the walk's facts are the sharper ones)", v)
	}
}

// A branch that makes nil an error variable the path has made non-nil is
// not taken, in a function without an error result too when Locals is
// set: after err = newError(...) the walk goes into the err branch
// only.
func TestDecidedErrBranch(t *testing.T) {
	src := `
func f(w *W) {
	var err error
	if cond() {
		err = newError("timed out")
	}
	if err != nil {
		mark("failed")
		return
	}
	mark("ok")
}`
	for _, locals := range []bool{false, true} {
		x := load(t, src)
		x.f.Locals = locals
		var got []string
		pol := x.markPolicy(&got)
		pol.Errs = true
		typestate.CheckAfter(x.f, x.node(t, 5), marks(""), pol)
		want := "return@12 ok; return@9 failed"
		if locals {
			want = "return@9 failed"
		}
		if s := sorted(got); s != want {
			t.Errorf("locals=%v:\n got %s\nwant %s", locals, s, want)
		}
	}
}

// CheckAfter starts after its node: the node itself is the policy's (a
// Flush there does not clean the state it is given).
func TestCheckAfter(t *testing.T) {
	x := load(t, `
func f(w *W) {
	w.Write()
	w.Flush()
	return
}`)
	var got []string
	typestate.CheckAfter(x.f, x.node(t, 4), dirty(true), x.flushPolicy(&got))
	if s := sorted(got); s != "return@5 dirty=true" {
		t.Errorf("after the Flush: %s, want return@5 dirty=true", s)
	}
	got = nil
	typestate.CheckAfter(x.f, x.node(t, 3), dirty(true), x.flushPolicy(&got))
	if s := sorted(got); s != "return@5 dirty=false" {
		t.Errorf("after the Write: %s, want return@5 dirty=false", s)
	}
}

// Branch and Step end paths; Limit stops a walk whose state grows.
func TestPrune(t *testing.T) {
	x := load(t, `
func f(n int) {
	for i := 0; i < n; i++ {
		if cond() {
			mark("stop")
		}
		mark("x")
	}
	return
}`)
	var exits int
	type count int
	pol := typestate.Policy[count]{
		Branch: func(cond ast.Expr, whenTrue bool, s count) (count, bool) {
			_, isCall := cond.(*ast.CallExpr)
			return s, !isCall || !whenTrue // cond() is never true
		},
		Step: func(n ast.Node, s count) (count, bool) {
			if es, ok := n.(*ast.ExprStmt); ok && strings.Contains(types.ExprString(es.X), "stop") {
				t.Errorf("mark(stop) reached on a pruned branch")
			}
			return (s + 1) % 1000, true
		},
		Exit: func(typestate.Exit, count) { exits++ },
	}
	if complete := typestate.Check(x.f, x.start(), count(0), pol); !complete || exits == 0 {
		t.Errorf("unbounded walk: complete=%v, %d exits; want complete and exits", complete, exits)
	}
	pol.Limit = 20
	if complete := typestate.Check(x.f, x.start(), count(0), pol); complete {
		t.Errorf("walk with Limit 20 over 1000 states: complete, want stopped")
	}
	pol.Step = func(n ast.Node, s count) (count, bool) {
		_, isFor := n.(*ast.IncDecStmt)
		return s, !isFor // the loop's post statement ends the path
	}
	exits = 0
	typestate.Check(x.f, x.start(), count(0), pol)
	if exits != 1 {
		t.Errorf("exits with the loop's back edge cut: %d, want 1 (n <= 0)", exits)
	}
	pol.Step = func(n ast.Node, s count) (count, bool) { return s + 1, true }
	pol.Edge = func(from, to *cfg.Block, s count) (count, bool) {
		return s, to.Kind != cfg.KindForBody // the body is never entered
	}
	var at []count
	pol.Exit = func(_ typestate.Exit, s count) { at = append(at, s) }
	typestate.Check(x.f, x.start(), count(0), pol)
	if len(at) != 1 || at[0] != 3 {
		t.Errorf("states at the exits with the loop body cut off: %v, want [3] (i := 0, i < n, return)", at)
	}
}

// FirstReturn: the first return, in walk order, reached without a stop
// node and wanted; an exit that skips defers or panics is none.
func TestFirstReturn(t *testing.T) {
	x := load(t, `
func f(w *W) error {
	err := do()
	if err != nil {
		w.Flush()
		return err
	}
	if cond() {
		exit(1)
	}
	w.Write()
	return nil
}`)
	sig := errpath.Signature(x.info, x.fn)
	never := func(ast.Node) bool { return false }
	flushes := func(n ast.Node) bool { return method(n) == "Flush" }
	failure := func(e typestate.Exit) bool {
		return errpath.Reports(x.info, sig, e.Return, e.Errs) == errpath.Failure
	}
	after := x.f.CFG.Blocks[0]
	for _, tc := range []struct {
		name string
		errs bool
		stop func(ast.Node) bool
		want func(typestate.Exit) bool
		line int // 0: none
	}{
		{"any", false, never, nil, 6},
		{"not through Flush", false, flushes, nil, 12},
		{"a failure, path facts", true, never, failure, 6},
		{"a failure, without facts", false, never, failure, 0},
		{"a failure not through Flush", true, flushes, failure, 0},
	} {
		ret := typestate.FirstReturn(x.f, pathflow.Point{Block: after}, tc.errs, tc.stop, tc.want)
		got := 0
		if ret != nil {
			got = x.line(ret)
		}
		if got != tc.line {
			t.Errorf("%s: return at line %d, want %d", tc.name, got, tc.line)
		}
	}
}
