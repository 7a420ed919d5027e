package flowvetignore

import "github.com/flowvet/flowvet/analyzers/internal/rules"

// Cases are the places where the analyzer stays silent on purpose, each
// named in a comment where it is implemented;
// docs/analyzers/flowvetignore.md lists them and analyzers/suite checks the
// page, the fixtures and the comments against this table.
var Cases = []rules.Case{
	{ID: "IS-prose", Reason: "flowvet:ignore in prose, after another directive or in a block comment is no lookalike: only a // comment that starts with it",
		Fixture: "testdata/src/a/a.go", Marker: "//nolint:errcheck // flowvet:ignore after another directive is prose", Silences: []string{ruleLookalike}},
	{ID: "IS-matched", Reason: "a well-formed directive whose analyzer reports on its line or the line below silences that report",
		Fixture: "testdata/src/a/matched.go", Marker: "//flowvet:ignore pipelineerr a short copy is detected", Silences: []string{ruleUnused}},
	{ID: "IS-self", Reason: "a directive for flowvetignore itself is matched last, against the reports of the malformed directives it silences",
		Fixture: "testdata/src/a/a.go", Marker: "//flowvet:ignore flowvetignore this file documents", Silences: []string{ruleNoAnalyzer, ruleNoReason, ruleUnknown, ruleLookalike, ruleUnused}},
}
