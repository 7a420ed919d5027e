// Package suppress implements the //flowvet:ignore directive shared by every
// flowvet analyzer:
//
//	//flowvet:ignore <analyzer>[,<analyzer>...] <reason>
//
// on the line of a report or on the line above it silences those analyzers
// there. A directive without a reason, or naming no analyzer, silences
// nothing; the flowvetignore analyzer reports it.
package suppress

import (
	"go/ast"
	"go/token"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// Prefix starts every directive.
const Prefix = "//flowvet:ignore"

// Directive is one parsed //flowvet:ignore comment.
type Directive struct {
	Pos       token.Pos
	Analyzers []string // empty when the directive names none
	Reason    string   // empty when the directive gives none
}

// Valid reports whether the directive names an analyzer and gives a reason.
func (d Directive) Valid() bool { return len(d.Analyzers) > 0 && d.Reason != "" }

// Parse returns the directive in comment c, if c is one.
func Parse(c *ast.Comment) (Directive, bool) {
	rest, ok := strings.CutPrefix(c.Text, Prefix)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return Directive{}, false
	}
	d := Directive{Pos: c.Slash}
	fields := strings.Fields(rest)
	if len(fields) > 0 {
		for name := range strings.SplitSeq(fields[0], ",") {
			if name != "" {
				d.Analyzers = append(d.Analyzers, name)
			}
		}
		d.Reason = strings.Join(fields[1:], " ")
	}
	return d, true
}

// Directives returns every directive in the files.
func Directives(files []*ast.File) []Directive {
	var ds []Directive
	for _, f := range files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if d, ok := Parse(c); ok {
					ds = append(ds, d)
				}
			}
		}
	}
	return ds
}

// silencedBy records the directives that silenced a report, so that
// flowvetignore, which requires every other flowvet analyzer and so runs
// after them on the same package, can report the ones that silence
// nothing. Keys are use values; flowvetignore deletes what it reads.
var silencedBy sync.Map

type use struct {
	fset     *token.FileSet
	pos      token.Pos // the directive's
	analyzer string
}

// Silenced reports whether the directive at pos silenced a report of the
// named analyzer in a pass over fset, and forgets the record.
func Silenced(fset *token.FileSet, pos token.Pos, analyzer string) bool {
	_, ok := silencedBy.LoadAndDelete(use{fset, pos, analyzer})
	return ok
}

// Install makes pass drop the reports that a valid directive for
// pass.Analyzer silences. Call it first in an analyzer's run function.
func Install(pass *analysis.Pass) {
	type lineKey struct {
		file string
		line int
	}
	silenced := make(map[lineKey][]token.Pos)
	for _, d := range Directives(pass.Files) {
		if !d.Valid() {
			continue
		}
		for _, name := range d.Analyzers {
			if name == pass.Analyzer.Name {
				p := pass.Fset.Position(d.Pos)
				for _, k := range []lineKey{{p.Filename, p.Line}, {p.Filename, p.Line + 1}} {
					silenced[k] = append(silenced[k], d.Pos)
				}
			}
		}
	}
	if len(silenced) == 0 {
		return
	}
	report := pass.Report
	pass.Report = func(d analysis.Diagnostic) {
		p := pass.Fset.Position(d.Pos)
		if by := silenced[lineKey{p.Filename, p.Line}]; len(by) > 0 {
			for _, pos := range by {
				silencedBy.Store(use{pass.Fset, pos, pass.Analyzer.Name}, true)
			}
			return
		}
		report(d)
	}
}
