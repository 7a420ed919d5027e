package suite_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/flowvet/flowvet/analyzers/suite"
	"github.com/flowvet/flowvet/internal/config"
)

// TestRules: every analyzer has a rule table, and its Doc (where
// .flowvet.yml's enable-rules and disable-rules learn the IDs) names
// exactly the table's IDs.
func TestRules(t *testing.T) {
	if len(suite.Rules) != len(suite.Analyzers) {
		t.Errorf("%d rule tables for %d analyzers", len(suite.Rules), len(suite.Analyzers))
	}
	for _, a := range suite.Analyzers {
		table := suite.Rules[a.Name]
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

// TestCaseTables: every analyzer's page has a table of its special cases
// (each analyzer's TestCases checks that table against its code).
func TestCaseTables(t *testing.T) {
	for _, a := range suite.Analyzers {
		doc, err := os.ReadFile("../../docs/analyzers/" + a.Name + ".md")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(doc), "\n| ID | reason | fixture | silences |\n") {
			t.Errorf("docs/analyzers/%s.md has no special-case table", a.Name)
		}
	}
}
