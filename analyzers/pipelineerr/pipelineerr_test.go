package pipelineerr_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/flowvet/flowvet/analyzers/internal/fixture"
	"github.com/flowvet/flowvet/analyzers/pipelineerr"
)

func TestFlowrt(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), pipelineerr.Analyzer, "flowrtuse")
}

func TestIOCopy(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), pipelineerr.Analyzer, "iocopy")
}

func TestIOPipe(t *testing.T) {
	analysistest.Run(t, fixture.TestData(t), pipelineerr.Analyzer, "iopipe")
}

func TestCloseOnErrorPathFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, fixture.TestData(t), pipelineerr.Analyzer, "pipeclose")
}

func TestCloseWithErrorValueFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, fixture.TestData(t), pipelineerr.Analyzer, "closevalue")
}
