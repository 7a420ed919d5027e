package astwalk_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/flowvet/flowvet/analyzers/internal/astwalk"
)

// name is a short name of n: its identifier, or its type.
func name(n ast.Node) string {
	if id, ok := n.(*ast.Ident); ok {
		return id.Name
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", n), "*ast.")
}

func TestInspect(t *testing.T) {
	e, err := parser.ParseExpr("f(a, func() { b })")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	astwalk.Inspect(e, func(n ast.Node, path []ast.Node) bool {
		if path[len(path)-1] != n {
			t.Errorf("pre %s: path does not end in it", name(n))
		}
		got = append(got, "+"+name(n))
		_, lit := n.(*ast.FuncLit)
		return !lit // its children and post are skipped
	}, func(n ast.Node, path []ast.Node) {
		var p []string
		for _, a := range path {
			p = append(p, name(a))
		}
		got = append(got, "-"+strings.Join(p, "/"))
	})
	want := "+CallExpr +f -CallExpr/f +a -CallExpr/a +FuncLit -CallExpr"
	if s := strings.Join(got, " "); s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
}

func TestBody(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "b.go", "package b\nfunc d() { _ = func() {} }\nfunc e()\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	d, e := f.Decls[0].(*ast.FuncDecl), f.Decls[1].(*ast.FuncDecl)
	lit := d.Body.List[0].(*ast.AssignStmt).Rhs[0].(*ast.FuncLit)
	if astwalk.Body(d) != d.Body || astwalk.Body(lit) != lit.Body {
		t.Error("Body does not return the body of a declaration or a literal")
	}
	if astwalk.Body(e) != nil || astwalk.Body(d.Body) != nil {
		t.Error("Body of a declaration without body, or of a block, is not nil")
	}
}
