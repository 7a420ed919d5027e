package pipelineerr

import (
	"testing"

	"github.com/flowvet/flowvet/analyzers/internal/fixture"
)

// TestRulesDoc checks the rule table of docs/analyzers/pipelineerr.md
// against Rules.
func TestRulesDoc(t *testing.T) {
	fixture.CheckRulesDoc(t, "../../docs/analyzers/pipelineerr.md", Rules)
}

// TestCases checks the special cases against
// docs/analyzers/pipelineerr.md, the fixtures and the code.
func TestCases(t *testing.T) {
	fixture.CheckCases(t, "../../docs/analyzers/pipelineerr.md", "cases.go", Rules, cases)
}
