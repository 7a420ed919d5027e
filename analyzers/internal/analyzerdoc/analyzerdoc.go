// Package analyzerdoc gives each flowvet analyzer its Doc from the package
// comment of its doc.go, the way golang.org/x/tools' analyzers do: the text
// after the "# Analyzer <name>" heading, whose first line is
// "<name>: <summary>".
package analyzerdoc

import (
	"go/parser"
	"go/token"
	"strings"
)

// Extract returns the Doc of analyzer name from src, the content of its
// doc.go. It panics when doc.go has no package comment or no
// "# Analyzer <name>" heading: a build-time mistake, caught by any test.
func Extract(src, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		panic(name + ": doc.go has no package comment")
	}
	_, doc, ok := strings.Cut(f.Doc.Text(), "# Analyzer "+name+"\n")
	if !ok {
		panic(name + `: doc.go has no "# Analyzer ` + name + `" heading`)
	}
	return strings.TrimSpace(doc)
}
