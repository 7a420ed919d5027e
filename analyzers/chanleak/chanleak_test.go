package chanleak_test

import (
	"testing"

	"github.com/flowvet/flowvet/analyzers/chanleak"
	"github.com/flowvet/flowvet/analyzers/internal/fixture"
)

func TestAnalyzer(t *testing.T) {
	fixture.CheckAnalyzer(t, chanleak.Analyzer, "chanleak: report goroutines that block forever on a channel whose other side left\n\n")
}

// TestFixtures runs the analyzer over the fixtures (with the suggested
// fixes against their .golden files), then runs every fixture function
// under testing/synctest: see proof_test.go.
func TestFixtures(t *testing.T) {
	results := fixture.RunWithSuggestedFixes(t, chanleak.Analyzer, fixturePackages...)
	prove(t, results)
}

// TestFailedTests: a goroutine left behind on a path where the test has
// failed is not reported. Those leaks are real, so the package has no
// runtime proof (see its doc).
func TestFailedTests(t *testing.T) {
	fixture.Run(t, chanleak.Analyzer, "testfail")
}

// TestMainReturns: returning from main.main ends the program (CS-main).
func TestMainReturns(t *testing.T) {
	fixture.Run(t, chanleak.Analyzer, "mainpkg")
}
