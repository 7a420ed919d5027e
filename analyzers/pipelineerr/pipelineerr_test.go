package pipelineerr_test

import (
	"testing"

	"github.com/flowvet/flowvet/analyzers/internal/fixture"
	"github.com/flowvet/flowvet/analyzers/pipelineerr"
	"github.com/flowvet/flowvet/analyzers/suite"
)

func TestFlowrt(t *testing.T) {
	fixture.Run(t, pipelineerr.Analyzer, "flowrtuse")
}

func TestIOCopy(t *testing.T) {
	fixture.Run(t, pipelineerr.Analyzer, "iocopy")
}

func TestIOPipe(t *testing.T) {
	fixture.Run(t, pipelineerr.Analyzer, "iopipe")
}

func TestCloseOnErrorPathFix(t *testing.T) {
	fixture.RunWithSuggestedFixes(t, pipelineerr.Analyzer, "pipeclose")
}

func TestCloseWithErrorValueFix(t *testing.T) {
	fixture.RunWithSuggestedFixes(t, pipelineerr.Analyzer, "closevalue")
}
func TestAnalyzer(t *testing.T) {
	fixture.CheckAnalyzer(t, pipelineerr.Analyzer, "pipelineerr: report stream errors that nobody handles\n\n")
}

// TestThirdParty: a pipe writer passed through an io.Writer parameter of a
// function outside the standard library (rclone's sgzip) does not escape,
// unless the assertsParams fact says the callee can reach its Close. A bare
// go io.Copy from a pseudo-terminal of example.com/pty or xpty is a relay
// (pty.go).
func TestThirdParty(t *testing.T) {
	fixture.Run(t, pipelineerr.Analyzer, "example.com/sgzip", "thirdparty")
}

func TestFactGob(t *testing.T) {
	if len(pipelineerr.Analyzer.FactTypes) != 1 {
		t.Fatalf("FactTypes = %v", pipelineerr.Analyzer.FactTypes)
	}
	fixture.FactRoundTrip(t, pipelineerr.Analyzer.FactTypes[0], "Params", []int{0, 2}, "assertsParams[0 2]")
}

// TestFlowrtCloseFix: Close of a flowrt writer on an error path, with its fix.
func TestFlowrtCloseFix(t *testing.T) {
	fixture.RunWithSuggestedFixes(t, pipelineerr.Analyzer, "flowrtclose")
}

// TestDeferArgFix: defer pw.CloseWithError(err) with err assigned later
// (clickhouse-go), rewritten to the closure form.
func TestDeferArgFix(t *testing.T) {
	fixture.RunWithSuggestedFixes(t, pipelineerr.Analyzer, "deferarg")
}

// TestOwnWrite: Close after the pipe's own write failed (pgx) is silent;
// after io.Copy or an encoder on the pipe it is still reported.
func TestOwnWrite(t *testing.T) {
	fixture.Run(t, pipelineerr.Analyzer, "ownwrite")
}

// TestHalfCopyFix: n, _ := io.Copy(...) with n used (P-halfcopy).
func TestHalfCopyFix(t *testing.T) {
	fixture.RunWithSuggestedFixes(t, pipelineerr.Analyzer, "halfcopy")
}

// TestHTTPCopyFix: a dropped copy error into a chunked response
// (P-httpcopy), fixed by panic(http.ErrAbortHandler).
func TestHTTPCopyFix(t *testing.T) {
	fixture.RunWithSuggestedFixes(t, pipelineerr.Analyzer, "httpcopy")
}

// TestSwallowed: a stream error only logged or counted, then success
// (P-swallowed).
func TestSwallowed(t *testing.T) {
	fixture.Run(t, pipelineerr.Analyzer, "swallowed")
}

// TestReadEOF: a read error taken for the end of the stream (P-readeof).
func TestReadEOF(t *testing.T) {
	fixture.Run(t, pipelineerr.Analyzer, "readeof")
}

// TestDeferCloseFix: defer w.Close() where a failure can be returned
// (P-deferclose), rewritten to close with the function's error.
func TestDeferCloseFix(t *testing.T) {
	fixture.RunWithSuggestedFixes(t, pipelineerr.Analyzer, "deferclose")
}

// TestDeclared: Close on an error path of a type the user declares with
// the CloseWithError duty (-streams) is reported like an io.PipeWriter's,
// in the declaring package too; an undeclared twin stays silent.
func TestDeclared(t *testing.T) {
	if err := suite.DeclareStreams([]string{"example.com/pwsink.Writer:CloseWithError"}); err != nil {
		t.Fatal(err)
	}
	defer suite.DeclareStreams(nil)
	fixture.RunWithSuggestedFixes(t, pipelineerr.Analyzer, "example.com/pwsink", "declaredpipe")
}
