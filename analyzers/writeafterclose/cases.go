package writeafterclose

import "github.com/flowvet/flowvet/analyzers/internal/rules"

// Cases are the places where the analyzer stays silent on purpose, each
// named in a comment where it is implemented; docs/analyzers/writeafterclose.md
// lists them and analyzers/suite checks the page, the fixtures and the
// comments against this table.
var Cases = []rules.Case{
	{ID: "WS-escapes", Reason: "a variable whose address is taken, that a function literal assigns, or that a literal the analyzer cannot follow mentions: other code may reopen it",
		Fixture: "testdata/src/a/a.go", Marker: "func addressTaken(", Silences: all},
	{ID: "WS-reassigned", Reason: "an assignment to the variable between the close and the write starts afresh",
		Fixture: "testdata/src/a/a.go", Marker: "func reassigned(", Silences: all},
	{ID: "WS-reset", Reason: "a Reset of a gzip, zlib, flate, bufio or lzw writer (also through a type assertion) starts afresh",
		Fixture: "testdata/src/a/a.go", Marker: "func lzwReset(", Silences: all},
	{ID: "WS-fresh", Reason: "a range loop's key or value assigned at the loop head is another value in each iteration",
		Fixture: "testdata/src/a/a.go", Marker: "func loopRangeValue(", Silences: all},
	{ID: "WS-errorreturn", Reason: "a deferred write after a close only at returns that report an error: the caller was told the output is no good",
		Fixture: "testdata/src/wrap/wrap.go", Marker: "func sentinelReturn(", Silences: deferredRules},
	{ID: "WS-unjudged", Reason: "a return whose error cannot be judged (a field, a channel receive, a variable a closure assigns) is taken to report a failure",
		Fixture: "testdata/src/wrap/errflow.go", Marker: "func assignedByDefer(", Silences: deferredRules},
	{ID: "WS-destroyed", Reason: "a deferred write after CloseWithError(err) with err maybe non-nil: the reader was told the stream failed (moby/go-archive)",
		Fixture: "testdata/src/wrap/wrap.go", Marker: "func destroyedPipe(", Silences: deferredRules},
	{ID: "WS-idleflush", Reason: "a Flush of a bufio or csv writer flushed with nothing written since writes nothing",
		Fixture: "testdata/src/wrap/wrap.go", Marker: "func flushSafetyNet(", Silences: []string{ruleDeferOrder, ruleWrapper}},
	{ID: "WS-wrappertarget", Reason: "a wrapper assigned from two targets, or over a field assigned somewhere in the package: which target it holds is unknown",
		Fixture: "testdata/src/wrap/wrap.go", Marker: "func targetReassigned(", Silences: []string{ruleWrapper}},
	{ID: "WS-fieldpath", Reason: "globals, fields more than three deep and fields reached through an embedded struct are not followed",
		Fixture: "testdata/src/fields/fields.go", Marker: "func deep(", Silences: all},
	{ID: "WS-ifacefield", Reason: "a value of interface type other than net.Conn: not every io.WriteCloser's Close ends writing (a base64 encoder's flushes)",
		Fixture: "testdata/src/fields/fields.go", Marker: "func (i *iface) finish(", Silences: all},
	{ID: "WS-fieldchanged", Reason: "a field after a call that may change it (a method of the receiver, a lock, a channel operation): the field may hold another stream",
		Fixture: "testdata/src/fields/fields.go", Marker: "func (s *server) methodBetween(", Silences: all},
	{ID: "WS-testerr", Reason: "in a _test.go file, a write after close whose result is looked at tests the error",
		Fixture: "testdata/src/a/a_test.go", Marker: "if _, err := f.Write(nil)", Silences: []string{ruleWrite}},
	{ID: "WS-lastiter", Reason: "a close in the last iteration of a counted loop does not reach the next iteration",
		Fixture: "testdata/src/loops/loops.go", Marker: "func lastIndex(", Silences: []string{ruleWrite, ruleWrapper}},
}

var (
	all           = []string{ruleWrite, ruleAtReturn, ruleDeferOrder, ruleWrapper}
	deferredRules = []string{ruleAtReturn, ruleDeferOrder, ruleWrapper}
)
