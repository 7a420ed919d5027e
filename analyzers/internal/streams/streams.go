// Package streams matches the stream types and calls the flowvet analyzers
// reason about: flowrt's by package path and name (the analyzers never import
// flowrt), and the standard library's.
package streams

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// FlowrtPath is the import path of the runtime package.
const FlowrtPath = "github.com/flowvet/flowvet/flowrt"

// DocURL returns the documentation page of the named analyzer.
func DocURL(analyzer string) string {
	return "https://github.com/flowvet/flowvet/blob/main/docs/analyzers/" + analyzer + ".md"
}

// IsNamed reports whether t, or the type t points to, is the named type
// pkgPath.name (generic instantiations included).
func IsNamed(t types.Type, pkgPath, name string) bool {
	if t == nil {
		return false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Origin().Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == pkgPath
}

// IsFlowrtWriter reports whether t is *flowrt.Writer[T] (or flowrt.Writer[T]).
func IsFlowrtWriter(t types.Type) bool { return IsNamed(t, FlowrtPath, "Writer") }

// IsFlowrtReader reports whether t is *flowrt.Reader[T].
func IsFlowrtReader(t types.Type) bool { return IsNamed(t, FlowrtPath, "Reader") }

// IsPipeline reports whether t is *flowrt.Pipeline.
func IsPipeline(t types.Type) bool { return IsNamed(t, FlowrtPath, "Pipeline") }

// Callee returns the function or method a call statically invokes, or nil
// (a call of a func value, a conversion, a builtin). Interface methods are
// returned as their abstract *types.Func.
func Callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

// IsFunc reports whether fn is the package-level function pkgPath.name.
func IsFunc(fn *types.Func, pkgPath, name string) bool {
	if fn == nil || fn.Name() != name || fn.Pkg() == nil || fn.Pkg().Path() != pkgPath {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() == nil
}

// IsMethod reports whether fn is the method name of pkgPath.typeName (with a
// pointer or value receiver, generic or not).
func IsMethod(fn *types.Func, pkgPath, typeName, name string) bool {
	if fn == nil || fn.Name() != name {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	return IsNamed(sig.Recv().Type(), pkgPath, typeName)
}

// Receiver returns the receiver expression of a method call x.m(...), or nil.
func Receiver(call *ast.CallExpr) ast.Expr {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.X
	}
	return nil
}

// Pos returns a human-readable position, for tests and debugging.
func Pos(pass *analysis.Pass, n ast.Node) string {
	return pass.Fset.Position(n.Pos()).String()
}

// IsErrorConstructor reports whether fn always returns a non-nil error:
// fmt.Errorf or errors.New.
func IsErrorConstructor(fn *types.Func) bool {
	return IsFunc(fn, "fmt", "Errorf") || IsFunc(fn, "errors", "New")
}

// IsNil reports whether e is the predeclared nil (parenthesized or not).
func IsNil(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[ast.Unparen(e)]
	return ok && tv.IsNil()
}

// PackageVar returns the package-level variable that e names (v or
// pkg.V, in parentheses or not), or nil.
func PackageVar(info *types.Info, e ast.Expr) *types.Var {
	var id *ast.Ident
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	default:
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
		return nil
	}
	return v
}
