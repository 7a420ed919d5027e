package flowvetignore_test

import (
	"testing"

	"github.com/flowvet/flowvet/analyzers/flowvetignore"
	"github.com/flowvet/flowvet/analyzers/internal/fixture"
)

func TestAnalyzer(t *testing.T) {
	fixture.Run(t, flowvetignore.Analyzer, "a")
}

func TestDoc(t *testing.T) {
	fixture.CheckAnalyzer(t, flowvetignore.Analyzer, "flowvetignore: report //flowvet:ignore directives that silence nothing\n\n")
}
