package plugin

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/flowvet/flowvet/analyzers/suite"
)

// The plugin is compiled into golangci-lint, never the other way round:
// golangci-lint (and its ~200 modules) must stay out of flowvet's go.mod, or
// every user of flowrt and every go vet user would inherit them.
func TestGolangciLintNotInGoMod(t *testing.T) {
	data, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	module, bad := golangciLines(string(data))
	if module != "github.com/flowvet/flowvet" {
		t.Fatalf("../go.mod is not flowvet's (module %q)", module)
	}
	for _, l := range bad {
		t.Errorf("go.mod: %s: golangci-lint must not be a dependency of flowvet (scripts/e2e-golangci.sh builds it from the module proxy instead)", l)
	}

	// The check itself finds a require, in a block or not, and a replace.
	_, bad = golangciLines("module m\n\nrequire (\n\tgithub.com/golangci/golangci-lint/v2 v2.15.0 // indirect\n)\n" +
		"require github.com/golangci/golangci-lint v1.64.8\nreplace github.com/golangci/golangci-lint/v2 => ../gcl\n// github.com/golangci/golangci-lint in a comment\n")
	if len(bad) != 3 {
		t.Errorf("golangciLines found %q in a go.mod with three golangci-lint lines", bad)
	}
}

// golangciLines returns the module path of a go.mod and its lines that name
// a golangci-lint module outside comments.
func golangciLines(gomod string) (module string, bad []string) {
	for line := range strings.Lines(gomod) {
		line, _, _ = strings.Cut(line, "//")
		fields := strings.Fields(line)
		if len(fields) == 2 && fields[0] == "module" {
			module = fields[1]
		}
		for _, w := range fields {
			if strings.HasPrefix(w, "github.com/golangci/golangci-lint") {
				bad = append(bad, strings.TrimSpace(line))
				break
			}
		}
	}
	return module, bad
}

// Every analyzer the plugin (and the flowvet binary) runs has the page its
// Analyzer.URL points to, and the page has what a user who followed the link
// needs: bad and good code, and both ways to suppress a report.
func TestAnalyzerDocPages(t *testing.T) {
	goBlock := regexp.MustCompile("(?m)^```go$")
	for _, a := range suite.Analyzers {
		want := "https://github.com/flowvet/flowvet/blob/main/docs/analyzers/" + a.Name + ".md"
		if a.URL != want {
			t.Errorf("%s: URL = %q, want %q", a.Name, a.URL, want)
		}
		path := filepath.Join("..", "docs", "analyzers", a.Name+".md")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: no documentation page: %v", a.Name, err)
			continue
		}
		page := string(data)
		if !strings.HasPrefix(page, "# "+a.Name+"\n") {
			t.Errorf("%s: does not start with the heading '# %s'", path, a.Name)
		}
		if n := len(goBlock.FindAllStringIndex(page, -1)); n < 2 {
			t.Errorf("%s: %d Go code blocks, want bad and good code (at least 2)", path, n)
		}
		for _, s := range []string{"//flowvet:ignore " + a.Name, "//nolint:flowvet"} {
			if !strings.Contains(page, s) {
				t.Errorf("%s: does not show how to suppress with %q", path, s)
			}
		}
	}
}
