// Package suite lists the flowvet analyzers, in the order the flowvet binary
// and the golangci-lint plugin run them.
package suite

import (
	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/backpressure"
	"github.com/flowvet/flowvet/analyzers/chanleak"
	"github.com/flowvet/flowvet/analyzers/flowvetignore"
	"github.com/flowvet/flowvet/analyzers/internal/rules"
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

// A Rule is one kind of report of a flowvet analyzer: the ID its
// diagnostics carry as Category, and a one-line summary.
type Rule = rules.Rule

// Rules maps the name of each flowvet analyzer to its rules, in the order
// its documentation page lists them: the one source of the rule IDs and
// summaries that -sarif and flowvet help print.
var Rules = map[string][]Rule{
	backpressure.Analyzer.Name:    backpressure.Rules,
	chanleak.Analyzer.Name:        chanleak.Rules,
	flowvetignore.Analyzer.Name:   flowvetignore.Rules,
	pipelineerr.Analyzer.Name:     pipelineerr.Rules,
	unflushed.Analyzer.Name:       unflushed.Rules,
	writeafterclose.Analyzer.Name: writeafterclose.Rules,
}
