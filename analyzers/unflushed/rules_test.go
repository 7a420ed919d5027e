package unflushed

import (
	"testing"

	"github.com/flowvet/flowvet/analyzers/internal/fixture"
)

// TestRulesDoc checks the rule table of docs/analyzers/unflushed.md against
// Rules.
func TestRulesDoc(t *testing.T) {
	fixture.CheckRulesDoc(t, "../../docs/analyzers/unflushed.md", Rules)
}

// TestCases checks the special cases against docs/analyzers/unflushed.md,
// the fixtures and the code.
func TestCases(t *testing.T) {
	fixture.CheckCases(t, "../../docs/analyzers/unflushed.md", "cases.go", Rules, cases)
}
