package writeafterclose

import (
	"testing"

	"github.com/flowvet/flowvet/analyzers/internal/fixture"
)

// TestRulesDoc checks the rule table of docs/analyzers/writeafterclose.md against
// Rules.
func TestRulesDoc(t *testing.T) {
	fixture.CheckRulesDoc(t, "../../docs/analyzers/writeafterclose.md", Rules)
}

// TestCases checks the special cases against
// docs/analyzers/writeafterclose.md, the fixtures and the code.
func TestCases(t *testing.T) {
	fixture.CheckCases(t, "../../docs/analyzers/writeafterclose.md", "cases.go", Rules, cases)
}
