package unflushed

// Rule IDs: every diagnostic carries its rule's ID as its Category (so
// -json and SARIF say which rule fired), and docs/analyzers/unflushed.md
// lists them (rules_test.go checks the page against this table).
const (
	ruleUnfinished = "U-unfinished" // written to and not flushed/closed on a path to a successful return
	ruleDropped    = "U-dropped"    // the error of the finishing Flush/Close (or csv's Error) dropped
	ruleDeferred   = "U-deferred"   // the only finishing call is deferred and its error dropped
	ruleReadEarly  = "U-readearly"  // the output buffer read before the writer is finished
	ruleExit       = "U-exit"       // an exit that skips the finish (os.Exit(0), or a pending deferred finish)
	ruleField      = "U-field"      // a writer in an unexported field that nothing in the package finishes
)

// rules is every rule ID with its one-line summary.
var rules = map[string]string{
	ruleUnfinished: "written to and not flushed or closed on a path to a successful return",
	ruleDropped:    "the error of the finishing Flush or Close (or csv's Error) dropped",
	ruleDeferred:   "the only finishing call is deferred and its error dropped",
	ruleReadEarly:  "the output buffer read before the writer is finished",
	ruleExit:       "an exit that skips the finish: os.Exit(0), or any exit with a deferred finish pending",
	ruleField:      "a writer in an unexported field that nothing in the package finishes",
}
