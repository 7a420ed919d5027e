package backpressure

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// checkTryWrites reports a (*flowrt.Writer[T]).TryWrite whose first
// result, accepted, is discarded: TryWrite never accepts an item at the
// high-water mark, so a false there means the item was not taken, and
// code that does not look at it drops the item silently. A result that is
// read anywhere (tested, returned, passed on) is a decision the analyzer
// respects, even one to drop the item (load shedding); so is one stored
// anywhere but in _.
func (c *checker) checkTryWrites(insp *inspector.Inspector) {
	for cur := range insp.Root().Preorder((*ast.ExprStmt)(nil), (*ast.GoStmt)(nil), (*ast.DeferStmt)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)) {
		var (
			call *ast.CallExpr
			how  string
		)
		switch n := cur.Node().(type) {
		case *ast.ExprStmt:
			call, how = c.tryWrite(n.X), "ignored"
		case *ast.GoStmt:
			call, how = c.tryWrite(n.Call), "lost in a go statement"
		case *ast.DeferStmt:
			call, how = c.tryWrite(n.Call), "lost in a defer statement"
		case *ast.AssignStmt, *ast.ValueSpec:
			lhs, rhs := assignment(n)
			if len(rhs) != 1 || len(lhs) != 2 {
				continue
			}
			if call = c.tryWrite(rhs[0]); call == nil {
				continue
			}
			// A variable, a field, an element: the result is
			// handed on (a local that is never read does not compile).
			if id, ok := ast.Unparen(lhs[0]).(*ast.Ident); !ok || id.Name != "_" {
				continue
			}
			how = "assigned to _"
		}
		if call == nil || c.inTest(cur) {
			continue
		}
		recv := "w"
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			recv = types.ExprString(sel.X)
		}
		c.pass.Report(analysis.Diagnostic{
			Pos: call.Pos(), End: call.End(), Category: ruleTryWrite,
			Message: "accepted result of " + types.ExprString(call.Fun) + " " + how +
				": false means the item was not taken (the buffer is at its high-water mark) and is silently dropped; " +
				"keep the item and write it again after " + recv + ".Drain(ctx) (pausing the source meanwhile), or use " +
				recv + ".Send(ctx, v) where the caller may wait",
		})
	}
}

// tryWrite returns e if it is a call of (*flowrt.Writer[T]).TryWrite, nil
// otherwise.
func (c *checker) tryWrite(e ast.Expr) *ast.CallExpr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if ok && streams.IsMethod(streams.Callee(c.info, call), streams.FlowrtPath, "Writer", "TryWrite") {
		return call
	}
	return nil
}
