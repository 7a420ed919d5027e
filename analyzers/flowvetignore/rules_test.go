package flowvetignore

import (
	"testing"

	"github.com/flowvet/flowvet/analyzers/internal/fixture"
)

// TestRulesDoc checks the rule table of docs/analyzers/flowvetignore.md
// against Rules.
func TestRulesDoc(t *testing.T) {
	fixture.CheckRulesDoc(t, "../../docs/analyzers/flowvetignore.md", Rules)
}

// TestCases checks the special cases against
// docs/analyzers/flowvetignore.md, the fixtures and the code.
func TestCases(t *testing.T) {
	fixture.CheckCases(t, "../../docs/analyzers/flowvetignore.md", "cases.go", Rules, cases)
}
