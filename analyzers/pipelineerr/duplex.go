package pipelineerr

import (
	"go/ast"
	"go/types"
)

// peerEnded reports whether the error x, assigned by s, comes from reading
// the reader end of another io.Pipe of the function, whose writer end was
// handed, in one call, together with the reader end of w: one peer writes
// the requests into that pipe and reads the responses out of w's (a duplex
// connection made of two pipes: chromedp's test browser `NewPipeConn(resR,
// cmdW)`, mcp-go's `transport.NewIO(clientRead, clientWrite, ...)`, both
// with a fake server goroutine that answers until the requests end). The
// read fails because that peer closed its request stream or its context
// ended; each response was written whole, so Close is the right end, and
// CloseWithError(err) would hand the peer an error it caused. The read is
// on the pipe reader itself or on a value built over it in one step
// (json.NewDecoder(serverRead), NewPipeConn(cmdR, resW)).
func (c *checker) peerEnded(w *pipeWriter, x ast.Expr, s ast.Stmt) bool {
	as, ok := s.(*ast.AssignStmt)
	if w == nil || !ok || len(as.Rhs) != 1 {
		return false
	}
	assigned := false
	for _, l := range as.Lhs {
		assigned = assigned || types.ExprString(l) == types.ExprString(x)
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !assigned || !ok {
		return false
	}
	ownReader := c.pipeReaderOf(w)
	if ownReader == nil {
		return false
	}
	for _, w2 := range c.pipesRead(w.fn, call, 1) {
		if w2 == w {
			continue
		}
		if pw := c.pipeWriterVar(w2); pw != nil && handedTogether(c.pass.TypesInfo, w.fn, ownReader, pw) {
			return true
		}
	}
	return false
}

// pipesRead returns the pipes of the function whose reader end n mentions
// (outside func literals), also through locals that fn defines by a call
// mentioning one, depth levels deep.
func (c *checker) pipesRead(fn ast.Node, n ast.Node, depth int) []*pipeWriter {
	info := c.pass.TypesInfo
	var out []*pipeWriter
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident:
			v, ok := info.Uses[n].(*types.Var)
			if !ok {
				return true
			}
			if w := c.ends[v]; w != nil {
				out = append(out, w)
			} else if depth > 0 {
				if def := definingCall(info, fn, n); def != nil {
					out = append(out, c.pipesRead(fn, def, depth-1)...)
				}
			}
		}
		return true
	})
	return out
}

// pipeReaderOf returns the variable holding the reader end of w's pipe.
func (c *checker) pipeReaderOf(w *pipeWriter) *types.Var {
	for r, pw := range c.ends {
		if pw == w {
			return r
		}
	}
	return nil
}

// pipeWriterVar returns the variable holding w.
func (c *checker) pipeWriterVar(w *pipeWriter) *types.Var {
	for v, pw := range c.writers {
		if pw == w {
			return v
		}
	}
	return nil
}

// handedTogether reports whether some call in fn takes both a and b as
// arguments.
func handedTogether(info *types.Info, fn ast.Node, a, b *types.Var) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if found || !ok {
			return !found
		}
		var hasA, hasB bool
		for _, arg := range call.Args {
			if id, ok := ast.Unparen(arg).(*ast.Ident); ok {
				hasA = hasA || info.Uses[id] == a
				hasB = hasB || info.Uses[id] == b
			}
		}
		found = hasA && hasB
		return !found
	})
	return found
}
