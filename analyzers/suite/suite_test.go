package suite_test

import (
	"slices"
	"testing"

	"github.com/flowvet/flowvet/analyzers/internal/fixture"
	"github.com/flowvet/flowvet/analyzers/suite"
	"github.com/flowvet/flowvet/internal/config"
)

// TestRules: every analyzer has a rule table, and its Doc (where
// .flowvet.yml's enable-rules and disable-rules learn the IDs) names
// exactly the table's IDs.
func TestRules(t *testing.T) {
	if len(suite.Tables) != len(suite.Analyzers) {
		t.Errorf("%d tables for %d analyzers", len(suite.Tables), len(suite.Analyzers))
	}
	for _, a := range suite.Analyzers {
		table := suite.Tables[a.Name].Rules
		if len(table) == 0 {
			t.Errorf("%s: no rule table", a.Name)
			continue
		}
		var ids []string
		for _, r := range table {
			ids = append(ids, r.ID)
		}
		slices.Sort(ids)
		if doc := config.RuleIDs(a.Doc); !slices.Equal(doc, ids) {
			t.Errorf("%s: Doc names the rule IDs %v, the table has %v", a.Name, doc, ids)
		}
	}
}

// TestTables checks each analyzer's rule and special-case tables against
// its page docs/analyzers/NAME.md, its fixtures and its code (see
// fixture.CheckRulesDoc and fixture.CheckCases).
func TestTables(t *testing.T) {
	for _, a := range suite.Analyzers {
		t.Run(a.Name, func(t *testing.T) {
			doc := "../../docs/analyzers/" + a.Name + ".md"
			table := suite.Tables[a.Name]
			fixture.CheckRulesDoc(t, doc, table.Rules)
			fixture.CheckCases(t, doc, "../"+a.Name, table.Rules, table.Cases)
		})
	}
}
