package pipelineerr

import (
	"go/ast"
	"go/types"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// readerCloseWithError reports a dropped result of a flowrt reader's
// CloseWithError(err), as a dropped Send is: the consumer gave up, and the
// result (err, or the stream's earlier error) is the only report of why.
// Not reported when that report is made anyway: err is a nil or io.EOF, err
// itself is handed on right after (returned, sent, stored: the old
// `r.CloseWithError(err); return err`), or the block returns a failure.
// `_ = r.CloseWithError(err)` is a written decision. PS-readercloseok.
func (c *checker) readerCloseWithError(call *ast.CallExpr, stack []ast.Node) {
	how := discarded(call, stack)
	if how == "" || how == "blank" || len(call.Args) != 1 {
		return
	}
	info := c.pass.TypesInfo
	arg := call.Args[0]
	if streams.IsNil(info, arg) || isPkgVar(info, arg, "io", "EOF") {
		return
	}
	if how == "statement" {
		withCall := append(stack[:len(stack):len(stack)], call)
		if c.argHandedOn(arg, withCall) || c.onErrorPath(stack) {
			return
		}
	}
	recv, a := recvName(call), types.ExprString(arg)
	c.report(ruleReaderClose, call, nil, "the error of %s.CloseWithError(%s) is discarded (%s): it is %s, or the stream's earlier failure, and the function goes on as if reading had succeeded; return it (return %s.CloseWithError(%s))",
		recv, a, how, a, recv, a)
}
