// Package rules is the shape of the two tables every flowvet analyzer keeps
// about itself: its rules (what it reports, each under an ID that its
// diagnostics carry as Category) and its special cases (where it stays
// silent, each under an ID that the implementing code names in a comment).
// The analyzer's documentation page lists both, and
// analyzers/internal/fixture checks the page, the fixtures and the code
// against them.
package rules

// A Rule is one kind of report.
type Rule struct {
	// ID is the Category of the rule's diagnostics: a capital letter
	// naming the analyzer, a dash, a lower-case word (U-unfinished).
	ID string
	// Summary says in one line what the rule reports.
	Summary string
}

// A Case is one place where the analyzer stays silent on purpose: a rule
// of its model of the code (a value handed on, a path that reports a
// failure), or a special case shaped after a project's code that remains
// because no rule covers it (its Reason says so).
type Case struct {
	// ID names the case: the analyzer's letter, S, a dash and a lower-case
	// word (US-handoff). The code implementing the case names it in a
	// comment.
	ID string
	// Reason says in one line why the analyzer stays silent.
	Reason string
	// Fixture is the testdata file that pins the case, relative to the
	// analyzer's package directory, and Marker a text found on exactly
	// one line of it: a line without a "// want", which the analyzer
	// would report without the case.
	Fixture, Marker string
	// Silences are the IDs of the rules whose reports the case silences.
	Silences []string
}
