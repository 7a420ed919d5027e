package writeafterclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/flowvet/flowvet/analyzers/writeafterclose"
)

func TestWriteAfterClose(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), writeafterclose.Analyzer, "a")
}

func TestWrappers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), writeafterclose.Analyzer, "wrap")
}

func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), writeafterclose.Analyzer, "closer", "user")
}

func TestFields(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), writeafterclose.Analyzer, "fields")
}

func TestEdge(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), writeafterclose.Analyzer, "edge")
}
