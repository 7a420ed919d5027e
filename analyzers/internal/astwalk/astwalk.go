// Package astwalk walks a syntax tree with the path from its root.
package astwalk

import "go/ast"

// Inspect traverses the tree rooted at root like ast.Inspect, passing the
// path from root to n (n last): pre(n, path) before n's children — if it
// returns false, they and post are skipped — and post(n, path), if post is
// not nil, after them. path is reused: copy what is kept.
func Inspect(root ast.Node, pre func(n ast.Node, path []ast.Node) bool, post func(n ast.Node, path []ast.Node)) {
	var path []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			if post != nil {
				post(path[len(path)-1], path)
			}
			path = path[:len(path)-1]
			return true
		}
		path = append(path, n)
		if !pre(n, path) {
			path = path[:len(path)-1]
			return false
		}
		return true
	})
}

// Body returns the body of a function declaration or literal, or nil (for
// any other node, or a declaration without a body).
func Body(fn ast.Node) *ast.BlockStmt {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

// Type returns the type of a function declaration or literal, or nil.
func Type(fn ast.Node) *ast.FuncType {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Type
	case *ast.FuncLit:
		return fn.Type
	}
	return nil
}
