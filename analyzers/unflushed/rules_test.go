package unflushed

import (
	"os"
	"regexp"
	"testing"
)

// TestRulesDoc checks the rule table of docs/analyzers/unflushed.md
// against rules: the same IDs with the same summaries, no more, no less.
func TestRulesDoc(t *testing.T) {
	doc, err := os.ReadFile("../../docs/analyzers/unflushed.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile("(?m)^\\| `(U-[a-z]+)` \\| (.*) \\|$").FindAllSubmatch(doc, -1)
	seen := map[string]bool{}
	for _, r := range rows {
		id, summary := string(r[1]), string(r[2])
		seen[id] = true
		want, ok := rules[id]
		switch {
		case !ok:
			t.Errorf("the doc lists %s, which is no rule", id)
		case summary != want:
			t.Errorf("%s: the doc says %q, the table %q", id, summary, want)
		}
	}
	for id := range rules {
		if !seen[id] {
			t.Errorf("rule %s is not in the doc's table", id)
		}
	}
}
