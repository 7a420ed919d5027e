// Command noopvet is a go vet tool with one analyzer that does nothing: the
// floor of `go vet -vettool` (loading, type-checking and the unit protocol),
// against which scripts/bench-vet.sh measures flowvet's analyzers.
//
//	go build -o /tmp/noopvet ./scripts/noopvet
//	go vet -vettool=/tmp/noopvet std
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

// variant, set with -ldflags=-X=main.variant=NAME, changes the binary and so
// go vet's cache key for its results: bench-vet.sh warms the build cache with
// one variant and measures another.
var variant string

// Analyzer does nothing.
var Analyzer = &analysis.Analyzer{
	Name: "noop",
	Doc:  "noop: report nothing (the cost floor of a go vet tool)" + variant,
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { unitchecker.Main(Analyzer) }
