package pipelineerr_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/flowvet/flowvet/analyzers/pipelineerr"
)

func TestFlowrt(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), pipelineerr.Analyzer, "flowrtuse")
}

func TestIOCopy(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), pipelineerr.Analyzer, "iocopy")
}

func TestIOPipe(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), pipelineerr.Analyzer, "iopipe")
}

func TestCloseOnErrorPathFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), pipelineerr.Analyzer, "pipeclose")
}

func TestCloseWithErrorValueFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), pipelineerr.Analyzer, "closevalue")
}
