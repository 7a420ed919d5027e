package fixsrc

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

func TestZeroValue(t *testing.T) {
	const src = `package p

import "unsafe"

type S struct{ a int }
type A = S
type G[T any] struct{ v T }
type N int

func f[T any, P *int]() (bool, N, string, error, *int, []byte, map[int]int, chan int, func(), unsafe.Pointer, S, A, [2]int, G[int], T, P, struct{}, complex64) {
	panic(0)
}
`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{file}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sig := pkg.Scope().Lookup("f").Type().(*types.Signature)
	want := []string{"false", "0", `""`, "nil", "nil", "nil", "nil", "nil", "nil", "nil", "S{}", "S{}", "[2]int{}", "G[int]{}", "*new(T)", "*new(P)", "struct{}{}", "0"}
	qual := types.RelativeTo(pkg)
	for i := range sig.Results().Len() {
		got, ok := ZeroValue(sig.Results().At(i).Type(), qual)
		if !ok || got != want[i] {
			t.Errorf("result %d (%s): got %q, %v; want %q", i, sig.Results().At(i).Type(), got, ok, want[i])
		}
	}
}
