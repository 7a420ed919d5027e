package config

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/suite"
)

// fakes returns analyzers named after the real ones, with flags, that
// report one diagnostic per file at the package clause, with the file's
// base name (before the dot) as Category.
func fakes() []*analysis.Analyzer {
	var as []*analysis.Analyzer
	for _, name := range []string{"backpressure", "unflushed", "printf"} {
		a := &analysis.Analyzer{Name: name, Doc: name + ": rules U-exit and B-two"}
		a.Flags.Bool("tests", false, "report in tests")
		a.Flags.String("funcs", "", "functions")
		a.Run = func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.Files {
				name := filepath.Base(pass.Fset.File(f.Package).Name())
				pass.Report(analysis.Diagnostic{Pos: f.Package, Message: a.Name, Category: strings.Split(name, ".")[0]})
			}
			return nil, nil
		}
		as = append(as, a)
	}
	return as
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func load(t *testing.T, content string) (*Config, error) {
	t.Helper()
	dir := t.TempDir()
	return Load(write(t, dir, FileName, content), fakes())
}

func TestLoad(t *testing.T) {
	c, err := load(t, `# team settings
vet: false
enable: [backpressure, "unflushed"]
disable-rules:
  - U-exit
  - 'B-two'   # a comment
exclude:
- vendor
- "**/*_mock.go"
generated: report
streams: [example.com/pkg.Writer:Close]
options:
  unflushed:
    tests: true
  printf:
    funcs: "Logf,Warnf # not a comment"
exit-zero: true
`)
	if err != nil {
		t.Fatal(err)
	}
	if c.Vet == nil || *c.Vet {
		t.Errorf("vet = %v, want false", c.Vet)
	}
	check := func(what string, got, want []string) {
		if !slices.Equal(got, want) {
			t.Errorf("%s = %q, want %q", what, got, want)
		}
	}
	check("enable", c.Enable, []string{"backpressure", "unflushed"})
	check("disable-rules", c.DisableRules, []string{"U-exit", "B-two"})
	check("exclude", c.Exclude, []string{"vendor", "**/*_mock.go"})
	check("streams", c.Streams, []string{"example.com/pkg.Writer:Close"})
	if !c.ReportGenerated || !c.ExitZero {
		t.Errorf("generated report %v, exit-zero %v; want both true", c.ReportGenerated, c.ExitZero)
	}
	want := []Option{{"unflushed", "tests", "true", 14}, {"printf", "funcs", "Logf,Warnf # not a comment", 16}}
	if !slices.Equal(c.Options, want) {
		t.Errorf("options = %+v, want %+v", c.Options, want)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"disabel: [printf]\n", `:1: unknown key "disabel" (valid keys: vet, enable, disable,`},
		{"vet: true\nenable: [backpresure]\n", `:2: enable: unknown analyzer "backpresure" (known: backpressure, unflushed, printf)`},
		{"enable: printf\n", `:1: enable: want a list`},
		{"vet: maybe\n", `:1: vet: "maybe": want true or false`},
		{"generated: lax\n", `:1: generated: "lax": want skip or report`},
		{"\n\nstreams:\n  - example.com/pkg.Writer\n", `:4: streams: stream spec "example.com/pkg.Writer": no duty after a colon`},
		{"options:\n  unflushed:\n    test: true\n", `:3: options: unflushed has no flag "test" (its flags: funcs, tests)`},
		{"options:\n  nosuch:\n    test: true\n", `:2: options: unknown analyzer "nosuch"`},
		{"options:\n  unflushed: true\n", `:2: options: unflushed: want a mapping`},
		{"exclude: [/abs]\n", `:1: exclude: "/abs": want a path relative`},
		{"exclude: ['[x']\n", `:1: exclude: "[x": syntax error in pattern`},
		{"enable: [printf]\ndisable: [printf]\n", `:2: analyzer "printf" is in both enable and disable`},
		{"vet: true\nvet: false\n", `:2: key "vet" appears twice`},
		{"vet: true\n\tenable: []\n", `:2: a tab in the indentation`},
		{"enable: [a\n", `:1: a [list] must end on its line`},
		{"enable: {a: b}\n", `:1: {...} mappings are not supported`},
		{"vet: true\n  enable: []\n", `:2: unexpected indentation`},
		{"- printf\n", `:1: the file must be a mapping`},
		{"exclude:\n  - a: b\n", `:2: a list item must be a value`},
		{"vet: \"true\n", `:1: unterminated " quote`},
		{"disable-rules: [\"U 4\"]\n", `:1: disable-rules: "U 4" is not a rule ID`},
		{"enable-rules: [U-exot]\n", `:1: enable-rules: unknown rule ID "U-exot" (known: B-two, U-exit)`},
	} {
		_, err := load(t, tc.file)
		if err == nil || !strings.Contains(err.Error(), FileName+tc.want) {
			t.Errorf("%q: error %v, want one containing %q", tc.file, err, FileName+tc.want)
		}
	}
}

func TestFromSettings(t *testing.T) {
	c, err := FromSettings(map[string]any{
		"disable": []any{"unflushed"},
		"options": map[string]any{"printf": map[string]any{"funcs": "Logf"}},
		"vet":     false,
	}, "/m", fakes())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Disable, []string{"unflushed"}) || len(c.Options) != 1 || c.Vet == nil || *c.Vet {
		t.Errorf("decoded %+v", c)
	}
	if c, err := FromSettings(nil, "/m", fakes()); err != nil || !c.Empty() {
		t.Errorf("nil settings: %+v, %v; want empty", c, err)
	}
	_, err = FromSettings(map[string]any{"disabled": []any{"unflushed"}}, "/m", fakes())
	if err == nil || !strings.Contains(err.Error(), `settings: unknown key "disabled" (valid keys: vet, enable,`) {
		t.Errorf("unknown key: %v", err)
	}
	_, err = FromSettings(map[string]any{"enable": "backpressure"}, "/m", fakes())
	if err == nil || !strings.Contains(err.Error(), "settings: enable: want a list") {
		t.Errorf("string for a list: %v", err)
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	write(t, root, "go.mod", "module m\n")
	sub := filepath.Join(root, "a", "b")
	write(t, sub, "x.go", "package b\n")
	if p, err := Find(sub); p != "" || err != nil {
		t.Errorf("no file: Find = %q, %v", p, err)
	}
	// Above the module root: not found.
	write(t, filepath.Dir(root), FileName, "vet: false\n")
	defer os.Remove(filepath.Join(filepath.Dir(root), FileName))
	if p, err := Find(sub); p != "" || err != nil {
		t.Errorf("file above the module root: Find = %q, %v", p, err)
	}
	cfg := write(t, root, FileName, "vet: false\n")
	if p, err := Find(sub); p != cfg || err != nil {
		t.Errorf("Find = %q, %v; want %q", p, err, cfg)
	}
	os.Remove(cfg)
	write(t, root, ".flowvet.yaml", "vet: false\n")
	if _, err := Find(sub); err == nil || !strings.Contains(err.Error(), "flowvet reads .flowvet.yml: rename the file") {
		t.Errorf(".flowvet.yaml: %v", err)
	}
}

// run applies c to fresh fakes and runs the one named on files (name →
// source) as if in c.Dir, returning "file: analyzer" per kept report.
func runApplied(t *testing.T, c *Config, files map[string]string) []string {
	t.Helper()
	as := fakes()
	if err := c.Apply(as); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		f, err := parser.ParseFile(fset, filepath.Join(c.Dir, filepath.FromSlash(n)), files[n], parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
	}
	var got []string
	pass := &analysis.Pass{Analyzer: as[0], Fset: fset, Files: parsed, Report: func(d analysis.Diagnostic) {
		rel, _ := filepath.Rel(c.Dir, fset.File(d.Pos).Name())
		got = append(got, filepath.ToSlash(rel)+": "+d.Message)
	}}
	if _, err := as[0].Run(pass); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestApplyFilters(t *testing.T) {
	t.Cleanup(func() { suite.DeclareStreams(nil) })
	files := map[string]string{
		"a.go":              "package p\n",
		"gen.go":            "// Code generated by stringer; DO NOT EDIT.\n\npackage p\n",
		"vendor/x/x.go":     "package x\n",
		"sub/thing_mock.go": "package p\n",
		"U4.go":             "package p\n",
	}
	for _, tc := range []struct {
		name string
		c    *Config
		want []string
	}{
		{"defaults: generated skipped", Default("/m"), []string{"U4.go: backpressure", "a.go: backpressure", "sub/thing_mock.go: backpressure", "vendor/x/x.go: backpressure"}},
		{"generated: report", &Config{Dir: "/m", ReportGenerated: true}, []string{"U4.go: backpressure", "a.go: backpressure", "gen.go: backpressure", "sub/thing_mock.go: backpressure", "vendor/x/x.go: backpressure"}},
		{"exclude", &Config{Dir: "/m", Exclude: []string{"vendor", "**/*_mock.go"}}, []string{"U4.go: backpressure", "a.go: backpressure"}},
		{"disable-rules", &Config{Dir: "/m", DisableRules: []string{"U4"}}, []string{"a.go: backpressure", "sub/thing_mock.go: backpressure", "vendor/x/x.go: backpressure"}},
		{"enable-rules", &Config{Dir: "/m", EnableRules: []string{"U4", "a"}}, []string{"U4.go: backpressure", "a.go: backpressure"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := runApplied(t, tc.c, files)
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("kept %q, want %q", got, tc.want)
			}
		})
	}
}

func TestApplyOptionsAndStreams(t *testing.T) {
	t.Cleanup(func() { suite.DeclareStreams(nil) })
	c, err := load(t, "streams: [example.com/pkg.Writer:Flush]\noptions:\n  unflushed:\n    tests: true\n")
	if err != nil {
		t.Fatal(err)
	}
	as := fakes()
	if err := c.Apply(as); err != nil {
		t.Fatal(err)
	}
	if got := as[1].Flags.Lookup("tests").Value.(flag.Getter).Get(); got != true {
		t.Errorf("unflushed.tests = %v, want true", got)
	}
	// Apply declares the streams: a type declared twice is DeclareStreams'
	// error, at the line of the key.
	c, err = load(t, "\nstreams:\n  - example.com/pkg.Writer:Flush\n  - example.com/pkg.Writer:Close\n")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(fakes()); err == nil || !strings.Contains(err.Error(), FileName+":2: ") || !strings.Contains(err.Error(), "declared twice") {
		t.Errorf("a type declared twice: %v", err)
	}
	c, err = load(t, "options:\n  unflushed:\n    tests: often\n")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(fakes()); err == nil || !strings.Contains(err.Error(), FileName+`:3: options: unflushed.tests: "often": `) {
		t.Errorf("bad option value: %v", err)
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"vendor", "vendor/a/b.go", true},
		{"vendor/", "vendor/a/b.go", true},
		{"vendor", "src/vendor/b.go", false},
		{"**/vendor", "src/vendor/b.go", true},
		{"*.pb.go", "x.pb.go", true},
		{"*.pb.go", "a/x.pb.go", false},
		{"**/*.pb.go", "a/b/x.pb.go", true},
		{"**/*.pb.go", "x.pb.go", true},
		{"internal/**/gen", "internal/a/b/gen/x.go", true},
		{"internal/**/gen", "internal/gen/x.go", true},
		{"internal/*/gen", "internal/a/b/gen/x.go", false},
	} {
		c := &Config{Dir: "/m", Exclude: []string{tc.pattern}}
		if got := c.Excluded("/m/" + tc.path); got != tc.want {
			t.Errorf("%q on %q: %v, want %v", tc.pattern, tc.path, got, tc.want)
		}
	}
	if (&Config{Dir: "/m", Exclude: []string{"**"}}).Excluded("/other/x.go") {
		t.Error("a file outside the directory of the configuration is excluded")
	}
}
