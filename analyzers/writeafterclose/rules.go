package writeafterclose

// Rule IDs: every diagnostic carries its rule's ID as its Category, and
// docs/analyzers/writeafterclose.md lists them (rules_test.go checks the
// page against this table).
const (
	ruleWrite      = "W-write"      // a write after an explicit Close on the path
	ruleAtReturn   = "W-atreturn"   // a deferred write that runs at return, after an explicit Close
	ruleDeferOrder = "W-deferorder" // a deferred write that runs after a deferred Close (defers run in reverse order)
	ruleWrapper    = "W-wrapper"    // a wrapper (bufio, gzip, a logger...) writes into its destination after it was closed
)

// rules is every rule ID with its one-line summary.
var rules = map[string]string{
	ruleWrite:      "a write after an explicit Close on the path",
	ruleAtReturn:   "a deferred write that runs at return, after an explicit Close",
	ruleDeferOrder: "a deferred write that runs after a deferred Close (defers run in reverse order)",
	ruleWrapper:    "a wrapper (bufio, gzip, a logger...) writes into its destination after it was closed",
}
