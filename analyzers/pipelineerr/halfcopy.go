package pipelineerr

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/internal/errpath"
	"github.com/flowvet/flowvet/analyzers/internal/fixsrc"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// Half-used copy results: `n, _ := io.Copy(dst, src)` keeps the count and
// drops the error. Unlike `_, _ =`, that is no written decision about the
// error: the count of a failed copy is taken for the size of a whole one
// (logged, stored, compared with a length), and dst is left truncated.

// halfCopy reports `n, _ := io.Copy(...)` (also `=`, CopyN, CopyBuffer).
// The silent cases are the discarded copy's (ioCopy): a test, a drain into
// io.Discard or the process's own output, memory to memory, a peer, a path
// that returns an error. Into an http.ResponseWriter the HTTP rule decides
// (httpcopy.go).
// PS-halfdrain.
func (c *checker) halfCopy(call *ast.CallExpr, fn *types.Func, stack []ast.Node) {
	as, ok := stack[len(stack)-1].(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != call || len(call.Args) < 2 ||
		isBlank(as.Lhs[0]) || !isBlank(as.Lhs[1]) || c.inTest(call) {
		return
	}
	info := c.pass.TypesInfo
	dst, src := call.Args[0], call.Args[1]
	dstType := info.TypeOf(dst)
	if isResponseWriter(dstType) {
		c.httpCopy(call, fn, "n, _", stack)
		return
	}
	if isDiscard(info, dst) || isStdStream(info, dst) || isPeer(dstType) ||
		infallibleReader(info.TypeOf(src)) && infallibleWriter(dstType) {
		return
	}
	if c.onErrorPath(stack) {
		return // a failure is reported anyway; the count is for its message
	}
	n := types.ExprString(as.Lhs[0])
	// CopyN returns n == size if and only if err == nil: comparing the
	// count with the size is the error check (cmd/internal/archive).
	if fn.Name() == "CopyN" && len(call.Args) == 3 && comparesWith(innermostFunc(stack), n, types.ExprString(call.Args[2])) {
		return
	}
	c.report(ruleHalfCopy, as, c.checkCopyErrorFix(as, stack),
		"the error of io.%s is dropped while its count %s is used: the count of a failed or short copy is taken for a whole one and %s is left truncated; check the error (%s, err %s io.%s(...); if err != nil { ... })",
		fn.Name(), n, types.ExprString(dst), n, as.Tok, fn.Name())
}

// checkCopyErrorFix names the dropped error err and returns it when it is
// not nil, with zero values for the other results: offered when the
// assignment stands in a block of a function whose last result is an error
// and whose other results have zero values that can be written, and when
// the name err is free for it (a `:=` that may declare it, or an `=` with
// an error variable err in scope).
func (c *checker) checkCopyErrorFix(as *ast.AssignStmt, stack []ast.Node) []analysis.SuggestedFix {
	if len(stack) < 2 || stmtList(stack[len(stack)-2]) == nil {
		return nil
	}
	info := c.pass.TypesInfo
	sig := errpath.Signature(info, innermostFunc(stack))
	if sig == nil || sig.Results().Len() == 0 || errpath.ErrorResult(sig) != sig.Results().Len()-1 {
		return nil
	}
	if scope := c.pass.Pkg.Scope().Innermost(as.Pos()); scope != nil {
		_, obj := scope.LookupParent("err", as.Pos())
		switch {
		case obj == nil && as.Tok == token.ASSIGN:
			return nil
		case obj != nil && !errpath.IsError(obj.Type()) && (as.Tok == token.ASSIGN || obj.Parent() == scope):
			return nil
		}
	}
	var results []string
	for i := 0; i < sig.Results().Len()-1; i++ {
		z, ok := fixsrc.ZeroValue(sig.Results().At(i).Type(), types.RelativeTo(c.pass.Pkg))
		if !ok {
			return nil
		}
		results = append(results, z)
	}
	results = append(results, "err")
	indent := strings.Repeat("\t", c.pass.Fset.Position(as.Pos()).Column-1)
	check := fmt.Sprintf("\n%sif err != nil {\n%s\treturn %s\n%s}", indent, indent, strings.Join(results, ", "), indent)
	return []analysis.SuggestedFix{{
		Message: "Check the copy's error",
		TextEdits: []analysis.TextEdit{
			{Pos: as.Lhs[1].Pos(), End: as.Lhs[1].End(), NewText: []byte("err")},
			{Pos: as.End(), End: as.End(), NewText: []byte(check)},
		},
	}}
}

// isResponseWriter reports whether t is an http.ResponseWriter or a type
// with its Header() http.Header and WriteHeader(int) methods (gin's and
// echo's response writers).
func isResponseWriter(t types.Type) bool {
	if t == nil {
		return false
	}
	if streams.IsNamed(t, "net/http", "ResponseWriter") {
		return true
	}
	h, _, _ := types.LookupFieldOrMethod(t, true, nil, "Header")
	wh, _, _ := types.LookupFieldOrMethod(t, true, nil, "WriteHeader")
	hf, ok1 := h.(*types.Func)
	_, ok2 := wh.(*types.Func)
	if !ok1 || !ok2 || hf.Signature().Results().Len() != 1 {
		return false
	}
	return streams.IsNamed(hf.Signature().Results().At(0).Type(), "net/http", "Header")
}

// comparesWith reports whether fn holds a == or != comparison of the
// expressions spelled a and b.
// PS-copynsize.
func comparesWith(fn ast.Node, a, b string) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if e, ok := n.(*ast.BinaryExpr); ok && (e.Op == token.EQL || e.Op == token.NEQ) {
			x, y := types.ExprString(e.X), types.ExprString(e.Y)
			found = found || x == a && y == b || x == b && y == a
		}
		return !found
	})
	return found
}
