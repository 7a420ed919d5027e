package flowvetignore

import "github.com/flowvet/flowvet/analyzers/internal/rules"

// Rule IDs: every diagnostic carries its rule's ID as its Category (so
// -json and SARIF say which rule fired), and docs/analyzers/flowvetignore.md
// lists them (analyzers/suite checks the page against Rules).
const (
	ruleNoAnalyzer = "I-noanalyzer" // //flowvet:ignore
	ruleNoReason   = "I-noreason"   // //flowvet:ignore backpressure
	ruleUnknown    = "I-unknown"    // //flowvet:ignore backpresure ...
	ruleLookalike  = "I-lookalike"  // // flowvet:ignore ..., //flowvet:ignoreall
	ruleUnused     = "I-unused"     // a directive whose analyzer reports nothing there
)

// Rules is every rule of the analyzer, in the order its page lists them.
var Rules = []rules.Rule{
	{ID: ruleNoAnalyzer, Summary: "a directive that names no analyzer"},
	{ID: ruleNoReason, Summary: "a directive that gives no reason"},
	{ID: ruleUnknown, Summary: "a directive that names an analyzer flowvet does not have"},
	{ID: ruleLookalike, Summary: "a comment that looks like a directive but is not one"},
	{ID: ruleUnused, Summary: "a well-formed directive whose analyzer reports nothing on its line or the line below"},
}
