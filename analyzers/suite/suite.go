// Package suite lists the flowvet analyzers, in the order the flowvet binary
// and the golangci-lint plugin run them.
package suite

import (
	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/backpressure"
	"github.com/flowvet/flowvet/analyzers/chanleak"
	"github.com/flowvet/flowvet/analyzers/flowvetignore"
	"github.com/flowvet/flowvet/analyzers/pipelineerr"
	"github.com/flowvet/flowvet/analyzers/unflushed"
	"github.com/flowvet/flowvet/analyzers/writeafterclose"
)

// Analyzers is every flowvet analyzer.
var Analyzers = []*analysis.Analyzer{
	// Each analyzer package adds its Analyzer here, one per line.
	backpressure.Analyzer,
	chanleak.Analyzer,
	flowvetignore.Analyzer,
	pipelineerr.Analyzer,
	unflushed.Analyzer,
	writeafterclose.Analyzer,
}
