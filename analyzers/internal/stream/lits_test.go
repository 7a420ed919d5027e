package stream

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

func TestRunsHere(t *testing.T) {
	const src = `package p

type group struct{}

func (group) Go(f func() error) {}
func (group) Wait() error       { return nil }

type pool struct{}

func (pool) Go(f func() error) {}

func use(func()) {}

func f() {
	func() {}()             // called
	(func() {})()           // called, in parentheses
	defer func() {}()       // deferred
	go func() {}()          // go
	var g group
	g.Go(func() error { return nil }) // groupgo
	var p pool
	p.Go(func() error { return nil }) // elsewhere: no Wait
	h := func() {}          // bound :=
	var k = func() {}       // bound var
	h = func() {}           // bound =
	use(func() {})          // elsewhere
	_, _ = h, k
}
`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		how  How
		tok  token.Token
		name string
	}{
		{Called, 0, ""}, {Called, 0, ""}, {Deferred, 0, ""}, {Go, 0, ""}, {GroupGo, 0, ""}, {Elsewhere, 0, ""},
		{Bound, token.DEFINE, "h"}, {Bound, token.VAR, "k"}, {Bound, token.ASSIGN, "h"}, {Elsewhere, 0, ""},
	}
	var got []Site
	var stack []ast.Node
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		stack = append(stack, n)
		if _, ok := n.(*ast.FuncLit); ok {
			got = append(got, RunsHere(info, stack, len(stack)-1))
		}
		return true
	})
	if len(got) != len(want) {
		t.Fatalf("%d literals, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		name := ""
		if g.Name != nil {
			name = g.Name.Name
		}
		if g.How != w.how || g.Tok != w.tok || name != w.name {
			t.Errorf("literal %d: got %v %v %q, want %v %v %q", i, g.How, g.Tok, name, w.how, w.tok, w.name)
		}
	}
}
