package pipelineerr

import (
	"go/ast"
	"go/types"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// `return w.Close()` of a flowrt writer on an error path: since
// CloseWithError returns its argument (issue 14), `return
// w.CloseWithError(err)` is the line, and `return w.Close()` loses err
// twice: the reader gets a clean io.EOF after truncated data, and the
// caller gets Close's nil. Not when err is the stream's own (the if tests
// the result of a method of w, in its init or the statement before it):
// Close then returns that error, and the stream has already failed.
func (c *checker) returnCloseOnErrorPath(call *ast.CallExpr, stack []ast.Node) {
	ret, ok := stack[len(stack)-1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) == 0 || ast.Unparen(ret.Results[len(ret.Results)-1]) != call {
		return
	}
	recv := types.ExprString(streams.Receiver(call))
	for i := len(stack) - 1; i >= 1; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return
		case *ast.IfStmt:
			if c.streamsOwnError(n, stack[i-1], recv) {
				return
			}
			c.closeOnErrorPath(call, stack, true)
			return
		}
	}
}

// streamsOwnError reports whether the error ifs tests is assigned, in its
// init or by the statement before it in parent, from a method call on recv.
func (c *checker) streamsOwnError(ifs *ast.IfStmt, parent ast.Node, recv string) bool {
	assign := ifs.Init
	if assign == nil {
		assign = prevStmt(parent, ifs)
	}
	as, ok := assign.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 {
		return false
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return false
	}
	r := streams.Receiver(call)
	return r != nil && types.ExprString(r) == recv
}
