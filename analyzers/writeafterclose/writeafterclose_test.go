package writeafterclose_test

import (
	"testing"

	"github.com/flowvet/flowvet/analyzers/internal/fixture"
	"github.com/flowvet/flowvet/analyzers/writeafterclose"
)

func TestWriteAfterClose(t *testing.T) {
	fixture.Run(t, writeafterclose.Analyzer, "a")
}

func TestWrappers(t *testing.T) {
	fixture.Run(t, writeafterclose.Analyzer, "wrap")
}

func TestFacts(t *testing.T) {
	fixture.Run(t, writeafterclose.Analyzer, "closer", "user")
}

func TestFields(t *testing.T) {
	fixture.Run(t, writeafterclose.Analyzer, "fields")
}

func TestEdge(t *testing.T) {
	fixture.Run(t, writeafterclose.Analyzer, "edge")
}

func TestLoops(t *testing.T) {
	fixture.Run(t, writeafterclose.Analyzer, "loops")
}
func TestAnalyzer(t *testing.T) {
	fixture.CheckAnalyzer(t, writeafterclose.Analyzer, "writeafterclose: report writes to a stream after it was closed\n\n")
}

func TestFactGob(t *testing.T) {
	if len(writeafterclose.Analyzer.FactTypes) != 1 {
		t.Fatalf("FactTypes = %v", writeafterclose.Analyzer.FactTypes)
	}
	fixture.FactRoundTrip(t, writeafterclose.Analyzer.FactTypes[0], "Params", []int{0, 2}, "closesParams[0 2]")
}

// TestFlowrtEmbed: a struct embedding a flowrt writer is closed and written
// through the promoted methods.
func TestFlowrtEmbed(t *testing.T) {
	fixture.Run(t, writeafterclose.Analyzer, "flowrtembed")
}
