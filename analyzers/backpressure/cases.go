package backpressure

import "github.com/flowvet/flowvet/analyzers/internal/rules"

// Cases are the places where the analyzer stays silent on purpose, each
// named in a comment where it is implemented; docs/analyzers/backpressure.md
// lists them and analyzers/suite checks the page, the fixtures and the
// comments against this table.
var Cases = []rules.Case{
	{ID: "BS-escapes", Reason: "the signal escapes: returned, passed to a function, sent, stored in a field, a map or a package variable, or held in a captured local",
		Fixture: "testdata/src/a/a.go", Marker: "func passedOn(", Silences: storeRules},
	{ID: "BS-funcvar", Reason: "a function variable the analyzer cannot pin down: reassigned, declared before it is assigned, address taken, passed on, stored or returned",
		Fixture: "testdata/src/a/a.go", Marker: "func methodValueEscapes(", Silences: all},
	{ID: "BS-failpath", Reason: "a stored signal dropped on a path that fails: a non-nil error, a false, a panic, a return of a call's results",
		Fixture: "testdata/src/vars/errpaths.go", Marker: "func errFailures(", Silences: []string{ruleSuccessPath}},
	{ID: "BS-ctxpath", Reason: "a path that looks at the context before it returns gives up on cancellation: the signal no longer matters",
		Fixture: "testdata/src/vars/vars.go", Marker: "func cancelled(", Silences: []string{ruleSuccessPath}},
	{ID: "BS-waits", Reason: "the false branch waits (Drain, Send, a blocking receive or send, a sync wait) or leaves the loop",
		Fixture: "testdata/src/loops/loops.go", Marker: "func drainInLoop(", Silences: []string{ruleTested}},
	{ID: "BS-bufferloop", Reason: "a loop whose condition reads the writer's buffer ends only when it saw the buffer low: a wait",
		Fixture: "testdata/src/corpus/poll.go", Marker: "func Poll(", Silences: []string{ruleTested}},
	{ID: "BS-opaque", Reason: "the false branch calls code the analyzer cannot see into: a function given the writer, a context or a stream holder, a function value, an interface method",
		Fixture: "testdata/src/loops/loops.go", Marker: "func helper(", Silences: []string{ruleTested}},
	{ID: "BS-handedon", Reason: "the false branch hands the signal on: reads it, sets a flag, or changes a variable a condition of the loop tests",
		Fixture: "testdata/src/loops/loops.go", Marker: "func flagInCondition(", Silences: []string{ruleTested}},
	{ID: "BS-otherwriter", Reason: "another writer each iteration (for _, w := range outs): the next write goes elsewhere",
		Fixture: "testdata/src/producers/producers.go", Marker: "func Fanout(", Silences: []string{ruleTested}},
	{ID: "BS-waitafter", Reason: "a Write followed on every path by a wait before the next write or return behaves like Send",
		Fixture: "testdata/src/a/a.go", Marker: "func writeThenDrain(", Silences: discardRules},
	{ID: "BS-presized", Reason: "a pipe made with room for everything the function writes to it (HighWaterMark(len(xs) + 1)): no Write returns false",
		Fixture: "testdata/src/corpus/presized.go", Marker: "func Queue(", Silences: discardRules},
	{ID: "BS-outsideloop", Reason: "a signal tested outside a loop is bounded: one item over the mark",
		Fixture: "testdata/src/loops/loops.go", Marker: "func notInLoop(", Silences: []string{ruleTested}},
	{ID: "BS-tests", Reason: "test, benchmark and fuzz functions and their helpers in _test.go files write known amounts on purpose (examples are checked)",
		Fixture: "testdata/src/tests/tests_test.go", Marker: "func fill(", Silences: all},
	{ID: "BS-lockstep", Reason: "a receive whose value is not the item being written is a wait: an acknowledgement, a lockstep reply",
		Fixture: "testdata/src/misses/built.go", Marker: "func lockstep(", Silences: []string{ruleTested}},
}

var (
	all          = []string{ruleIgnored, ruleBlank, ruleGoDefer, ruleNeverRead, ruleOverwritten, ruleSuccessPath, ruleTested, ruleRetried}
	storeRules   = []string{ruleNeverRead, ruleOverwritten, ruleSuccessPath}
	discardRules = []string{ruleIgnored, ruleBlank}
)
