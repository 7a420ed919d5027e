package pipelineerr

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/internal/typestate"
)

// A streamed HTTP response that ends "cleanly" after a failed copy
// (golang/go#31932): a handler copies a file, an upstream body or a
// generated stream into the http.ResponseWriter and drops the error. With
// no Content-Length the response is chunked, and when the handler returns
// net/http writes the final empty chunk: the client stores the truncated
// body as a complete one. The remedy is to cut the connection, which
// net/http does when the handler panics with http.ErrAbortHandler. With a
// Content-Length the client notices the short body itself.

// httpCopy reports io.Copy (CopyN, CopyBuffer) into a response writer
// whose error is dropped (how: statement, go, defer, blank, or "n, _"),
// in a function that sets no Content-Length.
func (c *checker) httpCopy(call *ast.CallExpr, fn *types.Func, how string, stack []ast.Node) {
	if how == "go" || how == "defer" || c.inTest(call) || len(call.Args) < 2 {
		return
	}
	info := c.pass.TypesInfo
	dst, src := call.Args[0], call.Args[1]
	if infallibleReader(info.TypeOf(src)) {
		return // memory: the copy fails only when the client is gone
	}
	if c.onErrorPath(stack) {
		return // an error response's body, reported anyway
	}
	outer := outermostFunc(stack)
	if outer == nil || setsContentLength(info, outer, dst) || !c.returnsAfter(stack) {
		return
	}
	w := types.ExprString(dst)
	c.report(ruleHTTPCopy, call, c.abortFix(call, how, stack),
		"the error of io.%s into %s is dropped and no Content-Length is set: when the copy fails, net/http ends the chunked response normally and the client takes the truncated body for a whole one; on error, log it and panic(http.ErrAbortHandler) to cut the connection",
		fn.Name(), w)
}

// outermostFunc returns the outermost FuncDecl or FuncLit of stack: the
// handler, when the copy is in a closure inside it.
func outermostFunc(stack []ast.Node) ast.Node {
	for _, n := range stack {
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return n
		}
	}
	return nil
}

// setsContentLength reports whether fn may set the response's
// Content-Length: it mentions the header by name (a "Content-Length"
// string constant, any case), or it hands the header map of w to a
// function or fills it under keys it does not spell (a proxy copying an
// upstream response's headers).
// PS-contentlength.
func setsContentLength(info *types.Info, fn ast.Node, w ast.Expr) bool {
	ws := types.ExprString(w)
	isHeaderOfW := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) != 0 {
			return false
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "Header" && types.ExprString(sel.X) == ws
	}
	// Locals that hold w.Header().
	headerVars := make(map[types.Object]bool)
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.BasicLit:
			if tv, ok := info.Types[n]; ok && tv.Value != nil && tv.Value.Kind() == constant.String &&
				strings.EqualFold(constant.StringVal(tv.Value), "Content-Length") {
				found = true
			}
		case *ast.SelectorExpr:
			// http.Header's canonical key spelled through a constant of
			// another package.
			if tv, ok := info.Types[n]; ok && tv.Value != nil && tv.Value.Kind() == constant.String &&
				strings.EqualFold(constant.StringVal(tv.Value), "Content-Length") {
				found = true
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, r := range n.Rhs {
					if id, ok := n.Lhs[i].(*ast.Ident); ok && isHeaderOfW(r) {
						if obj := info.ObjectOf(id); obj != nil {
							headerVars[obj] = true
						}
					}
				}
			}
		}
		return !found
	})
	if found {
		return true
	}
	isHeader := func(e ast.Expr) bool {
		if isHeaderOfW(e) {
			return true
		}
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && headerVars[info.ObjectOf(id)]
	}
	ast.Inspect(fn, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			for _, a := range n.Args {
				if isHeader(a) {
					found = true // copyHeader(w.Header(), resp.Header)
				}
			}
			// h.Set(k, v), h.Add(k, v) with a key that is not a constant.
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && isHeader(sel.X) && len(n.Args) == 2 &&
				(sel.Sel.Name == "Set" || sel.Sel.Name == "Add") {
				if tv, ok := info.Types[n.Args[0]]; !ok || tv.Value == nil {
					found = true
				}
			}
		case *ast.IndexExpr:
			if isHeader(n.X) {
				if tv, ok := info.Types[n.Index]; !ok || tv.Value == nil {
					found = true // w.Header()[k] = v
				}
			}
		}
		return !found
	})
	return found
}

// abortFix rewrites the copy to panic with http.ErrAbortHandler when it
// fails: `if _, err := io.Copy(w, r); err != nil { panic(http.ErrAbortHandler) }`
// for a statement or `_, _ =`, and `n, err := ...` followed by the check
// for `n, _ :=`. Offered when the file imports net/http (its name is
// needed) and the statement stands in a block.
func (c *checker) abortFix(call *ast.CallExpr, how string, stack []ast.Node) []analysis.SuggestedFix {
	if len(stack) < 2 || stmtList(stack[len(stack)-2]) == nil {
		return nil
	}
	stmt, ok := stack[len(stack)-1].(ast.Stmt)
	if !ok {
		return nil
	}
	http := c.importName(call.Pos(), "net/http")
	if http == "" {
		return nil
	}
	indent := strings.Repeat("\t", c.pass.Fset.Position(stmt.Pos()).Column-1)
	abort := fmt.Sprintf("panic(%s.ErrAbortHandler) // the copy failed: cut the connection, so the client sees a broken body", http)
	var edits []analysis.TextEdit
	switch how {
	case "statement", "blank":
		edits = []analysis.TextEdit{
			{Pos: stmt.Pos(), End: call.Pos(), NewText: []byte("if _, err := ")},
			{Pos: call.End(), End: stmt.End(), NewText: []byte(fmt.Sprintf("; err != nil {\n%s\t%s\n%s}", indent, abort, indent))},
		}
	case "n, _":
		as := stmt.(*ast.AssignStmt)
		if as.Tok != token.DEFINE && !c.declaredIn(call.Pos(), "err") {
			return nil
		}
		edits = []analysis.TextEdit{
			{Pos: as.Lhs[1].Pos(), End: as.Lhs[1].End(), NewText: []byte("err")},
			{Pos: as.End(), End: as.End(), NewText: []byte(fmt.Sprintf("\n%sif err != nil {\n%s\t%s\n%s}", indent, indent, abort, indent))},
		}
	default:
		return nil
	}
	return []analysis.SuggestedFix{{Message: "Cut the connection when the copy fails (panic(http.ErrAbortHandler))", TextEdits: edits}}
}

// importName returns the name under which the file around pos imports
// path, or "" when it does not (or imports it as _ or .).
func (c *checker) importName(pos token.Pos, path string) string {
	for _, f := range c.pass.Files {
		if f.FileStart > pos || pos > f.FileEnd {
			continue
		}
		for _, imp := range f.Imports {
			if imp.Path.Value != `"`+path+`"` {
				continue
			}
			if imp.Name != nil {
				if imp.Name.Name == "_" || imp.Name.Name == "." {
					return ""
				}
				return imp.Name.Name
			}
			if pkg, ok := c.pass.TypesInfo.Implicits[imp].(*types.PkgName); ok {
				return pkg.Name()
			}
		}
	}
	return ""
}

// declaredIn reports whether name is declared in a scope around pos
// (below the package scope).
func (c *checker) declaredIn(pos token.Pos, name string) bool {
	scope := c.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return false
	}
	_, obj := scope.LookupParent(name, pos)
	return obj != nil && obj.Parent() != c.pass.Pkg.Scope() && obj.Parent() != types.Universe
}

// returnsAfter reports whether a return of the innermost function around
// stack (whose last element is the statement) is reachable from that
// statement: only a handler that returns lets net/http end the body. One
// that writes for ever, or exits, never ends it cleanly.
// PS-httpforever.
func (c *checker) returnsAfter(stack []ast.Node) bool {
	f := c.pathsOf(innermostFunc(stack))
	if f == nil {
		return true
	}
	at, ok := f.Locate(stack[len(stack)-1])
	if !ok {
		return true
	}
	return typestate.FirstReturn(f, at, false, func(ast.Node) bool { return false }, nil) != nil
}
