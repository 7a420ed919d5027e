package main

import (
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/suite/vet"

	"github.com/flowvet/flowvet/analyzers/suite"
	"github.com/flowvet/flowvet/analyzers/unflushed"
)

func TestSARIFColumns(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.go")
	// "é" is 2 bytes and 1 UTF-16 unit; "𝄞" is 4 bytes and 2 UTF-16 units.
	src := "package a\n\nvar s = \"é𝄞\" + x\n"
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	c := &sarifConverter{cwd: dir, lines: make(map[string][]string)}
	for _, tt := range []struct{ byteCol, want int }{
		{1, 1},   // v
		{9, 9},   // the opening quote
		{10, 10}, // é
		{12, 11}, // 𝄞
		{16, 13}, // the closing quote
		{20, 17}, // x
		{22, 19}, // past the end of the line (end of a range)
	} {
		got := c.column(token.Position{Filename: name, Line: 3, Column: tt.byteCol})
		if got != tt.want {
			t.Errorf("byte column %d: UTF-16 column %d, want %d", tt.byteCol, got, tt.want)
		}
	}
	if got := c.artifact(name); got.URI != "a.go" || got.URIBaseID != srcRoot {
		t.Errorf("artifact(%s) = %+v", name, got)
	}
	if got := c.artifact("/elsewhere/b c.go"); got.URI != "file:///elsewhere/b%20c.go" || got.URIBaseID != "" {
		t.Errorf("artifact outside the root = %+v", got)
	}
	if got := relURI(filepath.Join("dir with space", "x#.go")); got != "dir%20with%20space/x%23.go" {
		t.Errorf("relURI = %q", got)
	}
}

func TestSARIFText(t *testing.T) {
	if got := summary("check this\nand that\n\nDetails."); got != "check this and that" {
		t.Errorf("summary = %q", got)
	}
}

// TestSARIFRules: a flowvet analyzer's SARIF rules are its rule table's, in
// its order, and a result's rule is the one its Category names; a vet
// analyzer is one rule. Names are Pascal case and differ from the IDs.
func TestSARIFRules(t *testing.T) {
	printf := vet.Suite[slices.IndexFunc(vet.Suite, func(a *analysis.Analyzer) bool { return a.Name == "printf" })]
	rs := newSARIFRules(append(suite.Analyzers[:len(suite.Analyzers):len(suite.Analyzers)], printf))
	var ids []string
	for _, r := range rs.list {
		ids = append(ids, r.ID)
		if !regexp.MustCompile(`^[A-Z][A-Za-z]+$`).MatchString(r.Name) || strings.EqualFold(r.Name, r.ID) {
			t.Errorf("rule %s: name %q", r.ID, r.Name)
		}
		if r.ShortDescription.Text == "" || r.HelpURI == "" || len(r.Properties.Tags) != 1 {
			t.Errorf("rule %s: %+v", r.ID, r)
		}
	}
	var want []string
	for _, a := range suite.Analyzers {
		for _, r := range suite.Tables[a.Name].Rules {
			want = append(want, r.ID)
		}
	}
	want = append(want, "printf")
	if !slices.Equal(ids, want) {
		t.Errorf("rules %v, want %v", ids, want)
	}
	exit := rs.list[rs.of(unflushed.Analyzer, "U-exit")]
	if exit.ID != "U-exit" || exit.Name != "UnflushedExit" || exit.Properties.Tags[0] != "unflushed" ||
		exit.ShortDescription.Text != unflushed.Rules[slices.IndexFunc(unflushed.Rules, func(r suite.Rule) bool { return r.ID == "U-exit" })].Summary {
		t.Errorf("U-exit: %+v", exit)
	}
	if r := rs.list[rs.of(printf, "")]; r.ID != "printf" || r.Name != "VetPrintf" {
		t.Errorf("printf: %+v", r)
	}
	// A diagnostic of no rule of the table gets its analyzer's rule.
	if r := rs.list[rs.of(unflushed.Analyzer, "")]; r.ID != "unflushed" || len(rs.list) != len(want)+1 {
		t.Errorf("unflushed without a Category: %+v, %d rules", r, len(rs.list))
	}
}

func TestUniqueNames(t *testing.T) {
	all := append(append(suite.Analyzers[:len(suite.Analyzers):len(suite.Analyzers)], vet.Suite...), wrapVet(vet.Suite[:1])...)
	if err := uniqueNames(all); err == nil {
		t.Error("uniqueNames accepts a duplicate")
	}
	all = append(suite.Analyzers[:len(suite.Analyzers):len(suite.Analyzers)], wrapVet(vet.Suite)...)
	if err := uniqueNames(all); err != nil {
		t.Errorf("flowvet's analyzers collide with the vet suite: %v", err)
	}
}

func TestRelPos(t *testing.T) {
	for _, tt := range []struct{ pos, want string }{
		{"/r/a/b.go:3:9", "a/b.go:3:9"},
		{"/r/a/b.go:3", "a/b.go:3"},
		{"/r/a/b.go", "a/b.go"},
		{"/elsewhere/b.go:3:9", "/elsewhere/b.go:3:9"},
		{"a/b.go:3:9", "a/b.go:3:9"},
	} {
		if got := relPos("/r", tt.pos); got != tt.want {
			t.Errorf("relPos(%q) = %q, want %q", tt.pos, got, tt.want)
		}
	}
}
