package backpressure

import "github.com/flowvet/flowvet/analyzers/internal/rules"

// Rule IDs: every diagnostic carries its rule's ID as its Category (so
// -json and SARIF say which rule fired), and docs/analyzers/backpressure.md
// lists them (analyzers/suite checks the page against Rules).
const (
	ruleIgnored     = "B-ignored"     // w.Write(v) as a statement
	ruleBlank       = "B-blank"       // _ = w.Write(v)
	ruleGoDefer     = "B-godefer"     // go w.Write(v), defer w.Write(v)
	ruleNeverRead   = "B-neverread"   // ok = w.Write(v), ok never read
	ruleOverwritten = "B-overwritten" // ok = w.Write(a) ... ok = w.Write(b), no read between
	ruleSuccessPath = "B-successpath" // ok read on some paths, not on one that returns success
	ruleTested      = "B-tested"      // the false branch neither waits nor leaves, and the loop writes again
	ruleRetried     = "B-retried"     // for !w.Write(v) { ... }
	ruleTryWrite    = "B-trywrite"    // TryWrite's accepted result discarded
)

// Rules is every rule of the analyzer, in the order its page lists them.
var Rules = []rules.Rule{
	{ID: ruleIgnored, Summary: "the signal dropped: w.Write(v) as a statement"},
	{ID: ruleBlank, Summary: "the signal assigned to _"},
	{ID: ruleGoDefer, Summary: "the signal lost in a go or defer statement"},
	{ID: ruleNeverRead, Summary: "the signal stored in a variable that is never read"},
	{ID: ruleOverwritten, Summary: "the stored signal overwritten before it is read on some path"},
	{ID: ruleSuccessPath, Summary: "the stored signal not read on a path that returns success"},
	{ID: ruleTested, Summary: "a false signal tested, then ignored: the loop writes again without waiting (a timer is no wait)"},
	{ID: ruleRetried, Summary: "a Write retried in a for condition: each retry writes the item again"},
	{ID: ruleTryWrite, Summary: "TryWrite's accepted result discarded: a false there drops the item"},
}
