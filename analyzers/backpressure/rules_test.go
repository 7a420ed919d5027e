package backpressure

import (
	"testing"

	"github.com/flowvet/flowvet/analyzers/internal/fixture"
)

// TestRulesDoc checks the rule table of docs/analyzers/backpressure.md
// against Rules.
func TestRulesDoc(t *testing.T) {
	fixture.CheckRulesDoc(t, "../../docs/analyzers/backpressure.md", Rules)
}

// TestCases checks the special cases against
// docs/analyzers/backpressure.md, the fixtures and the code.
func TestCases(t *testing.T) {
	fixture.CheckCases(t, "../../docs/analyzers/backpressure.md", "cases.go", Rules, cases)
}
