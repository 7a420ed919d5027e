package chanleak

import "github.com/flowvet/flowvet/analyzers/internal/rules"

// Rule IDs: every diagnostic carries its rule's ID as its Category (so
// -json and SARIF say which rule fired), and docs/analyzers/chanleak.md
// lists them (analyzers/suite checks the page against Rules).
const (
	ruleEarlyReturn = "C-earlyreturn" // the function returns before receiving a goroutine's send
	ruleStopped     = "C-stopped"     // the consumer goroutine returns while sends are pending
	ruleUnclosed    = "C-unclosed"    // the closer returns without closing a ranged-over channel
)

// Rules is every rule of the analyzer, in the order its page lists them.
var Rules = []rules.Rule{
	{ID: ruleEarlyReturn, Summary: "a goroutine blocks forever on a send: the function can return before receiving it"},
	{ID: ruleStopped, Summary: "a sender blocks forever once the consumer goroutine returns and stops receiving"},
	{ID: ruleUnclosed, Summary: "a range over a channel waits forever: its closer can return without closing it"},
}
