package backpressure_test

import (
	"bytes"
	"encoding/gob"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/flowvet/flowvet/analyzers/backpressure"
	"github.com/flowvet/flowvet/analyzers/internal/fixture"
)

func TestDiscarded(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), backpressure.Analyzer, "a", "other")
}

func TestLoops(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), backpressure.Analyzer, "loops")
}

// TestFuncValues checks method values, method expressions, function values
// and function literals that return the signal.
func TestFuncValues(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), backpressure.Analyzer, "funcvals")
}

func TestVars(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), backpressure.Analyzer, "vars")
}

// TestFacts checks that wrappers export a fact and that calls to them are
// checked in another package.
func TestFacts(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), backpressure.Analyzer, "wrap", "usewrap")
}

// TestTestFiles checks that tests, benchmarks and their helpers are skipped,
// examples are not.
func TestTestFiles(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), backpressure.Analyzer, "tests")
}

// TestPrograms runs realistic user programs: correct producers are silent.
func TestPrograms(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), backpressure.Analyzer, "producers", "ingest", "broadcast", "batcher", "docsnippets", "relay", "upload")
}

func TestSuggestedFixes(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, fixture.TestData(t), backpressure.Analyzer, "fix")

	// The fix is indented like the statement it replaces, so that it reads
	// right even in a driver that does not gofmt the result.
	want := "if err := w.Send(ctx, i); err != nil {\n\t\t\treturn err\n\t\t}"
	found := false
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				for _, e := range fix.TextEdits {
					if strings.Contains(string(e.NewText), "Send(ctx, i)") {
						found = true
						if got := string(e.NewText); got != want {
							t.Errorf("fix text = %q, want %q", got, want)
						}
					}
				}
			}
		}
	}
	if !found {
		t.Error("no fix for w.Write(i) in stage")
	}
}

func TestAnalyzer(t *testing.T) {
	a := backpressure.Analyzer
	if err := analysis.Validate([]*analysis.Analyzer{a}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Doc, "backpressure: report ignored backpressure signals of flowrt writers\n\n") || !strings.Contains(a.Doc, "Drain") {
		t.Errorf("Doc is not the package comment: %q", a.Doc)
	}
	if !strings.HasSuffix(a.URL, "/docs/analyzers/backpressure.md") {
		t.Errorf("URL = %q", a.URL)
	}
}

// TestFactGob checks that the fact survives the gob encoding that go vet
// (unitchecker) and Bazel's nogo use to carry facts between packages.
func TestFactGob(t *testing.T) {
	var buf bytes.Buffer
	in := &backpressure.SignalFact{Results: []int{0, 2}}
	if err := gob.NewEncoder(&buf).Encode(in); err != nil {
		t.Fatal(err)
	}
	out := new(backpressure.SignalFact)
	if err := gob.NewDecoder(&buf).Decode(out); err != nil {
		t.Fatal(err)
	}
	if out.String() != in.String() || out.String() != "backpressure signal in results [0 2]" {
		t.Errorf("round trip: %v, want %v", out, in)
	}
}
