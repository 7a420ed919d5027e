package unflushed

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// writesOnly reports whether call's callee is a function of this package
// that only writes into the value passed as argument k: every use of the
// parameter in its body is the receiver of a method call, none of them a
// Close or a Flush, and at least one a write (Write..., Create..., Copy).
// The callee leaves finishing the writer to its caller, as x/vulndb's
// writeZip(zw *zip.Writer, ...) and d2's addFileFromTemplate(zipWriter,
// ...) do with the zip.Writer whose Close the caller defers.
func (c *checker) writesOnly(call *ast.CallExpr, k int) bool {
	info := c.pass.TypesInfo
	fn := streams.Callee(info, call)
	if fn == nil || fn.Pkg() != c.pass.Pkg {
		return false
	}
	decl := c.declOf(fn)
	if decl == nil || decl.Body == nil {
		return false
	}
	var param *types.Var
	i := 0
	for _, field := range decl.Type.Params.List {
		if _, variadic := field.Type.(*ast.Ellipsis); variadic {
			break
		}
		for _, name := range field.Names {
			if i == k {
				param, _ = info.Defs[name].(*types.Var)
			}
			i++
		}
		if len(field.Names) == 0 {
			i++
		}
	}
	if param == nil {
		return false
	}
	only, writes := true, false
	var stack []ast.Node
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		id, ok := n.(*ast.Ident)
		if !ok || info.Uses[id] != param {
			return only
		}
		m := len(stack)
		sel, ok := stack[m-2].(*ast.SelectorExpr)
		if !ok || sel.X != id || m < 3 {
			only = false
			return false
		}
		if call, ok := stack[m-3].(*ast.CallExpr); !ok || call.Fun != sel {
			only = false
			return false
		}
		switch name := sel.Sel.Name; {
		case name == "Close" || name == "Flush":
			only = false
		case strings.HasPrefix(name, "Write") || strings.HasPrefix(name, "Create") || name == "Copy":
			writes = true
		}
		return only
	})
	return only && writes
}

// declOf returns the declaration of fn among the package's files, or nil.
func (c *checker) declOf(fn *types.Func) *ast.FuncDecl {
	if c.decls == nil {
		c.decls = make(map[*types.Func]*ast.FuncDecl)
		for _, f := range c.pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					if obj, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
						c.decls[obj] = fd
					}
				}
			}
		}
	}
	return c.decls[fn]
}
