package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/suite/vet"

	"github.com/flowvet/flowvet/analyzers/suite"
)

// Tests of issue 15: flags that do what they say. Each failed before its fix.

// A flowvetignore finding behind a build tag, and one in a test file.
const (
	taggedSrc = `//go:build integration

package tagged

//flowvet:ignore backpressure
var X = 1
`
	plainSrc = "package tagged\n\nvar Y = 2\n"
	testSrc  = `package tagged

//flowvet:ignore unflushed
var Z = 3
`
)

// Defect 1: -tags reaches the package loader (as go vet and staticcheck do),
// and -test=false drops test files.
func TestTagsAndTest(t *testing.T) {
	t.Parallel() // each runs the binary in its own temporary module
	bin := flowvetBin(t)
	dir := module(t, map[string]string{
		"tagged/tagged.go":      taggedSrc,
		"tagged/plain.go":       plainSrc,
		"tagged/tagged_test.go": testSrc,
	})
	r := run(t, dir, bin, "-vet=false", "-test=false", "./...")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("no tags, no tests: exit %d, want 0 (the finding is behind a tag)\n%s", r.code, r.stderr)
	}
	r = run(t, dir, bin, "-vet=false", "-test=false", "-tags=integration", "./...")
	if r.code != 3 || !strings.Contains(r.stderr, "tagged/tagged.go:5:1: //flowvet:ignore backpressure gives no reason") {
		t.Errorf("-tags=integration: exit %d, want 3 and the tagged finding\n%s", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "tagged_test.go") {
		t.Errorf("-test=false reported a test file:\n%s", r.stderr)
	}
	r = run(t, dir, bin, "-vet=false", "./...")
	if r.code != 3 || !strings.Contains(r.stderr, "tagged/tagged_test.go:3:1:") || strings.Contains(r.stderr, "tagged/tagged.go") {
		t.Errorf("tests, no tags: exit %d, want 3 and only the test file's finding\n%s", r.code, r.stderr)
	}
}

// A finding with a fix (pipelineerr) and one without (flowvetignore).
const directiveNoFixSrc = `package notfix

//flowvet:ignore writeafterclose
var V = 1
`

// Defect 2: -fix says what it could not fix and exits 3 when anything is
// left; defect 4: -diff alone is -fix's dry run, with relative names.
func TestFixLeftAndDiff(t *testing.T) {
	t.Parallel() // each runs the binary in its own temporary module
	bin := flowvetBin(t)
	dir := module(t, map[string]string{
		"pipes/pipes.go":   closeOnErrSrc,
		"notfix/notfix.go": directiveNoFixSrc,
	})
	file := filepath.Join(dir, "pipes", "pipes.go")

	r := run(t, dir, bin, "-vet=false", "-diff", "./...")
	if r.code != 3 {
		t.Errorf("-diff: exit %d, want 3 (a finding has no fix)\nstderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"--- a/pipes/pipes.go\n+++ b/pipes/pipes.go\n@@ -8,7 +8,7 @@\n", "-\t\t\tpw.Close()\n+\t\t\tpw.CloseWithError(err)\n \t\t\treturn\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("-diff output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, dir) {
		t.Errorf("-diff prints absolute paths:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "notfix/notfix.go:3:1: //flowvet:ignore writeafterclose gives no reason") || strings.Contains(r.stderr, "pipes.go") {
		t.Errorf("-diff: stderr should list exactly the finding without a fix:\n%s", r.stderr)
	}
	if got := readFile(t, file); got != closeOnErrSrc {
		t.Fatalf("-diff changed the file:\n%s", got)
	}

	r = run(t, dir, bin, "-vet=false", "-fix", "./...")
	if r.code != 3 || !strings.Contains(r.stderr, "notfix/notfix.go:3:1: //flowvet:ignore writeafterclose gives no reason") {
		t.Errorf("-fix: exit %d, want 3 and the finding left\nstderr:\n%s", r.code, r.stderr)
	}
	if got := readFile(t, file); !strings.Contains(got, "pw.CloseWithError(err)\n\t\t\treturn") {
		t.Errorf("-fix did not fix pipes.go:\n%s", got)
	}
	r = run(t, dir, bin, "-vet=false", "-fix", "./pipes")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("-fix with nothing left: exit %d, want 0\n%s", r.code, r.stderr)
	}
}

// Under go vet, -fix is go vet's own (Go 1.26): the first fix of each
// finding is applied, as docs/cli.md says.
func TestGoVetFix(t *testing.T) {
	t.Parallel() // each runs the binary in its own temporary module
	bin := flowvetBin(t)
	dir := module(t, map[string]string{"pipes/pipes.go": closeOnErrSrc})
	r := run(t, dir, "go", "vet", "-vettool="+bin, "-vet=false", "-fix", "./...")
	if r.code != 0 {
		t.Errorf("go vet -fix: exit %d\n%s", r.code, r.stderr)
	}
	if got := readFile(t, filepath.Join(dir, "pipes", "pipes.go")); !strings.Contains(got, "pw.CloseWithError(err)\n\t\t\treturn") {
		t.Errorf("go vet -fix did not apply the fix:\n%s", got)
	}
}

// Defect 3: a selection that contradicts itself is an error that says why.
func TestContradictorySelection(t *testing.T) {
	t.Parallel() // each runs the binary in its own temporary module
	bin := flowvetBin(t)
	dir := module(t, map[string]string{"printfbug/printfbug.go": printfSrc})
	const why = "asks for printf, an analyzer of go vet's suite, but -vet=false turns that suite off"
	r := run(t, dir, bin, "-vet=false", "-printf", "./...")
	if r.code != 2 || !strings.Contains(r.stderr, "-printf "+why) {
		t.Errorf("flowvet -vet=false -printf: exit %d, want 2 and why\n%s", r.code, r.stderr)
	}
	r = run(t, dir, "go", "vet", "-vettool="+bin, "-vet=false", "-printf", "./...")
	if r.code == 0 || !strings.Contains(r.stderr, "-printf "+why) {
		t.Errorf("go vet -vet=false -printf: exit %d, want an error and why\n%s", r.code, r.stderr)
	}
	writeConfig(t, dir, "vet: false\n")
	r = run(t, dir, bin, "-printf", "./...")
	if r.code != 2 || !strings.Contains(r.stderr, "vet: false in "+filepath.Join(dir, ".flowvet.yml")+" turns that suite off") {
		t.Errorf("vet: false in the config, -printf: exit %d, want 2 naming the config\n%s", r.code, r.stderr)
	}
}

// Defect 5: go vet rejects -sarif once, not once per package.
func TestGoVetSarifOnce(t *testing.T) {
	t.Parallel() // each runs the binary in its own temporary module
	bin := flowvetBin(t)
	dir := module(t, map[string]string{
		"a/a.go": "package a\n", "b/b.go": "package b\n", "c/c.go": "package c\n",
	})
	r := run(t, dir, "go", "vet", "-vettool="+bin, "-sarif", "./...")
	if r.code == 0 || strings.Count(r.stderr, "-sarif") != 1 {
		t.Errorf("go vet -sarif: exit %d, want one error line naming -sarif:\n%s", r.code, r.stderr)
	}
}

// Defect 6: the version, in the forms users try.
func TestVersion(t *testing.T) {
	t.Parallel() // each runs the binary in its own temporary module
	bin := flowvetBin(t)
	out, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	mod := regexp.MustCompile(`(?m)^\tmod\tgithub.com/flowvet/flowvet\t(\S+)`).FindSubmatch(out)
	if mod == nil {
		t.Fatalf("go version -m: no module line:\n%s", out)
	}
	want := "flowvet " + string(mod[1])
	if c := regexp.MustCompile(`vcs.revision=(\w{12})`).FindSubmatch(out); c != nil {
		want += " (commit " + string(c[1])
	}
	for _, args := range [][]string{{"version"}, {"-version"}} {
		r := run(t, t.TempDir(), bin, args...)
		if r.code != 0 || !strings.HasPrefix(r.stdout, want) || !strings.Contains(r.stdout, " go1.") {
			t.Errorf("flowvet %s: exit %d, %q; want %q...", args[0], r.code, r.stdout, want)
		}
		if strings.Contains(r.stdout, "comments-go-here") {
			t.Errorf("flowvet %s: %q", args[0], r.stdout)
		}
	}
	r := run(t, t.TempDir(), bin, "-V=full")
	if r.code != 0 || !regexp.MustCompile(`^flowvet version \S+( commit=\S+)? buildID=[0-9a-f]{64}\n$`).MatchString(r.stdout) ||
		!strings.HasPrefix(r.stdout, "flowvet version "+string(mod[1])) {
		t.Errorf("-V=full: exit %d, %q", r.code, r.stdout)
	}
}

// Defect 7: flowvet's own help: what it is, its analyzers (from the suite)
// first, then go vet's, then flags, aligned; help NAME per analyzer.
func TestHelp(t *testing.T) {
	t.Parallel() // each runs the binary in its own temporary module
	bin := flowvetBin(t)
	r := run(t, t.TempDir(), bin, "help")
	if r.code != 0 {
		t.Fatalf("help: exit %d\n%s", r.code, r.stderr)
	}
	out := r.stdout
	for _, bad := range []string{"fixtool", "-debug", "strings.Split", "multichecker"} {
		if strings.Contains(out, bad) {
			t.Errorf("help mentions %q:\n%s", bad, out)
		}
	}
	ours := strings.Index(out, "flowvet analyzers:")
	theirs := strings.Index(out, "go vet analyzers")
	flagsAt := strings.Index(out, "Flags")
	if !strings.HasPrefix(out, "flowvet finds") || ours < 0 || theirs < ours || flagsAt < theirs {
		t.Fatalf("help is not: what it is, flowvet analyzers, vet analyzers, flags:\n%s", out)
	}
	col := -1
	check := func(section, name string) {
		re := regexp.MustCompile(`(?m)^  ` + name + ` +\S`)
		loc := re.FindStringIndex(section)
		if loc == nil {
			t.Errorf("help does not list %s in its section", name)
			return
		}
		if c := loc[1] - 1 - loc[0]; col < 0 {
			col = c
		} else if c != col {
			t.Errorf("%s's summary starts at column %d, others at %d", name, c, col)
		}
	}
	for _, a := range suite.Analyzers {
		check(out[ours:theirs], a.Name)
	}
	for _, a := range vet.Suite {
		check(out[theirs:flagsAt], a.Name)
	}
	for _, f := range []string{"-vet", "-tags", "-exit-zero", "-streams", "-fix", "-diff", "-sarif"} {
		if !strings.Contains(out[flagsAt:], "\n  "+f+" ") {
			t.Errorf("help lacks the flag %s", f)
		}
	}
	if r := run(t, t.TempDir(), bin, "-help"); r.code != 0 || r.stdout != out {
		t.Errorf("-help: exit %d, differs from help", r.code)
	}

	for _, a := range suite.Analyzers {
		r := run(t, t.TempDir(), bin, "help", a.Name)
		if r.code != 0 || !strings.HasPrefix(r.stdout, a.Name+": ") || !strings.Contains(r.stdout, a.URL) ||
			!strings.Contains(r.stdout, "\nRules:\n  "+suite.Tables[a.Name].Rules[0].ID+" ") || !strings.Contains(r.stdout, "//flowvet:ignore "+a.Name) {
			t.Errorf("help %s: exit %d\n%s", a.Name, r.code, r.stdout)
		}
	}
	// The rules with their summaries (TestRuleIDs sees P-swallowed as a Category).
	if r := run(t, t.TempDir(), bin, "help", "pipelineerr"); !regexp.MustCompile(`\n  P-swallowed +a stream error only logged or counted, then success\n`).MatchString(r.stdout) {
		t.Errorf("help pipelineerr does not list its rules:\n%s", r.stdout)
	}
	if r := run(t, t.TempDir(), bin, "help", "nosuch"); r.code != 2 || !strings.Contains(r.stderr, `no analyzer "nosuch"`) {
		t.Errorf("help nosuch: exit %d\n%s", r.code, r.stderr)
	}
}

func writeConfig(t *testing.T, dir, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, ".flowvet.yml"), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// generatedSrc has a flowvetignore finding in a generated file.
const generatedSrc = `// Code generated by hand for a test; DO NOT EDIT.

package gen

//flowvet:ignore backpressure
var G = 1
`

// The config file: read standalone and under go vet, from the module root.
func TestConfigFile(t *testing.T) {
	t.Parallel() // each runs the binary in its own temporary module
	bin := flowvetBin(t)
	dir := module(t, map[string]string{
		"directive/directive.go": directiveSrc,
		"printfbug/printfbug.go": printfSrc,
		"gen/gen.go":             generatedSrc,
		"skip/directive.go":      directiveSrc,
	})
	// Defaults: generated files are not reported, in both modes.
	r := run(t, dir, bin, "./...")
	if r.code != 3 || strings.Contains(r.stderr, "gen.go") || !strings.Contains(r.stderr, "skip/directive.go") {
		t.Errorf("defaults: exit %d, want 3, no generated file, skip/ reported\n%s", r.code, r.stderr)
	}
	r = run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	if r.code != 1 || strings.Contains(r.stderr, "gen.go") || !strings.Contains(r.stderr, "skip/directive.go") {
		t.Errorf("go vet, defaults: exit %d, want 1, no generated file\n%s", r.code, r.stderr)
	}

	writeConfig(t, dir, `# the team's settings
disable: [printf]
exclude: [skip]
generated: report
exit-zero: true
`)
	wantText := func(what string, stderr string) {
		t.Helper()
		for _, want := range []string{"gen/gen.go:5:1:", "directive/directive.go:3:1:"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%s: lacks %s\n%s", what, want, stderr)
			}
		}
		for _, not := range []string{"printfbug", "skip/"} {
			if strings.Contains(stderr, not) {
				t.Errorf("%s: reports %s\n%s", what, not, stderr)
			}
		}
	}
	r = run(t, dir, bin, "./...")
	if r.code != 0 {
		t.Errorf("exit-zero: exit %d, want 0", r.code)
	}
	wantText("flowvet", r.stderr)
	// From a subdirectory, the module root's file applies.
	r = run(t, filepath.Join(dir, "printfbug"), bin, "./...")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("in printfbug/: exit %d, want 0 (printf disabled by the module's file)\n%s", r.code, r.stderr)
	}
	r = run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	wantText("go vet", r.stderr)
	// The command line wins over the file.
	r = run(t, dir, bin, "-printf", "-exit-zero=false", "./printfbug")
	if r.code != 3 || !strings.Contains(r.stderr, "(printf)") {
		t.Errorf("-printf over disable: [printf]: exit %d\n%s", r.code, r.stderr)
	}

	// A bad file: a clear error naming the file and line, in both modes.
	writeConfig(t, dir, "disable: [printf]\ngenerated: lax\n")
	want := filepath.Join(dir, ".flowvet.yml") + `:2: generated: "lax": want skip or report`
	r = run(t, dir, bin, "./...")
	if r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("bad config: exit %d, want 1 and %q\n%s", r.code, want, r.stderr)
	}
	r = run(t, dir, "go", "vet", "-vettool="+bin, "./directive")
	// go vet shows the path relative to the working directory.
	if want := `.flowvet.yml:2: generated: "lax": want skip or report`; r.code == 0 || !strings.Contains(r.stderr, want) {
		t.Errorf("go vet, bad config: exit %d, want %q\n%s", r.code, want, r.stderr)
	}
	writeConfig(t, dir, "streams: [example.com/pkg.Writer]\n")
	r = run(t, dir, bin, "./...")
	if r.code != 1 || !strings.Contains(r.stderr, `.flowvet.yml:1: streams: stream spec "example.com/pkg.Writer": no duty after a colon`) {
		t.Errorf("bad streams: exit %d\n%s", r.code, r.stderr)
	}
	writeConfig(t, dir, "")
	r = run(t, dir, bin, "-streams=example.com/pkg.Writer:Sync", "./directive")
	if r.code != 2 || !strings.Contains(r.stderr, `unknown duty "Sync"`) {
		t.Errorf("-streams with a bad duty: exit %d\n%s", r.code, r.stderr)
	}
}

// swallowedSrc has one finding with a rule ID: pipelineerr's P-swallowed.
const swallowedSrc = `package sw

import (
	"io"
	"log"
	"os"
)

func Save(dst *os.File, src io.Reader) error {
	if _, err := io.Copy(dst, src); err != nil {
		log.Printf("copy: %v", err)
	}
	return nil
}
`

// Rule IDs arrive as the diagnostics' Category: shown in -json and -sarif,
// and disable-rules in .flowvet.yml drops them, standalone and under go vet.
func TestRuleIDs(t *testing.T) {
	t.Parallel() // runs the binary in its own temporary module
	bin := flowvetBin(t)
	dir := module(t, map[string]string{"sw/sw.go": swallowedSrc})
	r := run(t, dir, bin, "-vet=false", "-json", "./...")
	if r.code != 3 || !strings.Contains(r.stdout, `"category": "P-swallowed"`) {
		t.Fatalf("-json: exit %d, want 3 and the category P-swallowed\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, dir, bin, "-vet=false", "-sarif", "./...")
	if r.code != 3 || !strings.Contains(r.stdout, "\"properties\": {\n            \"category\": \"P-swallowed\"") {
		t.Errorf("-sarif: exit %d, want the category in the result's properties\n%s", r.code, r.stdout)
	}
	writeConfig(t, dir, "disable-rules: [P-swallowed]\n")
	if r := run(t, dir, bin, "-vet=false", "./..."); r.code != 0 || r.stderr != "" {
		t.Errorf("disable-rules: [P-swallowed]: exit %d, want 0\n%s", r.code, r.stderr)
	}
	if r := run(t, dir, "go", "vet", "-vettool="+bin, "-vet=false", "./..."); r.code != 0 || r.stderr != "" {
		t.Errorf("go vet, disable-rules: [P-swallowed]: exit %d, want 0\n%s", r.code, r.stderr)
	}
	writeConfig(t, dir, "enable-rules: [P-readeof]\n")
	if r := run(t, dir, bin, "-vet=false", "./..."); r.code != 0 || r.stderr != "" {
		t.Errorf("enable-rules: [P-readeof]: exit %d, want 0\n%s", r.code, r.stderr)
	}
	writeConfig(t, dir, "disable-rules: [P-swalowed]\n")
	if r := run(t, dir, bin, "-vet=false", "./..."); r.code != 1 || !strings.Contains(r.stderr, `.flowvet.yml:1: disable-rules: unknown rule ID "P-swalowed" (known: `) {
		t.Errorf("disable-rules: [P-swalowed]: exit %d, want 1 and the unknown rule ID\n%s", r.code, r.stderr)
	}
	writeConfig(t, dir, "enable-rules: [P-swallowed]\n")
	if r := run(t, dir, bin, "-vet=false", "./..."); r.code != 3 {
		t.Errorf("enable-rules: [P-swallowed]: exit %d, want 3\n%s", r.code, r.stderr)
	}
}

// deferredCloseTestSrc drops the Close error of a file it wrote, in a test
// file: unflushed reports it only with its option tests.
const deferredCloseTestSrc = `package dc

import (
	"os"
	"testing"
)

func write(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write(data)
	return err
}

func TestWrite(t *testing.T) {
	if err := write(t.TempDir()+"/x", nil); err != nil {
		t.Fatal(err)
	}
}
`

// An analyzer's flag set in .flowvet.yml's options, standalone and under
// go vet (unflushed's tests, off by default).
func TestConfigOptions(t *testing.T) {
	t.Parallel() // runs the binary in its own temporary module
	bin := flowvetBin(t)
	dir := module(t, map[string]string{"dc/dc.go": "package dc\n", "dc/dc_test.go": deferredCloseTestSrc})
	if r := run(t, dir, bin, "-vet=false", "./..."); r.code != 0 {
		t.Fatalf("without the option: exit %d, want 0\n%s", r.code, r.stderr)
	}
	writeConfig(t, dir, "options:\n  unflushed:\n    tests: true\n")
	const want = "dc/dc_test.go:13:8: f is written to, but every Close drops its error"
	if r := run(t, dir, bin, "-vet=false", "./..."); r.code != 3 || !strings.Contains(r.stderr, want) {
		t.Errorf("options: unflushed: tests: true: exit %d, want 3 and %q\n%s", r.code, want, r.stderr)
	}
	if r := run(t, dir, "go", "vet", "-vettool="+bin, "-vet=false", "./..."); r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("go vet with the option: exit %d\n%s", r.code, r.stderr)
	}
	if r := run(t, dir, bin, "-vet=false", "-unflushed.tests=false", "./..."); r.code != 0 {
		t.Errorf("-unflushed.tests=false over the file: exit %d, want 0\n%s", r.code, r.stderr)
	}
}
