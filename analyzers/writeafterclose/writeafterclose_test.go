package writeafterclose_test

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
	"github.com/flowvet/flowvet/analyzers/writeafterclose"
)

func TestWriteAfterClose(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), writeafterclose.Analyzer, "a")
}

func TestWrappers(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), writeafterclose.Analyzer, "wrap")
}

func TestFacts(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), writeafterclose.Analyzer, "closer", "user")
}

func TestFields(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), writeafterclose.Analyzer, "fields")
}

func TestEdge(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), writeafterclose.Analyzer, "edge")
}

func TestLoops(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), writeafterclose.Analyzer, "loops")
}

func TestAnalyzer(t *testing.T) {
	a := writeafterclose.Analyzer
	if err := analysis.Validate([]*analysis.Analyzer{a}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Doc, "writeafterclose: ") || strings.Contains(a.Doc, "# Analyzer") {
		t.Errorf("Doc is not the package comment's analyzer section: %q", a.Doc)
	}
	if !strings.HasSuffix(a.URL, "/docs/analyzers/writeafterclose.md") {
		t.Errorf("URL = %q", a.URL)
	}
}

// TestFactGob checks that the closes-a-parameter fact survives the gob
// encoding that go vet (unitchecker) and Bazel's nogo use between packages.
func TestFactGob(t *testing.T) {
	if len(writeafterclose.Analyzer.FactTypes) != 1 {
		t.Fatalf("FactTypes = %v", writeafterclose.Analyzer.FactTypes)
	}
	typ := reflect.TypeOf(writeafterclose.Analyzer.FactTypes[0]).Elem()
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
	if got, want := fmt.Sprint(out.Interface()), "closesParams[0 2]"; got != want || fmt.Sprint(in.Interface()) != want {
		t.Errorf("round trip: %s, want %s", got, want)
	}
}
