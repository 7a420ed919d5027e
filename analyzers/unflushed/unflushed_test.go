package unflushed_test

import (
	"testing"

	"github.com/flowvet/flowvet/analyzers/internal/fixture"
	"github.com/flowvet/flowvet/analyzers/suite"
	"github.com/flowvet/flowvet/analyzers/unflushed"
)

func TestRules(t *testing.T) {
	fixture.Run(t, unflushed.Analyzer,
		"bufiocase", "encoders", "csvcase", "files", "buffers", "realworld", "pgolib", "preprofile", "newkinds", "fieldwriters")
}

// TestWrappers: a finishing wrapper of another package (finishesFields on
// its Close) made by a constructor that returns the concrete type is a
// tracked writer (goreleaser's targz.Archive).
func TestWrappers(t *testing.T) {
	fixture.Run(t, unflushed.Analyzer, "example.com/tarz", "wrapuser")
}

// TestFresh: a function whose every return is a writer it made is a
// constructor (returnsFresh), in its package and in its importers.
func TestFresh(t *testing.T) {
	fixture.Run(t, unflushed.Analyzer, "example.com/gzhelp", "fresh")
}

// TestExits: a call that ends the process without running deferred calls
// (os.Exit with any status, log.Fatal*, a helper found to always exit)
// skips a deferred Flush or Close.
func TestExits(t *testing.T) {
	fixture.Run(t, unflushed.Analyzer, "example.com/clitool", "exits")
}

// TestHandoff: a writer passed through an io.Writer parameter to a function
// that converts it back to a closer (assertsParams) is handed on
// (dockertest's vendored moby CompressStream).
func TestHandoff(t *testing.T) {
	fixture.Run(t, unflushed.Analyzer, "example.com/pools", "handon")
}

// TestHandles: a file passed where only its descriptor is used
// (handlesParams) or given to a child process as its Stdout/Stderr is not
// written by the function.
func TestHandles(t *testing.T) {
	fixture.Run(t, unflushed.Analyzer, "example.com/reflink", "handles")
}

// TestTestCode: a dropped Close error of a written file is silent in test
// code by default (_test.go files, test-only packages); the missing Flush
// or Close stays reported there.
func TestTestCode(t *testing.T) {
	fixture.Run(t, unflushed.Analyzer, "tcpolicy", "tcpolicy/testutil", "tcpolicy/shared_tests", "tcpolicy/contests", "helperpkg", "usestesting")
}

// TestTestCodeFlag: -unflushed.tests reports it in test code too.
func TestTestCodeFlag(t *testing.T) {
	setFlag(t, "tests", "true")
	fixture.Run(t, unflushed.Analyzer, "tcpolicyon")
}

// setFlag sets one of the analyzer's flags for the test and restores it.
func setFlag(t *testing.T, name, value string) {
	t.Helper()
	f := unflushed.Analyzer.Flags.Lookup(name)
	if f == nil {
		t.Fatalf("no flag -%s", name)
	}
	old := f.Value.String()
	if err := f.Value.Set(value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Value.Set(old) })
}

func TestFixes(t *testing.T) {
	fixture.RunWithSuggestedFixes(t, unflushed.Analyzer, "fixes")
}

func TestAnalyzer(t *testing.T) {
	fixture.CheckAnalyzer(t, unflushed.Analyzer, "unflushed: report writers left unflushed or unclosed, and their final errors dropped\n\n")
}

func TestFactGob(t *testing.T) {
	if len(unflushed.Analyzer.FactTypes) != 5 {
		t.Fatalf("FactTypes = %v", unflushed.Analyzer.FactTypes)
	}
	fixture.FactRoundTrip(t, unflushed.Analyzer.FactTypes[0], "Sizes", map[int]int{2: 65536, 0: 4096}, "flushesParams(0:4096 2:65536)")
	fixture.FactRoundTrip(t, unflushed.Analyzer.FactTypes[1], "Writers", []string{"tar.Writer", "gzip.Writer"}, "finishesFields(tar.Writer, gzip.Writer)")
	fixture.FactRoundTrip(t, unflushed.Analyzer.FactTypes[2], "Params", map[int]uint8{1: 1, 0: 3}, "assertsParams(0:Close,Flush 1:Close)")
	fixture.FactRoundTrip(t, unflushed.Analyzer.FactTypes[3], "Params", []int{0, 2}, "handlesParams(0 2)")
	fixture.FactRoundTrip(t, unflushed.Analyzer.FactTypes[4], "Kind", "compress/gzip.Writer", "returnsFresh(compress/gzip.Writer)")
}

// TestDeclared: a type the user declares (suite.DeclareStreams, the
// -streams flag) is tracked like the standard library's writers, made by
// any function that returns it; the same code is silent undeclared.
func TestDeclared(t *testing.T) {
	if err := suite.DeclareStreams([]string{"example.com/sink.Writer:Close"}); err != nil {
		t.Fatal(err)
	}
	defer suite.DeclareStreams(nil)
	fixture.Run(t, unflushed.Analyzer, "example.com/sink", "declared")
}
