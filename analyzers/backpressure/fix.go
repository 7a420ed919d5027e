package backpressure

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/internal/fixsrc"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
)

// sendFix rewrites the statement w.Write(v) (or _ = w.Write(v)) to
//
//	if err := w.Send(ctx, v); err != nil {
//		return <zero values or named results>, err
//	}
//
// when a context is in scope, the function returns an error last, and the
// writer was not made by NewPipe in this function or an enclosing one (its
// consumer may run in this goroutine, and Send would then wait forever).
func (f *funcInfo) sendFix(stmt ast.Node, s source, parent ast.Node) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	if !s.write || len(s.args) != 1 {
		return none, false
	}
	switch st := stmt.(type) {
	case *ast.ExprStmt:
	case *ast.AssignStmt:
		if len(st.Lhs) != 1 || len(st.Rhs) != 1 || st.Tok != token.ASSIGN {
			return none, false
		}
	default:
		return none, false
	}
	switch p := parent.(type) {
	case *ast.BlockStmt, *ast.CaseClause:
	case *ast.CommClause:
		if p.Comm == stmt {
			return none, false
		}
	default:
		return none, false // for post statement, if init...
	}
	recv := s.recv
	if v := f.c.varOf(recv); v != nil && f.c.pipeWriters[v] {
		return none, false
	}
	pos := stmt.Pos()
	inner := f.c.pass.Pkg.Scope().Innermost(pos)
	if inner == nil {
		return none, false
	}
	if s.via != nil {
		// write := w.Write; ... write(v): w.Send(ctx, v) evaluates w again,
		// which is the same writer only when w is a variable never
		// assigned after its declaration, visible here.
		id, ok := ast.Unparen(recv).(*ast.Ident)
		if !ok {
			return none, false
		}
		v := f.c.varOf(id)
		if v == nil || f.c.reassigned[v] || f.c.addressed[v] {
			return none, false
		}
		if _, obj := inner.LookupParent(id.Name, pos); obj != v {
			return none, false
		}
	}
	results := f.sig.Results()
	n := results.Len()
	if n == 0 || !types.Identical(results.At(n-1).Type(), types.Universe.Lookup("error").Type()) {
		return none, false
	}
	ctx := f.findContext(inner, pos)
	if ctx == "" {
		return none, false
	}
	file := f.fileOf(pos)
	if file == nil {
		return none, false
	}
	qualOK := true
	qual := func(p *types.Package) string {
		if p == f.c.pass.Pkg {
			return ""
		}
		for _, imp := range file.Imports {
			if strings.Trim(imp.Path.Value, "`\"") != p.Path() {
				continue
			}
			if imp.Name == nil {
				return p.Name()
			}
			switch imp.Name.Name {
			case ".":
				return ""
			case "_":
				continue
			}
			return imp.Name.Name
		}
		qualOK = false
		return p.Name()
	}
	var rets []string
	for i := range n - 1 {
		r := results.At(i)
		if name := r.Name(); name != "" && name != "_" {
			if _, obj := inner.LookupParent(name, pos); obj == r {
				rets = append(rets, name)
				continue
			}
		}
		z, ok := fixsrc.ZeroValue(r.Type(), qual)
		if !ok {
			return none, false
		}
		rets = append(rets, z)
	}
	if !qualOK {
		return none, false
	}
	rets = append(rets, "err")
	recvText, ok1 := f.source(recv)
	argText, ok2 := f.source(s.args[0])
	switch ast.Unparen(recv).(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.CallExpr:
	default:
		recvText = "(" + recvText + ")" // (*pw).Send, (&w).Send
	}
	if !ok1 || !ok2 {
		return none, false
	}
	indent := f.indent(pos)
	text := fmt.Sprintf("if err := %s.Send(%s, %s); err != nil {\n%s\treturn %s\n%s}",
		recvText, ctx, argText, indent, strings.Join(rets, ", "), indent)
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Use %s.Send(%s, %s) and return its error", recvText, ctx, argText),
		TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: stmt.End(), NewText: []byte(text)}},
	}, true
}

// indent returns the white space that starts the line of pos, so that the
// fix is formatted as gofmt would format it.
func (f *funcInfo) indent(pos token.Pos) string {
	tf := f.c.pass.Fset.File(pos)
	if tf == nil || f.c.pass.ReadFile == nil {
		return ""
	}
	content, err := f.c.pass.ReadFile(tf.Name())
	if err != nil {
		return ""
	}
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	end := start
	for end < len(content) && (content[end] == '\t' || content[end] == ' ') {
		end++
	}
	if end > tf.Offset(pos) {
		end = tf.Offset(pos)
	}
	return string(content[start:end])
}

// findContext returns the name of a context.Context variable visible at
// pos in a function scope ("ctx" preferred), or "".
func (f *funcInfo) findContext(inner *types.Scope, pos token.Pos) string {
	pkgScope := f.c.pass.Pkg.Scope()
	for s := inner; s != nil && s != pkgScope && s != types.Universe; s = s.Parent() {
		if s.Parent() == pkgScope {
			break // a file scope: imports only
		}
		best := ""
		for _, name := range s.Names() {
			v, ok := s.Lookup(name).(*types.Var)
			if !ok || v.Pos() >= pos || !streams.IsNamed(v.Type(), "context", "Context") {
				continue
			}
			if _, isPtr := types.Unalias(v.Type()).(*types.Pointer); isPtr {
				continue
			}
			if _, obj := inner.LookupParent(name, pos); obj != v {
				continue // shadowed
			}
			if name == "ctx" {
				return name
			}
			if best == "" {
				best = name
			}
		}
		if best != "" {
			return best
		}
	}
	return ""
}

func (f *funcInfo) fileOf(pos token.Pos) *ast.File {
	for _, file := range f.c.pass.Files {
		if file.FileStart <= pos && pos <= file.FileEnd {
			return file
		}
	}
	return nil
}

// source prints an expression as the fix's text.
func (f *funcInfo) source(e ast.Expr) (string, bool) {
	var buf bytes.Buffer
	if err := format.Node(&buf, f.c.pass.Fset, e); err != nil {
		return "", false
	}
	return buf.String(), true
}
