package pipelineerr

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// goRelay reports whether call, an io.Copy or io.CopyBuffer started by a
// bare `go` statement, is an interactive relay: one of its ends is a
// connection, a pipe or a terminal (go io.Copy(ptyMaster, conn), go
// io.Copy(ptmx, os.Stdin)). A bare go statement has no place for the
// error, and a relay's failure just ends the session (the peer, the
// process on the pipe or the user at the terminal sees it end); like the
// fire-and-forget goroutine literal, there is nobody to tell. Not a relay:
// io.CopyN (a transfer of a known size), and a copy into a file the
// function itself created or opened (a download: go io.Copy(f, conn) after
// f, _ := os.Create(name) leaves a short file that looks complete).
func (c *checker) goRelay(fn *types.Func, call *ast.CallExpr, stack []ast.Node) bool {
	if fn.Name() != "Copy" && fn.Name() != "CopyBuffer" {
		return false
	}
	body := innermostFunc(stack)
	dst, src := call.Args[0], call.Args[1]
	if c.ownFile(body, dst) {
		return false
	}
	return c.relayEnd(body, dst) || c.relayEnd(body, src)
}

// ptyCopy reports whether call, an io.Copy or io.CopyBuffer in any
// statement, copies out of a pseudo-terminal master (PS-pty) into anything
// but a file the function created or opened. The copy ends with EIO every
// time the child closes its side, so its error never tells a cut from the
// normal end; the child's own result (cmd.Wait) is what the function
// reports (lefthook's `_, _ = io.Copy(args.out, p)` after `p, err :=
// pty.Start(command)`, then `return command.Wait()`). Into a file it made,
// the copy is a recording whose write may fail: reported, as goRelay.
func (c *checker) ptyCopy(fn *types.Func, call *ast.CallExpr, stack []ast.Node) bool {
	if fn.Name() != "Copy" && fn.Name() != "CopyBuffer" {
		return false
	}
	body := innermostFunc(stack)
	return c.ptyEnd(body, call.Args[1]) && !c.ownFile(body, call.Args[0])
}

// ownFile reports whether e is a local that the function body defines by
// os.Create, os.OpenFile or os.CreateTemp.
func (c *checker) ownFile(body ast.Node, e ast.Expr) bool {
	def := definingCall(c.pass.TypesInfo, body, e)
	if def == nil {
		return false
	}
	f := streams.Callee(c.pass.TypesInfo, def)
	return streams.IsFunc(f, "os", "Create") || streams.IsFunc(f, "os", "OpenFile") || streams.IsFunc(f, "os", "CreateTemp")
}

// ptyEnd reports whether e is a pseudo-terminal: a value of a type of a
// pty package, or a local made by one of its functions (pty.Start).
func (c *checker) ptyEnd(body ast.Node, e ast.Expr) bool {
	if ptyPackage(namedPkg(c.pass.TypesInfo.TypeOf(e))) {
		return true
	}
	def := definingCall(c.pass.TypesInfo, body, e)
	if def == nil {
		return false
	}
	f := streams.Callee(c.pass.TypesInfo, def)
	return f != nil && ptyPackage(f.Pkg())
}

// goOnly reports whether decl is a function that only ever runs as a
// goroutine: unexported (no other package can call it) and every use of it
// in the package is the callee of a go statement (`go drain(ring, stderr)`,
// mcp-go's drainStderrIntoRing). Its body is then a goroutine body like a
// go func literal's, and the fire-and-forget rule applies to it (PS-fireforget).
func (c *checker) goOnly(decl *ast.FuncDecl) bool {
	fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok || fn.Exported() {
		return false
	}
	if c.goOnlyFuncs == nil {
		c.goOnlyFuncs = goOnlyFuncs(c.pass)
	}
	return c.goOnlyFuncs[fn]
}

// goOnlyFuncs returns the functions and methods of the package that are
// used at least once and only as the callee of a go statement.
func goOnlyFuncs(pass *analysis.Pass) map[*types.Func]bool {
	goCallee := make(map[*ast.Ident]bool)
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if g, ok := n.(*ast.GoStmt); ok {
				switch fun := ast.Unparen(g.Call.Fun).(type) {
				case *ast.Ident:
					goCallee[fun] = true
				case *ast.SelectorExpr:
					goCallee[fun.Sel] = true
				}
			}
			return true
		})
	}
	only := make(map[*types.Func]bool)
	for id, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() != pass.Pkg {
			continue
		}
		if v, seen := only[fn]; !seen || v {
			only[fn] = goCallee[id]
		}
	}
	return only
}

// relayEnd reports whether e is a connection (isPeer), an io.Pipe end, an
// os.Pipe end, a child's stdio pipe (StdinPipe, StdoutPipe, StderrPipe of
// the function) or a terminal (os.Stdin, os.Stdout, os.Stderr, a
// pseudo-terminal).
func (c *checker) relayEnd(body ast.Node, e ast.Expr) bool {
	info := c.pass.TypesInfo
	t := info.TypeOf(e)
	if isPeer(t) || streams.IsNamed(t, "io", "PipeReader") || streams.IsNamed(t, "io", "PipeWriter") ||
		isPkgVar(info, e, "os", "Stdin") || isStdStream(info, e) {
		return true
	}
	if c.ptyEnd(body, e) {
		return true
	}
	def := definingCall(info, body, e)
	if def == nil {
		return false
	}
	f := streams.Callee(info, def)
	if f == nil {
		return false
	}
	switch f.Name() {
	case "StdinPipe", "StdoutPipe", "StderrPipe":
		return f.Signature().Recv() != nil
	}
	return streams.IsFunc(f, "os", "Pipe")
}

// ptyPackage reports whether p is a pseudo-terminal package: its path ends
// in /pty, /xpty or /conpty (creack/pty, whose Start returns the master as
// an *os.File; charmbracelet/x/xpty and x/conpty, whose Pty is an
// interface). A copy from a pty master ends with an error (EIO) every time
// the child closes its side: there is nothing to check, and nobody to tell.
// Special case PS-pty: a pty has no type of its own to recognize it by.
func ptyPackage(p *types.Package) bool {
	if p == nil {
		return false
	}
	path := p.Path()
	return strings.HasSuffix(path, "/pty") || strings.HasSuffix(path, "/xpty") || strings.HasSuffix(path, "/conpty") || path == "pty"
}

// namedPkg returns the package of the named type t (or *t), or nil.
func namedPkg(t types.Type) *types.Package {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Pkg()
	}
	return nil
}

// definingCall returns the call whose result defines the local variable
// that e names (x := f(), x, err := f(), var x = f()) in body, or nil.
func definingCall(info *types.Info, body ast.Node, e ast.Expr) *ast.CallExpr {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if body == nil || !ok {
		return nil
	}
	obj := info.Uses[id]
	if obj == nil || obj.Pos() < body.Pos() || obj.Pos() >= body.End() {
		return nil
	}
	var def *ast.CallExpr
	ast.Inspect(body, func(n ast.Node) bool {
		if def != nil {
			return false
		}
		var lhs []ast.Expr
		var rhs []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			lhs, rhs = n.Lhs, n.Rhs
		case *ast.ValueSpec:
			for _, name := range n.Names {
				lhs = append(lhs, name)
			}
			rhs = n.Values
		default:
			return true
		}
		for k, l := range lhs {
			lid, ok := l.(*ast.Ident)
			if !ok || info.Defs[lid] != obj || len(rhs) == 0 {
				continue // var x T: no call defines it
			}
			r := rhs[0]
			if len(rhs) == len(lhs) {
				r = rhs[k]
			}
			def, _ = ast.Unparen(r).(*ast.CallExpr)
		}
		return def == nil
	})
	return def
}
