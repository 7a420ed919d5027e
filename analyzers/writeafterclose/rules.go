package writeafterclose

import "github.com/flowvet/flowvet/analyzers/internal/rules"

// Rule IDs: every diagnostic carries its rule's ID as its Category, and
// docs/analyzers/writeafterclose.md lists them (analyzers/suite checks
// the page against Rules).
const (
	ruleWrite      = "W-write"      // a write after an explicit Close on the path
	ruleAtReturn   = "W-atreturn"   // a deferred write that runs at return, after an explicit Close
	ruleDeferOrder = "W-deferorder" // a deferred write that runs after a deferred Close (defers run in reverse order)
	ruleWrapper    = "W-wrapper"    // a wrapper (bufio, gzip, a logger...) writes into its destination after it was closed
)

// Rules is every rule of the analyzer, in the order its page lists them.
var Rules = []rules.Rule{
	{ID: ruleWrite, Summary: "a write after an explicit Close on the path"},
	{ID: ruleAtReturn, Summary: "a deferred write that runs at return, after an explicit Close"},
	{ID: ruleDeferOrder, Summary: "a deferred write that runs after a deferred Close (defers run in reverse order)"},
	{ID: ruleWrapper, Summary: "a wrapper (bufio, gzip, a logger...) writes into its destination after it was closed"},
}
