package unflushed_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/flowvet/flowvet/analyzers/unflushed"
)

func TestRules(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unflushed.Analyzer,
		"bufiocase", "encoders", "csvcase", "files", "buffers", "realworld", "pgolib", "preprofile")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), unflushed.Analyzer, "fixes")
}

// TestFactGob checks that the flushes-a-parameter fact survives the gob
// encoding that go vet (unitchecker) and Bazel's nogo use between packages.
func TestFactGob(t *testing.T) {
	if len(unflushed.Analyzer.FactTypes) != 1 {
		t.Fatalf("FactTypes = %v", unflushed.Analyzer.FactTypes)
	}
	typ := reflect.TypeOf(unflushed.Analyzer.FactTypes[0]).Elem()
	in := reflect.New(typ)
	in.Elem().FieldByName("Sizes").Set(reflect.ValueOf(map[int]int{2: 65536, 0: 4096}))
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(in.Interface()); err != nil {
		t.Fatal(err)
	}
	out := reflect.New(typ)
	if err := gob.NewDecoder(&buf).Decode(out.Interface()); err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(out.Interface()), "flushesParams(0:4096 2:65536)"; got != want || fmt.Sprint(in.Interface()) != want {
		t.Errorf("round trip: %s, want %s", got, want)
	}
}
