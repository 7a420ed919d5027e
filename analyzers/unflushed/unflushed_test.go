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

// TestWrappers: a finishing wrapper of another package (finishesFields on
// its Close) made by a constructor that returns the concrete type is a
// tracked writer (goreleaser's targz.Archive).
func TestWrappers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unflushed.Analyzer, "example.com/tarz", "wrapuser")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), unflushed.Analyzer, "fixes")
}

// TestFactGob checks that the flushes-a-parameter fact survives the gob
// encoding that go vet (unitchecker) and Bazel's nogo use between packages.
func TestFactGob(t *testing.T) {
	if len(unflushed.Analyzer.FactTypes) != 2 {
		t.Fatalf("FactTypes = %v", unflushed.Analyzer.FactTypes)
	}
	roundTrip := func(fact any, field string, val any, want string) {
		t.Helper()
		typ := reflect.TypeOf(fact).Elem()
		in := reflect.New(typ)
		in.Elem().FieldByName(field).Set(reflect.ValueOf(val))
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(in.Interface()); err != nil {
			t.Fatal(err)
		}
		out := reflect.New(typ)
		if err := gob.NewDecoder(&buf).Decode(out.Interface()); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(out.Interface()); got != want || fmt.Sprint(in.Interface()) != want {
			t.Errorf("round trip: %s, want %s", got, want)
		}
	}
	roundTrip(unflushed.Analyzer.FactTypes[0], "Sizes", map[int]int{2: 65536, 0: 4096}, "flushesParams(0:4096 2:65536)")
	roundTrip(unflushed.Analyzer.FactTypes[1], "Writers", []string{"tar.Writer", "gzip.Writer"}, "finishesFields(tar.Writer, gzip.Writer)")
}
