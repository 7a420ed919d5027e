package unflushed

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// A call whose error is dropped on a line that tells golangci-lint's
// errcheck to look away — `defer f.Close() //nolint:errcheck`, also
// `// nolint: errcheck`, a bare `//nolint` or `//nolint:all` — carries the
// same written decision as `_ = f.Close()`, which unflushed respects: the
// author chose to drop that error (dendrite's test/keys.go, 47 such Close
// lines). It counts as a discard; it does not excuse a missing Flush or
// Close, and a `//nolint` naming only other linters changes nothing.
// gosec's `#nosec` is the same decision where it names G307 ("deferring a
// method which returns an error", gosec's rule for exactly `defer
// f.Close()` on a written file) or G104 (errors unhandled), or no rule at
// all: gosec's own `saveReport` has `defer outfile.Close() // #nosec G307`.
type nolintLines struct {
	pass  *analysis.Pass
	lines map[*token.File]map[int]bool // files scanned so far -> lines with the directive
}

// at reports whether the line of pos carries a nolint directive that
// covers errcheck.
func (n *nolintLines) at(pos token.Pos) bool {
	tf := n.pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	if n.lines == nil {
		n.lines = make(map[*token.File]map[int]bool)
	}
	lines, ok := n.lines[tf]
	if !ok {
		for _, f := range n.pass.Files {
			if n.pass.Fset.File(f.FileStart) != tf {
				continue
			}
			for _, cg := range f.Comments {
				for _, c := range cg.List {
					if nolintErrcheck(c) || nosecDropped(c) {
						if lines == nil {
							lines = make(map[int]bool)
						}
						lines[tf.Line(c.Slash)] = true
					}
				}
			}
		}
		n.lines[tf] = lines
	}
	return lines[tf.Line(pos)]
}

// nolintErrcheck reports whether c is a golangci-lint nolint directive
// that covers errcheck: `//nolint`, `//nolint:errcheck`,
// `//nolint:gosec,errcheck // reason`, `//nolint:all`, with or without a
// space after the slashes or the colon.
// US-nolint.
func nolintErrcheck(c *ast.Comment) bool {
	text, ok := strings.CutPrefix(c.Text, "//")
	if !ok {
		return false
	}
	text = strings.TrimSpace(text)
	rest, ok := strings.CutPrefix(text, "nolint")
	if !ok {
		return false
	}
	if rest == "" || rest[0] == ' ' || rest[0] == '\t' {
		// A bare //nolint (possibly followed by an explanation).
		return strings.TrimSpace(rest) == "" || strings.HasPrefix(strings.TrimSpace(rest), "//")
	}
	list, ok := strings.CutPrefix(rest, ":")
	if !ok {
		return false // nolintfoo
	}
	if i := strings.Index(list, "//"); i >= 0 {
		list = list[:i]
	}
	for _, name := range strings.Split(list, ",") {
		switch strings.TrimSpace(name) {
		case "errcheck", "all":
			return true
		}
	}
	return false
}

// nosecDropped reports whether c is a gosec directive that covers a dropped
// error: `#nosec` alone (every rule), or with a list naming G307 or G104
// (`// #nosec G307`, `//#nosec G104,G307 -- reason`).
// US-nosec.
func nosecDropped(c *ast.Comment) bool {
	_, rest, ok := strings.Cut(c.Text, "#nosec")
	if !ok {
		return false
	}
	if i := strings.Index(rest, "--"); i >= 0 {
		rest = rest[:i] // the justification
	}
	rules := strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	if len(rules) == 0 {
		return true
	}
	for _, r := range rules {
		if r == "G307" || r == "G104" {
			return true
		}
	}
	return false
}
