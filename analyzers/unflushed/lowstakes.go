package unflushed

import (
	"go/ast"
	"go/constant"
	"go/token"
	"strings"

	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/locals"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// Some written files lose little when their Close error is dropped. Where
// the report is still true, its message says why the stakes are low
// (lowStakes); where the function itself says the file is best-effort, the
// dropped-Close rule is silent (bestEffort).

// stakesNote is the end of a dropped-Close message of the file v: " (low
// stakes: why)" when lowStakes knows why, or in test code (reported only
// with -unflushed.tests).
func (c *checker) stakesNote(v *value) string {
	why := c.lowStakes(v)
	if why == "" && c.testCode {
		why = "test code"
	}
	if why == "" {
		return ""
	}
	return " (low stakes: " + why + ")"
}

// lowStakes returns why a dropped Close error of the file v costs little,
// or "": a profile or an execution trace (runtime/pprof, runtime/trace: a
// diagnostic, taken again on the next run), a log file (the log's own
// writes drop their errors anyway), a generated Go source file (a
// truncated one fails to compile).
func (c *checker) lowStakes(v *value) string {
	if v.info.kind != kFile {
		return ""
	}
	if len(v.ctor.Args) > 0 && c.goSource(v.ctor.Args[0], 0) {
		return "a generated Go file, which fails to compile when it is short"
	}
	info := c.pass.TypesInfo
	why := ""
	ast.Inspect(c.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || why != "" {
			return why == ""
		}
		passed := false
		for _, a := range call.Args {
			if id, ok := ast.Unparen(a).(*ast.Ident); ok && info.Uses[id] == v.obj {
				passed = true
			}
		}
		if !passed {
			return true
		}
		fn := streams.Callee(info, call)
		if fn == nil || fn.Pkg() == nil {
			return true
		}
		switch fn.Pkg().Path() {
		case "runtime/pprof":
			why = "a profile"
		case "runtime/trace":
			why = "an execution trace"
		case "log":
			if fn.Name() == "SetOutput" || fn.Name() == "New" {
				why = "a log file"
			}
		case "log/slog":
			if fn.Name() == "NewTextHandler" || fn.Name() == "NewJSONHandler" {
				why = "a log file"
			}
		}
		return why == ""
	})
	return why
}

// goSource reports whether e, a file name, ends in ".go": a constant, a
// concatenation or a filepath.Join/path.Join whose last part is one, or a
// local assigned once from one of these (fyne's injected
// fyne_metadata_init.go).
func (c *checker) goSource(e ast.Expr, depth int) bool {
	info := c.pass.TypesInfo
	e = ast.Unparen(e)
	if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return strings.HasSuffix(constant.StringVal(tv.Value), ".go")
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		return e.Op == token.ADD && c.goSource(e.Y, depth)
	case *ast.CallExpr:
		fn := streams.Callee(info, e)
		if (streams.IsFunc(fn, "path/filepath", "Join") || streams.IsFunc(fn, "path", "Join")) && len(e.Args) > 0 && !e.Ellipsis.IsValid() {
			return c.goSource(e.Args[len(e.Args)-1], depth)
		}
	case *ast.Ident:
		if v := c.localVar(e); v != nil && depth == 0 {
			if rhs := locals.Only(info, c.body, v); rhs != nil {
				return c.goSource(rhs, 1)
			}
		}
	}
	return false
}

// bestEffort reports whether the function gives up on the file v
// silently: right after the constructor, `if err != nil { ... return
// ...nil }` returns success when the file cannot even be created (a REPL's
// history, a cache of something it can recompute). A Close failure then
// loses nothing the function promised; the dropped-Close rule is silent.
// The rule issue 17 asked for: US-besteffort.
func (c *checker) bestEffort(v *value) bool {
	if v.info.kind != kFile || c.errRes < 0 {
		return false
	}
	as, ok := c.parents[v.ctor].(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 2 {
		return false
	}
	errID, ok := as.Lhs[1].(*ast.Ident)
	if !ok {
		return false
	}
	errObj := c.pass.TypesInfo.ObjectOf(errID)
	var next ast.Stmt
	ast.Inspect(c.body, func(n ast.Node) bool {
		b, ok := n.(*ast.BlockStmt)
		if !ok || next != nil {
			return next == nil
		}
		for k, s := range b.List {
			if s == as && k+1 < len(b.List) {
				next = b.List[k+1]
			}
		}
		return next == nil
	})
	ifs, ok := next.(*ast.IfStmt)
	if !ok || ifs.Init != nil || len(ifs.Body.List) == 0 {
		return false
	}
	cond, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ || !streams.IsNil(c.pass.TypesInfo, cond.Y) {
		return false
	}
	if id, ok := ast.Unparen(cond.X).(*ast.Ident); !ok || c.pass.TypesInfo.Uses[id] != errObj {
		return false
	}
	ret, ok := ifs.Body.List[len(ifs.Body.List)-1].(*ast.ReturnStmt)
	return ok && len(ret.Results) == c.sig.Results().Len() &&
		streams.IsNil(c.pass.TypesInfo, ast.Unparen(ret.Results[c.errRes])) &&
		errpath.IsError(c.sig.Results().At(c.errRes).Type())
}
