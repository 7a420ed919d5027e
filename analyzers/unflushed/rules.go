package unflushed

import "github.com/flowvet/flowvet/analyzers/internal/rules"

// Rule IDs: every diagnostic carries its rule's ID as its Category (so
// -json and SARIF say which rule fired), and docs/analyzers/unflushed.md
// lists them (analyzers/suite checks the page against Rules).
const (
	ruleUnfinished = "U-unfinished" // written to and not flushed/closed on a path to a successful return
	ruleDropped    = "U-dropped"    // the error of the finishing Flush/Close (or csv's Error) dropped
	ruleDeferred   = "U-deferred"   // the only finishing call is deferred and its error dropped
	ruleReadEarly  = "U-readearly"  // the output buffer read before the writer is finished
	ruleExit       = "U-exit"       // an exit that skips the finish (os.Exit(0), or a pending deferred finish)
	ruleField      = "U-field"      // a writer in an unexported field that nothing in the package finishes
)

// Rules is every rule of the analyzer, in the order its page lists them.
var Rules = []rules.Rule{
	{ID: ruleUnfinished, Summary: "written to and not flushed or closed on a path to a successful return"},
	{ID: ruleDropped, Summary: "the error of the finishing Flush or Close (or csv's Error) dropped"},
	{ID: ruleDeferred, Summary: "the only finishing call is deferred and its error dropped"},
	{ID: ruleReadEarly, Summary: "the output buffer read before the writer is finished"},
	{ID: ruleExit, Summary: "an exit that skips the finish: os.Exit(0), or any exit with a deferred finish pending"},
	{ID: ruleField, Summary: "a writer in an unexported field that nothing in the package finishes"},
}
