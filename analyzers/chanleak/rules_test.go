package chanleak

import (
	"testing"

	"github.com/flowvet/flowvet/analyzers/internal/fixture"
)

// TestRulesDoc checks the rule table of docs/analyzers/chanleak.md
// against Rules.
func TestRulesDoc(t *testing.T) {
	fixture.CheckRulesDoc(t, "../../docs/analyzers/chanleak.md", Rules)
}

// TestCases checks the special cases against docs/analyzers/chanleak.md,
// the fixtures and the code.
func TestCases(t *testing.T) {
	fixture.CheckCases(t, "../../docs/analyzers/chanleak.md", "cases.go", Rules, cases)
}
