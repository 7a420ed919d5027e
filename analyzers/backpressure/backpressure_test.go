package backpressure_test

import (
	"strings"
	"testing"

	"github.com/flowvet/flowvet/analyzers/backpressure"
	"github.com/flowvet/flowvet/analyzers/internal/fixture"
)

func TestDiscarded(t *testing.T) {
	fixture.Run(t, backpressure.Analyzer, "a", "other")
}

func TestLoops(t *testing.T) {
	fixture.Run(t, backpressure.Analyzer, "loops")
}

// TestFuncValues checks method values, method expressions, function values
// and function literals that return the signal.
func TestFuncValues(t *testing.T) {
	fixture.Run(t, backpressure.Analyzer, "funcvals")
}

// TestSwitches checks signals tested by switch statements.
func TestSwitches(t *testing.T) {
	fixture.Run(t, backpressure.Analyzer, "switches")
}

// TestTimers checks that a timer (time.Sleep, a ticker, time.After) is
// no wait for the consumer, and the retried Write.
func TestTimers(t *testing.T) {
	fixture.Run(t, backpressure.Analyzer, "timers")
}

// TestMisses checks realistic producer loops that used to be missed.
func TestMisses(t *testing.T) {
	fixture.Run(t, backpressure.Analyzer, "misses")
}

// TestTryWrite checks a discarded accepted result of TryWrite, and
// Reader.Ready as a wait (issue 14).
func TestTryWrite(t *testing.T) {
	fixture.Run(t, backpressure.Analyzer, "trywrite")
}

func TestVars(t *testing.T) {
	fixture.Run(t, backpressure.Analyzer, "vars")
}

// TestFacts checks that wrappers export a fact and that calls to them are
// checked in another package.
func TestFacts(t *testing.T) {
	fixture.Run(t, backpressure.Analyzer, "wrap", "usewrap")
}

// TestTestFiles checks that tests, benchmarks and their helpers are skipped,
// examples are not.
func TestTestFiles(t *testing.T) {
	fixture.Run(t, backpressure.Analyzer, "tests")
}

// TestPrograms runs realistic user programs: correct producers are silent.
func TestPrograms(t *testing.T) {
	fixture.Run(t, backpressure.Analyzer, "producers", "ingest", "broadcast", "batcher", "docsnippets", "relay", "upload", "corpus")
}

func TestSuggestedFixes(t *testing.T) {
	results := fixture.RunWithSuggestedFixes(t, backpressure.Analyzer, "fix")

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
	fixture.CheckAnalyzer(t, backpressure.Analyzer, "backpressure: report ignored backpressure signals of flowrt writers\n\n")
}

func TestFactGob(t *testing.T) {
	fixture.FactRoundTrip(t, new(backpressure.SignalFact), "Results", []int{0, 2}, "backpressure signal in results [0 2]")
}
