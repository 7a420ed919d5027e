package pipelineerr

import (
	"fmt"
	"go/ast"

	"golang.org/x/tools/go/analysis"
)

// Rule IDs, carried by the diagnostics of the rules that have one as their
// Category and listed on docs/analyzers/pipelineerr.md.
const (
	ruleSwallowed   = "P-swallowed"   // an error only logged or counted, then success (swallowed.go)
	ruleReadEOF     = "P-readeof"     // a read error taken for the end of the stream (readeof.go)
	ruleHalfCopy    = "P-halfcopy"    // n, _ := io.Copy(...) with n used (halfcopy.go)
	ruleDeferClose  = "P-deferclose"  // defer w.Close() where a failure can return (deferclose.go)
	ruleHTTPCopy    = "P-httpcopy"    // a failed copy into a chunked response ends it cleanly (httpcopy.go)
	ruleReaderClose = "P-readerclose" // a flowrt reader's CloseWithError result dropped (readerclose.go)
)

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
