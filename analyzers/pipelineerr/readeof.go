package pipelineerr

import (
	"go/ast"
	"go/types"

	"github.com/flowvet/flowvet/analyzers/internal/errpath"
)

// readTakenForEOF reports (P-readeof) a read whose error branch ends the
// reading like a clean end — `break` out of the loop, or a return that
// reports success — where io.EOF is told apart nowhere in the function:
// a failed or truncated input is accepted as complete. It reports whether
// it reported. end is how the branch's body ends (bodyEnd).
func (c *checker) readTakenForEOF(call *ast.CallExpr, b *errBranch, end string) bool {
	if b.excludesEOF || c.comparedWithEOF(b.bodyStack, b.err) {
		return false // PS-eofcompared
	}
	var ret *ast.ReturnStmt
	how := ""
	switch end {
	case "return":
		r := b.ifStmt.Body.List[len(b.ifStmt.Body.List)-1].(*ast.ReturnStmt)
		if c.notSuccess(b.bodyStack, r) || !c.canReport(b.fn) {
			return false
		}
		ret, how = r, "returns success here"
	case "break":
		if br := b.ifStmt.Body.List[len(b.ifStmt.Body.List)-1].(*ast.BranchStmt); br.Label != nil || !c.breaksLoop(b) {
			return false // PS-switchbreak
		}
		ret = c.successReturn(b)
		if ret == nil {
			return false
		}
		how = "leaves the loop like io.EOF"
	default:
		return false
	}
	lhs := exprList(b.assign.Lhs) + " " + b.assign.Tok.String() + " "
	c.report(ruleReadEOF, call, nil,
		"%s%s: any error %s, and the function reports success (line %d): a failed or truncated input is taken for a complete one; tell io.EOF apart (if err == io.EOF { break }; if err != nil { return err })",
		lhs, callText(call), how, c.pass.Fset.Position(ret.Pos()).Line)
	return true
}

// canReport reports whether fn has an error result: a success return of a
// function without one tells nobody anything.
func (c *checker) canReport(fn ast.Node) bool {
	sig := errpath.Signature(c.pass.TypesInfo, fn)
	return sig != nil && sig.Results().Len() > 0 && errpath.ErrorResult(sig) >= 0
}

// breaksLoop reports whether an unlabelled break at the end of b's body
// leaves a for or range loop (not a switch or select).
func (c *checker) breaksLoop(b *errBranch) bool {
	for i := len(b.bodyStack) - 1; i >= 0; i-- {
		switch b.bodyStack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
}

func exprList(es []ast.Expr) string {
	s := ""
	for i, e := range es {
		if i > 0 {
			s += ", "
		}
		s += types.ExprString(e)
	}
	return s
}
