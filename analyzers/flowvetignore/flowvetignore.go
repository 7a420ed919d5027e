package flowvetignore

import (
	_ "embed"
	"fmt"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/backpressure"
	"github.com/flowvet/flowvet/analyzers/chanleak"
	"github.com/flowvet/flowvet/analyzers/internal/analyzerdoc"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/suppress"
	"github.com/flowvet/flowvet/analyzers/pipelineerr"
	"github.com/flowvet/flowvet/analyzers/unflushed"
	"github.com/flowvet/flowvet/analyzers/writeafterclose"
)

//go:embed doc.go
var docSource string

// Analyzer reports //flowvet:ignore directives that silence nothing.
var Analyzer = &analysis.Analyzer{
	Name: "flowvetignore",
	Doc:  analyzerdoc.Extract(docSource, "flowvetignore"),
	URL:  streams.DocURL("flowvetignore"),
	Run:  run,
	// The analyzers a directive may silence run first on the same package,
	// so that a directive none of their reports reached can be reported.
	Requires: silenceable,
}

// silenceable lists the other analyzers of the suite.
var silenceable = []*analysis.Analyzer{
	backpressure.Analyzer,
	chanleak.Analyzer,
	pipelineerr.Analyzer,
	unflushed.Analyzer,
	writeafterclose.Analyzer,
}

// Known lists the analyzers a directive may name: every analyzer of the
// flowvet suite (analyzers/suite). cmd/flowvet's tests check that each
// analyzer of the suite is listed here.
var Known = known()

func known() []string {
	names := []string{"flowvetignore"}
	for _, a := range silenceable {
		names = append(names, a.Name)
	}
	slices.Sort(names)
	return names
}

const usage = "write //flowvet:ignore <analyzer> <reason>"

func run(pass *analysis.Pass) (any, error) {
	if streams.FactsOnly() {
		return nil, nil // reports only
	}
	suppress.Install(pass)
	var valid []suppress.Directive
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				report := func(rule, format string, args ...any) {
					pass.Report(analysis.Diagnostic{
						Pos:      c.Pos(),
						End:      c.End(),
						Category: rule,
						Message:  fmt.Sprintf(format, args...),
					})
				}
				d, ok := suppress.Parse(c)
				if !ok {
					if what, ok := lookalike(c.Text); ok {
						report(ruleLookalike, "%s is not a directive and silences nothing: %s, with no space after // and nothing joined to ignore", what, usage)
					}
					continue
				}
				switch {
				case len(d.Analyzers) == 0:
					report(ruleNoAnalyzer, "//flowvet:ignore names no analyzer and silences nothing: %s", usage)
					continue
				case d.Reason == "":
					report(ruleNoReason, "//flowvet:ignore %s gives no reason and silences nothing: add, after the analyzer, why the finding does not apply", strings.Join(d.Analyzers, ","))
				}
				for _, name := range d.Analyzers {
					if !slices.Contains(Known, name) {
						report(ruleUnknown, "//flowvet:ignore names unknown analyzer %q: %s", name, knownHint(name))
					}
				}
				if d.Valid() {
					valid = append(valid, d)
				}
			}
		}
	}
	// Directives for flowvetignore itself last: the reports above may be
	// what they silence (IS-self).
	for _, self := range []bool{false, true} {
		for _, d := range valid {
			for _, name := range d.Analyzers {
				if (name == pass.Analyzer.Name) != self || !slices.Contains(Known, name) {
					continue
				}
				if suppress.Silenced(pass.Fset, d.Pos, name) {
					continue // IS-matched
				}
				what := "//flowvet:ignore " + strings.Join(d.Analyzers, ",")
				fix := "remove the directive"
				if len(d.Analyzers) > 1 {
					fix = "remove " + name + " from it"
				}
				pass.Report(analysis.Diagnostic{
					Pos:      d.Pos,
					End:      d.Pos + token.Pos(len(suppress.Prefix)),
					Category: ruleUnused,
					Message:  fmt.Sprintf("%s silences nothing: %s reports nothing on its line or the line below; %s", what, name, fix),
				})
			}
		}
	}
	return nil, nil
}

// lookalike reports whether a // comment looks like a directive that the
// author meant but flowvet does not read: "// flowvet:ignore" (a space
// after //) or "//flowvet:ignoreall" (a word joined to ignore), and returns
// how it starts. Only a comment that starts so: flowvet:ignore later in
// prose, or in a /* */ comment, is no lookalike (IS-prose).
func lookalike(text string) (string, bool) {
	rest, ok := strings.CutPrefix(text, "//")
	if !ok {
		return "", false
	}
	trimmed := strings.TrimLeft(rest, " \t")
	word, _, _ := strings.Cut(trimmed, " ")
	word, _, _ = strings.Cut(word, "\t")
	if !strings.HasPrefix(word, "flowvet:ignore") {
		return "", false
	}
	if trimmed != rest {
		return "\"// flowvet:ignore\" (a space after //)", true
	}
	return "//" + word, word != "flowvet:ignore"
}

// knownHint suggests the closest known name, or lists them all.
func knownHint(name string) string {
	best, bestDist := "", len(name)/2+1
	for _, k := range Known {
		if d := distance(name, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	return "the flowvet analyzers are " + strings.Join(Known, ", ")
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
