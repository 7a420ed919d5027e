package suite_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/flowvet/flowvet/analyzers/internal/fixture"
	"github.com/flowvet/flowvet/analyzers/suite"
)

// TestFactsOnly runs each analyzer over its fixtures twice, in full and
// with suite.FactsOnly (what go vet's VetxOnly units get): the facts
// exported for every package must be the same, and the facts-only run
// reports nothing, so its checks were skipped.
func TestFactsOnly(t *testing.T) {
	for _, a := range suite.Analyzers {
		t.Run(a.Name, func(t *testing.T) {
			own, err := filepath.Abs(filepath.Join("..", a.Name, "testdata"))
			if err != nil {
				t.Fatal(err)
			}
			root := fixture.TestDataOf(t, own)
			pkgs, err := packages.Load(&packages.Config{
				Mode:  packages.LoadAllSyntax,
				Dir:   root,
				Tests: true,
				Env:   append(os.Environ(), "GOPATH="+root, "GO111MODULE=off", "GOWORK=off"),
			}, fixturePackages(t, filepath.Join(own, "src"))...)
			if err != nil {
				t.Fatal(err)
			}
			packages.Visit(pkgs, nil, func(p *packages.Package) {
				for _, err := range p.Errors {
					t.Errorf("%s: %v", p.ID, err)
				}
			})
			full, fullDiags := analyze(t, pkgs, a, false)
			only, onlyDiags := analyze(t, pkgs, a, true)
			if fullDiags == 0 {
				t.Errorf("no diagnostic in the full run: the fixtures were not analyzed")
			}
			if onlyDiags != 0 {
				t.Errorf("%d diagnostics with FactsOnly, want none", onlyDiags)
			}
			if len(a.FactTypes) > 0 && len(full) == 0 {
				t.Errorf("no fact in the full run of an analyzer with facts")
			}
			if !slices.Equal(full, only) {
				for _, f := range full {
					if !slices.Contains(only, f) {
						t.Errorf("fact of the full run missing with FactsOnly: %s", f)
					}
				}
				for _, f := range only {
					if !slices.Contains(full, f) {
						t.Errorf("fact only with FactsOnly: %s", f)
					}
				}
			}
		})
	}
}

// analyze runs a over pkgs and returns every fact each action exported
// or inherited (the analyzer, the package, the object's position and the
// fact), sorted, and the number of diagnostics of a on pkgs.
func analyze(t *testing.T, pkgs []*packages.Package, a *analysis.Analyzer, factsOnly bool) ([]string, int) {
	t.Helper()
	suite.FactsOnly(factsOnly)
	defer suite.FactsOnly(false)
	g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var facts []string
	diags := 0
	for act := range g.All() {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		if act.Analyzer == a && slices.Contains(g.Roots, act) {
			diags += len(act.Diagnostics)
		}
		for _, f := range act.AllObjectFacts() {
			pos := act.Package.Fset.Position(f.Object.Pos())
			facts = append(facts, fmt.Sprintf("%s@%s: %s:%d %s: %T %+v", act.Analyzer.Name, act.Package.ID, filepath.Base(pos.Filename), pos.Line, f.Object.Name(), f.Fact, f.Fact))
		}
		for _, f := range act.AllPackageFacts() {
			facts = append(facts, fmt.Sprintf("%s@%s: package %s: %T %+v", act.Analyzer.Name, act.Package.ID, f.Package.Path(), f.Fact, f.Fact))
		}
	}
	slices.Sort(facts)
	return facts, diags
}

// fixturePackages returns the import path of every directory with Go
// files below src (the fixture tree links to it, and a ... pattern does
// not follow links).
func fixturePackages(t *testing.T, src string) []string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		rel, err := filepath.Rel(src, filepath.Dir(path))
		if err == nil && !slices.Contains(paths, filepath.ToSlash(rel)) {
			paths = append(paths, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixture package below %s: %v", src, err)
	}
	return paths
}
