package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/suite/vet"

	"github.com/flowvet/flowvet/analyzers/suite"
)

// The end-to-end test runs the built binary on the fixture module
// testdata/e2e, through go vet and standalone, and compares the findings
// with testdata/e2e/expected.txt. It is slow (each run type-checks the
// fixture's dependencies from source), so it runs only when FLOWVET_E2E=1:
// scripts/e2e-vet.sh sets it. With UPDATE=1 it rewrites expected.txt.

const msgPrefix = 60 // message characters compared

func e2eDir(t *testing.T) string {
	t.Helper()
	if os.Getenv("FLOWVET_E2E") != "1" {
		t.Skip("set FLOWVET_E2E=1 (scripts/e2e-vet.sh) to run the end-to-end test")
	}
	dir, err := filepath.Abs("../../testdata/e2e")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// jsonTree is the analysis framework's JSON: package → analyzer → a list of
// diagnostics, or an error object.
type jsonTree map[string]map[string]json.RawMessage

type jsonDiag struct {
	Posn     string `json:"posn"`
	Message  string `json:"message"`
	Category string `json:"category"`
}

// eachDiagnostics decodes one or more JSON trees (go vet prints one per
// package) and calls visit with each analyzer's diagnostics of a package; an
// analyzer that failed on a package is a test error.
func eachDiagnostics(t *testing.T, out []byte, visit func(pkg, analyzer string, diags []jsonDiag)) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var tree jsonTree
		err := dec.Decode(&tree)
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("bad JSON output: %v\n%s", err, out)
		}
		for pkg, byAnalyzer := range tree {
			for analyzer, raw := range byAnalyzer {
				var diags []jsonDiag
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Errorf("%s: %s: analysis error: %s", pkg, analyzer, raw)
					continue
				}
				visit(pkg, analyzer, diags)
			}
		}
	}
}

// findingsFromJSON turns the JSON output into expected.txt lines, sorted.
// A finding of a flowvet analyzer must show its rule's ID as its category.
func findingsFromJSON(t *testing.T, dir string, out []byte) []string {
	t.Helper()
	var lines []string
	eachDiagnostics(t, out, func(_, analyzer string, diags []jsonDiag) {
		for _, d := range diags {
			if table, ok := suite.Tables[analyzer]; ok && !slices.ContainsFunc(table.Rules, func(r suite.Rule) bool { return r.ID == d.Category }) {
				t.Errorf("%s: %s finding with the category %q, no rule ID of its table", d.Posn, analyzer, d.Category)
			}
			lines = append(lines, line(dir, d.Posn, analyzer, d.Message))
		}
	})
	slices.Sort(lines)
	return slices.Compact(lines)
}

// line formats one finding as expected.txt has it.
func line(dir, posn, analyzer, message string) string {
	if rel, err := filepath.Rel(dir, posn); err == nil && !strings.HasPrefix(rel, "..") {
		posn = filepath.ToSlash(rel)
	}
	if r := []rune(message); len(r) > msgPrefix {
		message = strings.TrimRight(string(r[:msgPrefix]), " ")
	}
	return fmt.Sprintf("%s: %s: %s", posn, analyzer, message)
}

func readExpected(t *testing.T, dir string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "expected.txt"))
	if err != nil {
		t.Fatalf("%v (create it with UPDATE=1 scripts/e2e-vet.sh)", err)
	}
	var lines []string
	for l := range strings.Lines(string(data)) {
		l = strings.TrimRight(l, "\n")
		if l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return lines
}

func compare(t *testing.T, what string, got, want []string) {
	t.Helper()
	var missing, extra []string
	for _, w := range want {
		if !slices.Contains(got, w) {
			missing = append(missing, w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			extra = append(extra, g)
		}
	}
	if len(missing)+len(extra) > 0 {
		t.Errorf("%s: findings differ from testdata/e2e/expected.txt (regenerate with UPDATE=1 scripts/e2e-vet.sh after checking each is a real bug)\nmissing:\n\t%s\nunexpected:\n\t%s",
			what, strings.Join(missing, "\n\t"), strings.Join(extra, "\n\t"))
	}
}

func isVetAnalyzer(name string) bool {
	for _, a := range vet.Suite {
		if a.Name == name {
			return true
		}
	}
	return false
}

func withoutVet(lines []string) []string {
	var out []string
	for _, l := range lines {
		if parts := strings.SplitN(l, ": ", 3); len(parts) == 3 && isVetAnalyzer(parts[1]) {
			continue
		}
		out = append(out, l)
	}
	return out
}

func TestE2E(t *testing.T) {
	dir := e2eDir(t)
	bin := flowvetBin(t)

	// Standalone -json: the reference run.
	r := run(t, dir, bin, "-json", "./...")
	if r.code != 3 {
		t.Fatalf("flowvet -json ./...: exit %d, want 3\n%s", r.code, r.stderr)
	}
	got := findingsFromJSON(t, dir, []byte(r.stdout))
	if os.Getenv("UPDATE") == "1" {
		header := "# flowvet ./... on testdata/e2e: file:line:col: analyzer: first 60 characters of the message.\n" +
			"# Regenerate with UPDATE=1 scripts/e2e-vet.sh; every line must be a real bug.\n"
		data := header + strings.Join(got, "\n") + "\n"
		if err := os.WriteFile(filepath.Join(dir, "expected.txt"), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d findings to testdata/e2e/expected.txt", len(got))
	}
	want := readExpected(t, dir)
	compare(t, "flowvet -json ./...", got, want)

	// Every flowvet analyzer has at least one finding in the fixture.
	for _, a := range flowvetAnalyzers() {
		if !slices.ContainsFunc(want, func(l string) bool { return strings.Contains(l, ": "+a+": ") }) {
			t.Errorf("expected.txt has no finding of %s", a)
		}
	}

	t.Run("go vet -json", func(t *testing.T) {
		r := run(t, dir, "go", "vet", "-vettool="+bin, "-json", "./...")
		if r.code != 0 { // go vet -json exits 0 with findings
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		compare(t, "go vet -vettool -json ./...", findingsFromJSON(t, dir, []byte(r.stdout)), want)
	})

	t.Run("go vet text", func(t *testing.T) {
		r := run(t, dir, "go", "vet", "-vettool="+bin, "./...")
		if r.code != 1 {
			t.Errorf("exit %d, want go vet's 1\n%s", r.code, r.stderr)
		}
		compareText(t, "go vet -vettool ./...", r.stderr, want, false)
	})

	t.Run("text", func(t *testing.T) {
		r := run(t, dir, bin, "./...")
		if r.code != 3 {
			t.Errorf("exit %d, want 3\n%s", r.code, r.stderr)
		}
		compareText(t, "flowvet ./...", r.stderr, want, true)
	})

	t.Run("-vet=false", func(t *testing.T) {
		r := run(t, dir, bin, "-json", "-vet=false", "./...")
		if r.code != 3 {
			t.Errorf("exit %d, want 3\n%s", r.code, r.stderr)
		}
		got := findingsFromJSON(t, dir, []byte(r.stdout))
		compare(t, "flowvet -json -vet=false ./...", got, withoutVet(want))
		if len(withoutVet(want)) == len(want) {
			t.Error("expected.txt has no finding of the vet suite")
		}
	})

	t.Run("go vet -vet=false", func(t *testing.T) {
		r := run(t, dir, "go", "vet", "-vettool="+bin, "-vet=false", "-json", "./...")
		compare(t, "go vet -vettool -vet=false -json ./...", findingsFromJSON(t, dir, []byte(r.stdout)), withoutVet(want))
	})

	// go vet ./use alone runs the tool on ./lib only for its facts
	// (VetxOnly: the analyzers skip their checks there); use's findings
	// need lib's facts (lib.Emit's signal, Finish closing its argument).
	// -vet=0 is -vet=false spelled as no other run spells it: go vet's
	// cache key has the flags but not VetxOnly, so lib's facts must not
	// come from the full run of ./... above.
	t.Run("go vet a package whose facts come from a facts-only unit", func(t *testing.T) {
		r := run(t, dir, "go", "vet", "-vettool="+bin, "-vet=0", "-json", "./use")
		var wantUse []string
		for _, w := range withoutVet(want) {
			if strings.HasPrefix(w, "use/") {
				wantUse = append(wantUse, w)
			}
		}
		if len(wantUse) < 2 {
			t.Fatalf("expected.txt has %d findings in use/, want its two that need lib's facts", len(wantUse))
		}
		compare(t, "go vet -vettool -vet=0 -json ./use", findingsFromJSON(t, dir, []byte(r.stdout)), wantUse)
	})

	t.Run("-fix -diff", func(t *testing.T) {
		r := run(t, dir, bin, "-fix", "-diff", "./bp", "./pe")
		if r.code != 3 { // findings without a fix are left
			t.Errorf("exit %d, want 3\n%s", r.code, r.stderr)
		}
		// What is left is exactly the findings of bp and pe without a fix.
		var left []string
		for _, w := range want {
			if strings.HasPrefix(w, "bp/") || strings.HasPrefix(w, "pe/") {
				left = append(left, w)
			}
		}
		if n := strings.Count(r.stderr, "\n"); n == 0 || n >= len(left) {
			t.Errorf("%d findings left of %d in bp and pe: the fixed ones should not be listed\n%s", n, len(left), r.stderr)
		}
		for _, s := range []string{"--- a/bp/bp.go", "--- a/pe/pe.go"} {
			if !strings.Contains(r.stdout, s) {
				t.Errorf("diff lacks %q:\n%s", s, r.stdout)
			}
		}
		for _, s := range []string{"+\t\tif err := w.Send(ctx, i); err != nil {", "+\t\t\tpw.CloseWithError(err)"} {
			if !strings.Contains(r.stdout, s) {
				t.Errorf("diff lacks %q:\n%s", s, r.stdout)
			}
		}
	})

	t.Run("demo", func(t *testing.T) {
		// go run ./cmd/flowvet ./demo/... on a fresh clone: as README says,
		// one bug per file, each of a different analyzer: demo/NAME.go has
		// exactly one finding, of analyzer NAME, and nothing else is reported.
		root := filepath.Dir(filepath.Dir(dir))
		r := run(t, root, bin, "-json", "./demo/...")
		if r.code != 3 {
			t.Fatalf("exit %d, want 3\n%s", r.code, r.stderr)
		}
		got := findingsFromJSON(t, root, []byte(r.stdout))
		files, err := filepath.Glob(filepath.Join(root, "demo", "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, f := range files {
			name := strings.TrimSuffix(filepath.Base(f), ".go")
			if name == "doc" {
				continue
			}
			if !slices.Contains(flowvetAnalyzers(), name) {
				t.Errorf("demo/%s.go is not named after an analyzer", name)
			}
			want = append(want, name)
		}
		var reported []string
		for _, l := range got {
			parts := strings.SplitN(l, ": ", 3)
			reported = append(reported, parts[1])
			if file := strings.SplitN(parts[0], ":", 2)[0]; file != "demo/"+parts[1]+".go" {
				t.Errorf("demo: %s reported in %s", parts[1], file)
			}
		}
		slices.Sort(reported)
		if !slices.Equal(reported, want) {
			t.Errorf("demo: findings of %v, want one of each of %v:\n%s", reported, want, strings.Join(got, "\n"))
		}
	})

	t.Run("broken", func(t *testing.T) {
		broken := filepath.Join(dir, "broken")
		const msg = "broken.go:8:9: too many return values"
		for _, args := range [][]string{{"./..."}, {"-json", "./..."}, {"-sarif", "./..."}} {
			r := run(t, broken, bin, args...)
			if r.code != 1 || !strings.Contains(r.stderr, msg) || strings.Contains(r.stderr, "panic") {
				t.Errorf("flowvet %s: exit %d (want 1), stderr:\n%s", strings.Join(args, " "), r.code, r.stderr)
			}
		}
		r := run(t, broken, "go", "vet", "-vettool="+bin, "./...")
		if r.code != 1 || !strings.Contains(r.stderr, msg) || strings.Contains(r.stderr, "panic") {
			t.Errorf("go vet: exit %d (want 1), stderr:\n%s", r.code, r.stderr)
		}
	})
}

// compareText checks that the text output has exactly the expected findings'
// positions and messages; standalone (exact), each line ends with the
// analyzer's name in parentheses.
func compareText(t *testing.T, what, out string, want []string, exact bool) {
	t.Helper()
	var got []string
	for l := range strings.Lines(out) {
		l = strings.TrimRight(l, "\n")
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		got = append(got, l)
	}
	var wantText []string
	for _, w := range want {
		parts := strings.SplitN(w, ": ", 3)
		wantText = append(wantText, parts[0]+": "+parts[2])
		if exact && !slices.ContainsFunc(got, func(g string) bool {
			return strings.HasPrefix(g, parts[0]+": "+parts[2]) && strings.HasSuffix(g, " ("+parts[1]+")")
		}) {
			t.Errorf("%s: no line %q... ending with (%s) in:\n%s", what, parts[0]+": "+parts[2], parts[1], out)
		}
	}
	for _, w := range wantText {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, w) }) {
			t.Errorf("%s: missing %q in:\n%s", what, w, out)
		}
	}
	if exact && len(got) != len(wantText) {
		t.Errorf("%s: %d lines, want %d:\n%s", what, len(got), len(wantText), out)
	}
}

func flowvetAnalyzers() []string {
	var names []string
	for _, a := range suite.Analyzers {
		names = append(names, a.Name)
	}
	return names
}
