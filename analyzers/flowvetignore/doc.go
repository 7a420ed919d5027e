// Package flowvetignore defines an Analyzer that reports malformed
// //flowvet:ignore directives.
//
// # Analyzer flowvetignore
//
// flowvetignore: report //flowvet:ignore directives that silence nothing
//
// A //flowvet:ignore directive silences the named flowvet analyzers on its
// line and on the line below:
//
//	//flowvet:ignore backpressure the consumer is known to keep up: see #123
//	w.Write(v)
//
// A directive that names no analyzer, gives no reason, or names an analyzer
// flowvet does not have silences nothing, so the finding it was written for
// is still reported and the directive only misleads the reader. The
// analyzer reports each such directive: name the analyzer (several are
// separated by commas, no spaces) and say, after it, why the finding does
// not apply.
//
// It also reports what looks like a directive but is not one ("//
// flowvet:ignore" with a space after the slashes, "//flowvet:ignoreall"),
// and, as staticcheck does for its ignores, a well-formed directive whose
// analyzer reports nothing on its line or the line below: the code changed
// or the analyzer got more precise, and the stale directive would silence
// the next real finding there. The named analyzers run first on the package
// for this, even when they are turned off (their findings are then not
// shown).
//
// Rule IDs (each diagnostic's Category): I-noanalyzer (names no analyzer),
// I-noreason (gives no reason), I-unknown (names an analyzer flowvet does
// not have), I-lookalike (looks like a directive but is not one),
// I-unused (silences nothing: the analyzer reports nothing there).
package flowvetignore
