package pipelineerr

import (
	"go/ast"

	"golang.org/x/tools/go/cfg"
)

// cfgOf returns the control-flow graph of a FuncDecl or FuncLit, or nil.
func (c *checker) cfgOf(fn ast.Node) *cfg.CFG {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return c.cfgs.FuncDecl(fn)
	case *ast.FuncLit:
		return c.cfgs.FuncLit(fn)
	}
	return nil
}

// stmtIndex returns the index of s in list, or -1.
func stmtIndex(list []ast.Stmt, s ast.Node) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// prevStmt returns the statement before s in the statement list of
// parent (a block or clause), or nil.
func prevStmt(parent ast.Node, s ast.Stmt) ast.Stmt {
	list := stmtList(parent)
	if i := stmtIndex(list, s); i > 0 {
		return list[i-1]
	}
	return nil
}
