package unflushed_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/flowvet/flowvet/analyzers/unflushed"
)

func TestRules(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unflushed.Analyzer,
		"bufiocase", "encoders", "csvcase", "files", "buffers", "realworld")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), unflushed.Analyzer, "fixes")
}
