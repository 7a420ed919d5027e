package pipelineerr_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/flowvet/flowvet/analyzers/internal/fixture"
	"github.com/flowvet/flowvet/analyzers/pipelineerr"
)

func TestFlowrt(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), pipelineerr.Analyzer, "flowrtuse")
}

func TestIOCopy(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), pipelineerr.Analyzer, "iocopy")
}

func TestIOPipe(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), pipelineerr.Analyzer, "iopipe")
}

func TestCloseOnErrorPathFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, fixture.TestData(t), pipelineerr.Analyzer, "pipeclose")
}

func TestCloseWithErrorValueFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, fixture.TestData(t), pipelineerr.Analyzer, "closevalue")
}

func TestAnalyzer(t *testing.T) {
	a := pipelineerr.Analyzer
	if err := analysis.Validate([]*analysis.Analyzer{a}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Doc, "pipelineerr: ") || strings.Contains(a.Doc, "# Analyzer") {
		t.Errorf("Doc is not the package comment's analyzer section: %q", a.Doc)
	}
	if !strings.HasSuffix(a.URL, "/docs/analyzers/pipelineerr.md") {
		t.Errorf("URL = %q", a.URL)
	}
}

// TestThirdParty: a pipe writer passed through an io.Writer parameter of a
// function outside the standard library (rclone's sgzip) does not escape,
// unless the assertsParams fact says the callee can reach its Close.
func TestThirdParty(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), pipelineerr.Analyzer, "example.com/sgzip", "thirdparty")
}

// TestFactGob checks that the assertsParams fact survives the gob encoding
// that go vet (unitchecker) and Bazel's nogo use between packages.
func TestFactGob(t *testing.T) {
	if len(pipelineerr.Analyzer.FactTypes) != 1 {
		t.Fatalf("FactTypes = %v", pipelineerr.Analyzer.FactTypes)
	}
	typ := reflect.TypeOf(pipelineerr.Analyzer.FactTypes[0]).Elem()
	in := reflect.New(typ)
	in.Elem().FieldByName("Params").Set(reflect.ValueOf([]int{0, 2}))
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(in.Interface()); err != nil {
		t.Fatal(err)
	}
	out := reflect.New(typ)
	if err := gob.NewDecoder(&buf).Decode(out.Interface()); err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(out.Interface()), "assertsParams[0 2]"; got != want || fmt.Sprint(in.Interface()) != want {
		t.Errorf("round trip: %s, want %s", got, want)
	}
}
