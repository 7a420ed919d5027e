package pipelineerr

import (
	"fmt"
	"go/ast"

	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/internal/rules"
)

// Rule IDs: every diagnostic carries its rule's ID as its Category (so
// -json and SARIF say which rule fired), and docs/analyzers/pipelineerr.md
// lists them (analyzers/suite checks the page against Rules).
const (
	ruleNeverWaited = "P-neverwaited"  // a pipeline with no Wait (finish.go)
	ruleWaitPath    = "P-waitpath"     // a path returns without Wait (finish.go)
	ruleWaitDropped = "P-waitdropped"  // p.Wait() as a statement, go or defer (pipelineerr.go)
	ruleSendDropped = "P-senddropped"  // w.Send(ctx, v) as a statement (pipelineerr.go)
	ruleReaderClose = "P-readerclose"  // a flowrt reader's CloseWithError result dropped (readerclose.go)
	ruleReadDropped = "P-readdropped"  // r.Read(ctx) as a statement, v, _ := r.Read(ctx) (pipelineerr.go)
	ruleAllErr      = "P-allerr"       // range r.All(ctx) and no r.Err() (finish.go)
	ruleCopyDropped = "P-copydropped"  // io.Copy(dst, src) as a statement (iocopy.go)
	ruleHalfCopy    = "P-halfcopy"     // n, _ := io.Copy(...) with n used (halfcopy.go)
	ruleHTTPCopy    = "P-httpcopy"     // a failed copy into a chunked response ends it cleanly (httpcopy.go)
	rulePipeWrite   = "P-pipewrite"    // snap.WriteTo(pw) as a statement (iocopy.go)
	ruleCloseOnErr  = "P-closeonerror" // pw.Close() where an error is in hand (closeerr.go, returnclose.go)
	rulePipeOpen    = "P-pipeopen"     // a pipe writer's goroutine ends without closing it (finish.go)
	ruleDeferLogged = "P-deferlogged"  // defer pw.Close() and an error path that only logs (finish.go)
	ruleDeferArg    = "P-deferarg"     // defer pw.CloseWithError(err), err assigned later (deferarg.go)
	ruleCloseValue  = "P-closevalue"   // return pw.CloseWithError(err): always nil (pipelineerr.go)
	ruleSwallowed   = "P-swallowed"    // an error only logged or counted, then success (swallowed.go)
	ruleReadEOF     = "P-readeof"      // a read error taken for the end of the stream (readeof.go)
	ruleDeferClose  = "P-deferclose"   // defer w.Close() where a failure can return (deferclose.go)
)

// Rules is every rule of the analyzer, in the order its page lists them.
var Rules = []rules.Rule{
	{ID: ruleNeverWaited, Summary: "a flowrt pipeline never waited for: its first stage error is lost"},
	{ID: ruleWaitPath, Summary: "a path returns without the pipeline's Wait"},
	{ID: ruleWaitDropped, Summary: "the error of a pipeline's Wait discarded"},
	{ID: ruleSendDropped, Summary: "the error of a flowrt Send, SendAll or Drain discarded"},
	{ID: ruleReaderClose, Summary: "a flowrt reader's CloseWithError result dropped, then success"},
	{ID: ruleReadDropped, Summary: "the error of a flowrt Reader's Read discarded"},
	{ID: ruleAllErr, Summary: "a range over a flowrt reader's All whose Err is never checked"},
	{ID: ruleCopyDropped, Summary: "the result of io.Copy, CopyN or CopyBuffer discarded"},
	{ID: ruleHalfCopy, Summary: "n, _ := io.Copy(...) with n used: the count of a failed copy taken for a whole one"},
	{ID: ruleHTTPCopy, Summary: "a failed copy into a chunked HTTP response ends it cleanly"},
	{ID: rulePipeWrite, Summary: "the result of a WriteTo into a pipe writer discarded"},
	{ID: ruleCloseOnErr, Summary: "Close instead of CloseWithError with an error in hand"},
	{ID: rulePipeOpen, Summary: "an io.PipeWriter left open when the goroutine writing it ends"},
	{ID: ruleDeferLogged, Summary: "a deferred clean Close of a pipe writer after an error only logged"},
	{ID: ruleDeferArg, Summary: "defer w.CloseWithError(err) with err assigned after the defer statement"},
	{ID: ruleCloseValue, Summary: "the always-nil result of io's CloseWithError used as a value"},
	{ID: ruleSwallowed, Summary: "a stream error only logged or counted, then success"},
	{ID: ruleReadEOF, Summary: "a read error taken for the end of the stream"},
	{ID: ruleDeferClose, Summary: "defer w.Close() of a pipe or flowrt writer where the function can return a failure"},
}

// report reports a diagnostic of rule over the range of n.
func (c *checker) report(rule string, n ast.Node, fixes []analysis.SuggestedFix, format string, args ...any) {
	c.pass.Report(analysis.Diagnostic{
		Pos:            n.Pos(),
		End:            n.End(),
		Category:       rule,
		Message:        fmt.Sprintf(format, args...),
		SuggestedFixes: fixes,
	})
}
