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
package flowvetignore
