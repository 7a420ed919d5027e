package locals

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

func TestValues(t *testing.T) {
	const src = `package p

func f(c bool) {
	one := "/proc/x"
	two := "a"
	if c {
		two = "b"
	}
	tuple, err := g()
	var zero string
	var given = "v"
	op := "a"
	op += "b"
	addr := "a"
	_ = &addr
	for ranged := range 3 {
		_ = ranged
	}
	_, _, _, _, _, _, _ = one, two, tuple, err, zero, given, op
}

func g() (string, error) { return "", nil }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	vars := map[string]*types.Var{}
	for id, obj := range info.Defs {
		if v, ok := obj.(*types.Var); ok && id.Name != "_" {
			vars[id.Name] = v
		}
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	for _, tt := range []struct {
		name string
		n    int // values; -1: not ok
	}{
		{"one", 1}, {"two", 2}, {"tuple", -1}, {"zero", -1}, {"given", 1},
		{"op", -1}, {"addr", -1}, {"ranged", -1},
	} {
		vals, ok := Values(info, body, vars[tt.name])
		got := len(vals)
		if !ok {
			got = -1
		}
		if got != tt.n {
			t.Errorf("Values(%s): %d values (ok %v), want %d", tt.name, len(vals), ok, tt.n)
		}
		if only := Only(info, body, vars[tt.name]); (only != nil) != (tt.n == 1) {
			t.Errorf("Only(%s) = %v, want a value: %v", tt.name, only, tt.n == 1)
		}
	}
}
