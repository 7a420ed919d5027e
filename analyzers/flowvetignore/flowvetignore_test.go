package flowvetignore_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/flowvet/flowvet/analyzers/flowvetignore"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), flowvetignore.Analyzer, "a")
}

func TestDoc(t *testing.T) {
	doc := flowvetignore.Analyzer.Doc
	if !strings.HasPrefix(doc, "flowvetignore: report //flowvet:ignore directives") {
		t.Errorf("Doc does not start with the summary line: %q", doc)
	}
	if strings.Contains(doc, "# Analyzer") {
		t.Errorf("Doc keeps the heading: %q", doc)
	}
}
