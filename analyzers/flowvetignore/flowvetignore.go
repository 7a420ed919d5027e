package flowvetignore

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/internal/analyzerdoc"
	"github.com/flowvet/flowvet/analyzers/internal/streams"
	"github.com/flowvet/flowvet/analyzers/internal/suppress"
)

//go:embed doc.go
var docSource string

// Analyzer reports //flowvet:ignore directives that silence nothing.
var Analyzer = &analysis.Analyzer{
	Name: "flowvetignore",
	Doc:  analyzerdoc.Extract(docSource, "flowvetignore"),
	URL:  streams.DocURL("flowvetignore"),
	Run:  run,
}

// Known lists the analyzers a directive may name: every analyzer of the
// flowvet suite (analyzers/suite). cmd/flowvet's tests check that each
// analyzer of the suite is listed here.
var Known = []string{
	"backpressure",
	"chanleak",
	"flowvetignore",
	"pipelineerr",
	"unflushed",
	"writeafterclose",
}

const usage = "write //flowvet:ignore <analyzer> <reason>"

func run(pass *analysis.Pass) (any, error) {
	suppress.Install(pass)
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				d, ok := suppress.Parse(c)
				if !ok {
					continue
				}
				report := func(format string, args ...any) {
					pass.Report(analysis.Diagnostic{
						Pos:     c.Pos(),
						End:     c.End(),
						Message: fmt.Sprintf(format, args...),
					})
				}
				switch {
				case len(d.Analyzers) == 0:
					report("//flowvet:ignore names no analyzer and silences nothing: %s", usage)
					continue
				case d.Reason == "":
					report("//flowvet:ignore %s gives no reason and silences nothing: add, after the analyzer, why the finding does not apply", strings.Join(d.Analyzers, ","))
				}
				for _, name := range d.Analyzers {
					if !slices.Contains(Known, name) {
						report("//flowvet:ignore names unknown analyzer %q: %s", name, knownHint(name))
					}
				}
			}
		}
	}
	return nil, nil
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
