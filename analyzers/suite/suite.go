// Package suite lists the flowvet analyzers, in the order the flowvet binary
// and the golangci-lint plugin run them.
package suite

import (
	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/backpressure"
	"github.com/flowvet/flowvet/analyzers/chanleak"
	"github.com/flowvet/flowvet/analyzers/flowvetignore"
	"github.com/flowvet/flowvet/analyzers/internal/rules"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
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

// A Case is one place where a flowvet analyzer stays silent on purpose:
// an ID its code names where it implements it, a one-line reason, the
// fixture line that pins it and the rules whose reports it silences.
type Case = rules.Case

// A Table is what an analyzer keeps about itself, in the order its
// documentation page lists them: its rules and its special cases.
type Table struct {
	Rules []Rule
	Cases []Case
}

// Tables maps the name of each flowvet analyzer to its table: the one
// source of the rule IDs and summaries that -sarif and flowvet help print,
// and of the special cases its page lists.
var Tables = map[string]Table{
	backpressure.Analyzer.Name:    {backpressure.Rules, backpressure.Cases},
	chanleak.Analyzer.Name:        {chanleak.Rules, chanleak.Cases},
	flowvetignore.Analyzer.Name:   {flowvetignore.Rules, flowvetignore.Cases},
	pipelineerr.Analyzer.Name:     {pipelineerr.Rules, pipelineerr.Cases},
	unflushed.Analyzer.Name:       {unflushed.Rules, unflushed.Cases},
	writeafterclose.Analyzer.Name: {writeafterclose.Rules, writeafterclose.Cases},
}

// FactsOnly makes the analyzers compute and export their facts and skip
// the checks that only report: for a go vet unit whose diagnostics the go
// command drops (VetxOnly), run only for the facts its importers read.
// The facts are those of a full run.
func FactsOnly(on bool) { streams.SetFactsOnly(on) }
