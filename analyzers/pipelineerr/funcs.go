package pipelineerr

import "go/ast"

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
