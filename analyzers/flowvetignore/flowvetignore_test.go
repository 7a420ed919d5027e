package flowvetignore_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/flowvet/flowvet/analyzers/flowvetignore"
	"github.com/flowvet/flowvet/analyzers/internal/fixture"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), flowvetignore.Analyzer, "a")
}

func TestDoc(t *testing.T) {
	fixture.CheckAnalyzer(t, flowvetignore.Analyzer, "flowvetignore: report //flowvet:ignore directives that silence nothing\n\n")
}
