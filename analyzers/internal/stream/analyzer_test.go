package stream

import (
	"go/ast"
	"maps"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ast/inspector"
)

func TestExitFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "exits", "exitsuser")
}

// TestExitSkipsDefers checks the question the analyzers ask, statement by
// statement, with the facts of an imported package.
func TestExitSkipsDefers(t *testing.T) {
	got := map[int]bool{}
	probe := &analysis.Analyzer{
		Name:     "probe",
		Doc:      "lists the statements that exit",
		Requires: []*analysis.Analyzer{Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			r := pass.ResultOf[Analyzer].(*Result)
			for cur := range inspector.New(pass.Files).Root().Preorder((*ast.ExprStmt)(nil)) {
				if r.ExitSkipsDefers(cur.Node()) {
					got[pass.Fset.Position(cur.Node().Pos()).Line] = true
				}
			}
			return nil, nil
		},
	}
	analysistest.Run(t, analysistest.TestData(), probe, "exitsprobe")
	want := map[int]bool{11: true, 12: true, 13: true, 14: true, 15: true}
	if !maps.Equal(got, want) {
		t.Errorf("exits on lines %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
}
