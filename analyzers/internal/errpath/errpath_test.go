package errpath_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/cfg"

	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/pathflow"
)

// Each case is the body of a package; every return statement with a
// trailing comment naming a verdict is checked. The facts are those of
// Guarded, plus: a local variable whose name starts with "bad" is NonNil,
// one whose name starts with "seen" is MaybeNil (what a caller's data-flow
// would supply).
var cases = []struct {
	name, src string
}{
	{"no error result", `
func f() int {
	return 1 // Success
}
func g() {
	return // Success
}`},
	{"nil", `
func f() (int, error) {
	return 0, nil // Success
}
func g() error {
	return (nil) // Success
}`},
	{"constructors", `
func f(x int) error {
	if x > 0 {
		return fmt.Errorf("x = %d", x) // Failure
	}
	return errors.New("no") // Failure
}`},
	{"concrete types are never nil interfaces", `
type myErr struct{ s string }
func (e *myErr) Error() string { return e.s }
type code int
func (c code) Error() string { return "code" }
func mk() *myErr { return nil }
func f(x int) error {
	switch x {
	case 0:
		return &myErr{"x"} // Failure
	case 1:
		return code(3) // Failure
	case 2:
		var e *myErr
		return e // Failure
	case 3:
		return mk() // Failure
	case 4:
		return &os.PathError{Op: "open", Err: os.ErrNotExist} // Failure
	}
	return error(code(1)) // Failure
}`},
	{"sentinels", `
var errLocal = errors.New("local")
func f(x int) error {
	if x == 0 {
		return io.EOF // Failure
	}
	if x == 1 {
		return os.ErrClosed // Failure
	}
	return errLocal // Failure
}`},
	{"state accessors and finishing calls are nil on success", `
func f(w *bufio.Writer, cw *csv.Writer, sc *bufio.Scanner, file *os.File, x int) error {
	switch x {
	case 0:
		return w.Flush() // Success
	case 1:
		cw.Flush()
		return cw.Error() // Success
	case 2:
		return sc.Err() // Success
	case 3:
		return file.Sync() // Success
	}
	return file.Close() // Success
}`},
	{"a call is nil when it succeeded", `
func do() error { return nil }
func pair() (int, error) { return 0, nil }
func f(x int) error {
	if x == 0 {
		return do() // Success
	}
	return fmt.Errorf("%w", do()) // Failure
}
func g() (int, error) {
	return pair() // Success
}
func h() (int, error) {
	n, err := pair()
	return n, err // Unknown
}`},
	{"a done context's error", `
func f(ctx context.Context, c chan int) error {
	select {
	case <-ctx.Done():
		return ctx.Err() // Failure
	case <-c:
	}
	return nil // Success
}`},
	{"constructors by name", `
func newError(s string) error { return errors.New(s) }
func wrapErr(err error) error { return err }
type multi struct{}
func (multi) ErrorOrNil() error { return nil }
func (multi) fail() error { return nil }
func f(x int, m multi) error {
	switch x {
	case 0:
		return newError("x") // Failure
	case 1:
		return m.ErrorOrNil() // Success
	case 2:
		return m.fail() // Failure
	}
	return wrapErr(io.EOF) // Failure
}`},
	{"calls with a known error argument", `
func annotate(err error, s string) error { return err }
func f(x int) error {
	badErr := do()
	seenErr := do()
	if x == 0 {
		return errors.Join(badErr, nil) // Failure
	}
	if x == 1 {
		return annotate(seenErr, "x") // Success
	}
	return annotate(badErr, "x") // Failure
}
func do() error { return nil }`},
	{"locals: what the caller knows", `
func do() error { return nil }
func f() error {
	badErr := do()
	seenErr := do()
	other := do()
	if seenErr != nil {
		return badErr // Failure
	}
	if other == nil {
		return seenErr // Success
	}
	return other // Unknown
}`},
	{"bare return of the named result", `
func do() error { return nil }
func f() (err error) {
	err = do()
	if err != nil {
		return // Failure
	}
	return // Unknown
}
func g() (seenErr error) {
	return // Success
}`},
	{"guards", `
func do() (int, error) { return 0, nil }
func f() (int, error) {
	n, err := do()
	if err != nil {
		return 0, err // Failure
	}
	if err != nil && err != io.EOF {
		return n, err // Failure
	}
	if nil != err {
		err = nil
		return n, err // Unknown
	}
	if err == nil {
		return n, nil // Success
	} else {
		return n, err // Failure
	}
}
func g() error {
	_, err := do()
	switch {
	case err != nil:
		return err // Failure
	}
	if err == nil || n() {
		return nil // Success
	} else {
		return err // Failure
	}
}
func n() bool { return false }
func h() error {
	_, err := do()
	if err != nil {
		return func() error {
			return err // Unknown
		}()
	}
	for {
		if _, err := do(); err != nil {
			return err // Failure
		}
		return err // Unknown
	}
}`},
	{"fields, receives and type assertions are unknown", `
type s struct{ err error }
func f(x s, c chan error, v any) error {
	switch {
	case x.err == nil:
		return x.err // Unknown
	case v != nil:
		return v.(error) // Unknown
	}
	return <-c // Unknown
}`},
	{"the error result is the last one of type error", `
func f() (error, int) {
	return io.EOF, 0 // Failure
}
func g() (err error, n int) {
	return nil, 1 // Success
}`},
}

func TestReports(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "package p\nimport (\n\t\"bufio\"\n\t\"context\"\n\t\"encoding/csv\"\n\t\"errors\"\n\t\"fmt\"\n\t\"io\"\n\t\"os\"\n)\nvar _ = bufio.NewWriter\nvar _ = context.Background\nvar _ = csv.NewWriter\nvar _ = errors.New\nvar _ = fmt.Errorf\nvar _ = io.EOF\nvar _ = os.Stdout\n" + c.src
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			info := &types.Info{
				Types: make(map[ast.Expr]types.TypeAndValue),
				Defs:  make(map[*ast.Ident]types.Object),
				Uses:  make(map[*ast.Ident]types.Object),
			}
			conf := types.Config{Importer: importer.Default()}
			if _, err := conf.Check("p", fset, []*ast.File{file}, info); err != nil {
				t.Fatal(err)
			}
			want := make(map[int]string)
			for _, cg := range file.Comments {
				for _, cm := range cg.List {
					text := strings.TrimSpace(strings.TrimPrefix(cm.Text, "//"))
					switch text {
					case "Success", "Failure", "Unknown":
						want[fset.Position(cm.Pos()).Line] = text
					}
				}
			}
			checked := 0
			var stack []ast.Node
			var fns []ast.Node
			ast.Inspect(file, func(n ast.Node) bool {
				if n == nil {
					top := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					if len(fns) > 0 && fns[len(fns)-1] == top {
						fns = fns[:len(fns)-1]
					}
					return true
				}
				stack = append(stack, n)
				switch n := n.(type) {
				case *ast.FuncDecl, *ast.FuncLit:
					fns = append(fns, n)
				case *ast.ReturnStmt:
					line := fset.Position(n.Pos()).Line
					w, ok := want[line]
					if !ok {
						return true
					}
					checked++
					sig := errpath.Signature(info, fns[len(fns)-1])
					guarded := errpath.Guarded(info, stack, n.Pos())
					facts := func(v *types.Var) errpath.Fact {
						switch {
						case strings.HasPrefix(v.Name(), "bad"):
							return errpath.NonNil
						case strings.HasPrefix(v.Name(), "seen"):
							return errpath.MaybeNil
						case guarded != nil:
							return guarded(v)
						}
						return errpath.Unseen
					}
					if got := errpath.Reports(info, sig, n, facts).String(); got != w {
						t.Errorf("line %d: %s: got %s, want %s", line, types.ExprString(retExpr(n)), got, w)
					}
				}
				return true
			})
			if checked != len(want) {
				t.Errorf("checked %d returns, want %d", checked, len(want))
			}
		})
	}
}

func retExpr(r *ast.ReturnStmt) ast.Expr {
	if len(r.Results) == 0 {
		return &ast.Ident{Name: "<bare>"}
	}
	return r.Results[len(r.Results)-1]
}

func TestNilFacts(t *testing.T) {
	// A nil Facts knows nothing: locals are Unknown, the rest unchanged.
	src := "package p\nimport \"errors\"\nfunc do() error { return nil }\nfunc f() error {\n\terr := do()\n\tif err != nil {\n\t\treturn err\n\t}\n\treturn errors.New(\"x\")\n}\n"
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	fn := file.Decls[2].(*ast.FuncDecl)
	sig := errpath.Signature(info, fn)
	ifs := fn.Body.List[1].(*ast.IfStmt)
	inner := ifs.Body.List[0].(*ast.ReturnStmt)
	last := fn.Body.List[2].(*ast.ReturnStmt)
	if got := errpath.Reports(info, sig, inner, nil); got != errpath.Unknown {
		t.Errorf("return err, no facts: got %s, want Unknown", got)
	}
	stack := []ast.Node{file, fn, fn.Body, ifs, ifs.Body, inner}
	if got := errpath.Enclosing(file, inner); len(got) != len(stack) || got[3] != ast.Node(ifs) || got[5] != ast.Node(inner) {
		t.Errorf("Enclosing = %v, want %v", got, stack)
	}
	if got := errpath.Enclosing(fn.Body, file); got != nil {
		t.Errorf("Enclosing of a node outside root = %v, want nil", got)
	}
	if got := errpath.Reports(info, sig, inner, errpath.Guarded(info, stack, inner.Pos())); got != errpath.Failure {
		t.Errorf("return err, guarded: got %s, want Failure", got)
	}
	if got := errpath.Reports(info, sig, last, nil); got != errpath.Failure {
		t.Errorf("return errors.New: got %s, want Failure", got)
	}
	if errpath.ErrorResult(sig) != 0 || errpath.ErrorResult(nil) != -1 {
		t.Errorf("ErrorResult")
	}
}

// TestFlow: the Facts of Flow at each marked return. In h, closures that
// only read a variable leave it followed; one that assigns it (=, a range
// clause) or takes its address does not. In k, nil tests in && and ||
// chains (go/cfg keeps them in one condition).
func TestFlow(t *testing.T) {
	src := `package p

import "errors"

func do() error { return nil }
func do2() (int, error) { return 0, nil }
func cond() bool { return false }

func f() (err error) {
	n, err2 := do2()
	if err2 != nil {
		return err2 // Failure
	}
	if n > 0 {
		return err2 // Success
	}
	err = errors.New("x")
	if cond() {
		return err // Failure
	}
	err = do()
	if cond() {
		return err // Success
	}
	if err == nil {
		return // Success
	} else if cond() {
		return // Failure
	}
	other := err
	if cond() {
		return other // Failure
	}
	var captured error
	func() { captured = do() }()
	if captured != nil {
		return captured // Unknown
	}
	for _, e := range []error{err} {
		if cond() {
			return e // Success
		}
	}
	return nil // Success
}

func g(p error) error {
	if cond() {
		return p // Unknown
	}
	var err error
	for i := 0; i < 3; i++ {
		if err = do(); err != nil {
			continue
		}
		return err // Success
	}
	return err // Success
}

func h() (err error) {
	defer func() {
		if err != nil {
			println("failed:", err.Error())
		}
	}()
	var assigned error
	defer func() { assigned = nil }()
	var addr error
	func() { _ = &addr }()
	var ranged error
	func() {
		for _, ranged = range []error{nil} {
		}
	}()
	err = do()
	if cond() {
		return err // Success
	}
	if err != nil {
		return // Failure
	}
	assigned = errors.New("x")
	if cond() {
		return assigned // Unknown
	}
	addr = errors.New("y")
	if cond() {
		return addr // Unknown
	}
	ranged = errors.New("z")
	return ranged // Unknown
}

var errX = errors.New("x")

func k() error {
	err := do()
	if err != nil && err != errX {
		return err // Failure
	}
	if cond() && (err != nil) {
		return err // Failure
	}
	if err == nil || cond() {
		return err // Success
	}
	return err // Failure
}
`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	want := make(map[int]string)
	for _, cg := range file.Comments {
		for _, cm := range cg.List {
			want[fset.Position(cm.Pos()).Line] = strings.TrimSpace(strings.TrimPrefix(cm.Text, "//"))
		}
	}
	checked := 0
	for _, d := range file.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || !strings.Contains("fghk", fn.Name.Name) {
			continue
		}
		g := cfg.New(fn.Body, func(*ast.CallExpr) bool { return true })
		flow := errpath.NewFlow(info, fn, g)
		sig := errpath.Signature(info, fn)
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			ret, ok := n.(*ast.ReturnStmt)
			if !ok {
				return true
			}
			line := fset.Position(ret.Pos()).Line
			w, ok := want[line]
			if !ok {
				return true
			}
			checked++
			if got := errpath.Reports(info, sig, ret, flow.At(ret)).String(); got != w {
				t.Errorf("line %d: %s: got %s, want %s", line, types.ExprString(retExpr(ret)), got, w)
			}
			return true
		})
	}
	if checked != len(want) {
		t.Errorf("checked %d returns, want %d", checked, len(want))
	}
}

// TestFlowPath: the facts carried along a walk from a point (Before, Step,
// Edge, Facts) are those of the paths through that point: sharper than
// At, which merges every path to the return.
func TestFlowPath(t *testing.T) {
	src := `package p

func do() error { return nil }
func cond() bool { return false }
func mark(string) {}

func f() error {
	err := do()
	mark("d")
	if err != nil {
		mark("a")
	} else if cond() {
		mark("b")
	}
	if cond() {
		err = nil
		mark("c")
	}
	return err
}
`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	var fn *ast.FuncDecl
	for _, d := range file.Decls {
		if d, ok := d.(*ast.FuncDecl); ok && d.Name.Name == "f" {
			fn = d
		}
	}
	g := cfg.New(fn.Body, func(*ast.CallExpr) bool { return true })
	flow := errpath.NewFlow(info, fn, g)
	sig := errpath.Signature(info, fn)
	loc := pathflow.Locate(g)
	marks := make(map[string]ast.Node)
	var ret *ast.ReturnStmt
	for n := range loc {
		switch n := n.(type) {
		case *ast.ExprStmt:
			lit := n.X.(*ast.CallExpr).Args[0].(*ast.BasicLit)
			marks[strings.Trim(lit.Value, `"`)] = n
		case *ast.ReturnStmt:
			ret = n
		}
	}
	if got := errpath.Reports(info, sig, ret, flow.At(ret)); got != errpath.Success {
		t.Errorf("At(return err) = %v, want Success", got)
	}
	// From each mark, the verdicts of the return on the paths from it.
	for mark, want := range map[string][]errpath.Verdict{
		"a": {errpath.Failure, errpath.Success}, // err != nil; or err = nil
		"b": {errpath.Success},
		"c": {errpath.Success},
		"d": {errpath.Failure, errpath.Success}, // through the nil test's edges
	} {
		n := marks[mark]
		p, ok := loc[n]
		if !ok {
			t.Fatalf("mark %s: not located", mark)
		}
		bits := flow.Step(n, flow.BeforePoint(p))
		var got []errpath.Verdict
		pathflow.Walk(pathflow.Point{Block: p.Block, Index: p.Index + 1}, bits, pathflow.Walker[pathflow.Bits]{
			Edge: func(from, to *cfg.Block, s pathflow.Bits) (pathflow.Bits, bool) {
				return flow.Edge(from, to, s), true
			},
			Node: func(_ *cfg.Block, n ast.Node, s pathflow.Bits) (pathflow.Bits, bool) {
				return flow.Step(n, s), true
			},
			Exit: func(b *cfg.Block, s pathflow.Bits) {
				r := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt)
				got = append(got, errpath.Reports(info, sig, r, flow.Facts(s)))
			},
		})
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("from mark %s: got %v, want %v", mark, got, want)
		}
	}
}

// TestSentinelOnly: which variables SentinelOnly keeps, and the branches
// on which BranchSentinelTests finds them non-nil.
func TestSentinelOnly(t *testing.T) {
	src := `package p
import (
	"context"
	"errors"
	"io"
)
type tok interface{ Err() error }
var ErrDone = errors.New("done")
func cond() bool { return false }
func read() (int, error) { return 0, nil }
func f(z tok, ctx context.Context) {
	keep := z.Err()
	if keep == io.EOF {
		return
	}
	keep2 := z.Err()
	if errors.Is(keep2, ErrDone) || cond() {
		return
	}
	keep3 := z.Err()
	if !errors.Is(keep3, io.EOF) && cond() {
		return
	}
	nilTested := z.Err()
	if nilTested == io.EOF || nilTested == nil {
		return
	}
	_, fromRead := read()
	if fromRead == io.EOF {
		return
	}
	mixed := z.Err()
	mixed, _ = nil, 0
	if mixed == io.EOF {
		return
	}
	var declared error
	declared = z.Err()
	if declared == io.EOF {
		return
	}
	untested := z.Err()
	_ = untested
	fromCtx := ctx.Err()
	if fromCtx == context.Canceled {
		return
	}
	addr := z.Err()
	p := &addr
	_ = p
	if addr != io.EOF {
		return
	}
}
`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	var fn *ast.FuncDecl
	for _, d := range file.Decls {
		if d, ok := d.(*ast.FuncDecl); ok && d.Name.Name == "f" {
			fn = d
		}
	}
	only := errpath.SentinelOnly(info, fn.Body)
	var got []string
	for v := range only {
		got = append(got, v.Name())
	}
	slices.Sort(got)
	if want := []string{"keep", "keep2", "keep3"}; !slices.Equal(got, want) {
		t.Fatalf("SentinelOnly = %v, want %v", got, want)
	}
	// The condition of each if, on each branch: the variables found
	// non-nil.
	var conds []ast.Expr
	for _, s := range fn.Body.List {
		if is, ok := s.(*ast.IfStmt); ok {
			conds = append(conds, is.Cond)
		}
	}
	branch := func(cond ast.Expr, whenTrue bool) string {
		var names []string
		errpath.BranchSentinelTests(info, cond, whenTrue, only, func(v *types.Var) { names = append(names, v.Name()) })
		return strings.Join(names, ",")
	}
	for _, c := range []struct {
		i              int
		onTrue, onFals string
	}{
		{0, "", "keep"},  // keep == io.EOF
		{1, "", "keep2"}, // errors.Is(keep2, ErrDone) || cond()
		{2, "keep3", ""}, // !errors.Is(keep3, io.EOF) && cond()
		{3, "", ""},      // nil-tested: not in only
	} {
		if got := branch(conds[c.i], true); got != c.onTrue {
			t.Errorf("cond %d, true branch: %q, want %q", c.i, got, c.onTrue)
		}
		if got := branch(conds[c.i], false); got != c.onFals {
			t.Errorf("cond %d, false branch: %q, want %q", c.i, got, c.onFals)
		}
	}
	if errpath.SentinelOnly(info, nil) != nil {
		t.Errorf("SentinelOnly(nil) != nil")
	}
}
