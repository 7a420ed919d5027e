package pipelineerr

import (
	"go/ast"
	"go/types"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// ownWriteError reports whether the error x, tested by the if (or tagless
// switch case) whose body's ancestors are bodyStack, is the result of a
// direct write to the pipe writer recv: `_, err = pw.Write(buf)`,
// `io.WriteString(pw, s)`, `fmt.Fprintf(pw, …)`, in the if's init or in the
// statement just before it (pgx's CopyFrom goroutine). An io.Pipe write
// fails only when the reader has stopped reading (or the writer was closed
// already): nobody is left to tell, and Close() and CloseWithError(err) do
// the same. A write through something else (io.Copy(pw, src), an encoder
// or compressor on pw) may fail for its own reasons — the source's read,
// a marshal error — and is not exempt.
func (c *checker) ownWriteError(recv, x ast.Expr, init ast.Stmt, bodyStack []ast.Node) bool {
	return c.assignsOwnWrite(errAssign(init, bodyStack), x, types.ExprString(recv))
}

// errAssign returns the statement that assigns the error tested by the if
// (or tagless switch case) whose body's ancestors are bodyStack: its init
// statement, or the statement just before it; nil if there is none.
func errAssign(init ast.Stmt, bodyStack []ast.Node) ast.Stmt {
	if len(bodyStack) < 3 {
		return nil
	}
	var test ast.Stmt   // the if or switch statement that tests x
	var parent ast.Node // the block holding it
	switch bodyStack[len(bodyStack)-1].(type) {
	case *ast.BlockStmt:
		ifs, ok := bodyStack[len(bodyStack)-2].(*ast.IfStmt)
		if !ok {
			return nil
		}
		test, parent = ifs, bodyStack[len(bodyStack)-3]
	case *ast.CaseClause:
		if len(bodyStack) < 4 {
			return nil
		}
		sw, ok := bodyStack[len(bodyStack)-3].(*ast.SwitchStmt)
		if !ok {
			return nil
		}
		test, parent, init = sw, bodyStack[len(bodyStack)-4], sw.Init
	default:
		return nil
	}
	if init != nil {
		return init
	}
	return prevStmt(parent, test)
}

// assignsOwnWrite reports whether s is `_, x = <a direct write to recv>`
// (or `:=`).
func (c *checker) assignsOwnWrite(s ast.Stmt, x ast.Expr, recv string) bool {
	as, ok := s.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || len(as.Lhs) != 2 || types.ExprString(as.Lhs[1]) != types.ExprString(x) {
		return false
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	return ok && c.writesTo(call, recv)
}

// ownWriteErrorIf is ownWriteError for the if statement ifs somewhere in
// root (the deferred-Close rule walks the goroutine without a stack).
func (c *checker) ownWriteErrorIf(recv string, x ast.Expr, ifs *ast.IfStmt, root ast.Node) bool {
	s := errAssignIf(ifs, root)
	return s != nil && c.assignsOwnWrite(s, x, recv)
}

// errAssignIf is errAssign for the if statement ifs somewhere in root.
func errAssignIf(ifs *ast.IfStmt, root ast.Node) ast.Stmt {
	if ifs.Init != nil {
		return ifs.Init
	}
	var prev ast.Stmt
	ast.Inspect(root, func(n ast.Node) bool {
		if prev == nil {
			prev = prevStmt(n, ifs)
		}
		return prev == nil
	})
	return prev
}

// writesTo reports whether call writes directly to the *io.PipeWriter
// spelled recv: recv.Write(b), io.WriteString(recv, s), fmt.Fprint*(recv, …).
func (c *checker) writesTo(call *ast.CallExpr, recv string) bool {
	fn := streams.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	if streams.IsMethod(fn, "io", "PipeWriter", "Write") {
		r := streams.Receiver(call)
		return r != nil && types.ExprString(ast.Unparen(r)) == recv
	}
	if !streams.IsFunc(fn, "io", "WriteString") && !streams.IsFunc(fn, "fmt", "Fprint") &&
		!streams.IsFunc(fn, "fmt", "Fprintf") && !streams.IsFunc(fn, "fmt", "Fprintln") {
		return false
	}
	if len(call.Args) == 0 || types.ExprString(ast.Unparen(call.Args[0])) != recv {
		return false
	}
	t := c.pass.TypesInfo.TypeOf(call.Args[0])
	return t != nil && streams.IsNamed(t, "io", "PipeWriter")
}

// afterOwnWriteFailed reports whether ret ends the body of an `if err != nil`
// in the goroutine w.lit whose err is the result of a direct write to w
// (ownWriteErrorIf): that write failed because the reader is gone, so no
// reader is left to block on the open pipe writer.
func (c *checker) afterOwnWriteFailed(w *pipeWriter, ret *ast.ReturnStmt) bool {
	found := false
	ast.Inspect(w.lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			if len(n.Body.List) == 0 || n.Body.List[len(n.Body.List)-1] != ast.Stmt(ret) {
				return true
			}
			errExpr, _ := errorInHand(c.pass.TypesInfo, n.Cond)
			found = errExpr != nil && c.ownWriteErrorIf(w.name, errExpr, n, w.lit.Body)
			return false
		}
		return !found
	})
	return found
}
