package main

import (
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/suite/vet"

	"github.com/flowvet/flowvet/analyzers/suite"
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
	if got := ruleName("printf"); got != "VetPrintf" {
		t.Errorf("ruleName(printf) = %q", got)
	}
	if got := ruleName("backpressure"); got != "IgnoredBackpressure" {
		t.Errorf("ruleName(backpressure) = %q", got)
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
