package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/flowvet/flowvet/analyzers/flowvetignore"
	"github.com/flowvet/flowvet/analyzers/suite"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// flowvetBin builds the binary once per test run.
func flowvetBin(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "flowvet-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "flowvet")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// module writes a self-contained module (no dependencies) to a temporary
// directory: files maps a slash path to its content.
func module(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/m\n\ngo 1.26\n"
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return result{code, stdout.String(), stderr.String()}
}

const (
	cleanSrc = `package clean

import "fmt"

// Hello is correct code.
func Hello(name string) string { return fmt.Sprintf("hello, %s", name) }
`
	// A finding of the standard vet suite (printf) and none of flowvet's.
	printfSrc = `package printfbug

import "fmt"

func Hello(n int) string { return fmt.Sprintf("hello, %s", n) }
`
	// A finding of flowvetignore only.
	directiveSrc = `package directive

//flowvet:ignore backpressure
var X = 1
`
	brokenSrc = `package broken

func F() int { return undefinedName }
`
)

func TestExitCodes(t *testing.T) {
	t.Parallel() // each runs the binary in its own temporary module
	bin := flowvetBin(t)
	dir := module(t, map[string]string{
		"clean/clean.go":         cleanSrc,
		"printfbug/printfbug.go": printfSrc,
		"directive/directive.go": directiveSrc,
		"broken/broken.go":       brokenSrc,
	})
	tests := []struct {
		args       []string
		code       int
		wantStderr string // substring
		wantStdout string // substring
	}{
		{[]string{"./clean"}, 0, "", ""},
		{[]string{"-c", "1", "./printfbug"}, 3, "printfbug/printfbug.go:5:55: fmt.Sprintf format %s has arg n of wrong type int (printf)\n4\t\n5\tfunc Hello", ""},
		{[]string{"-json", "./clean"}, 0, "", "{}"},
		{[]string{"-sarif", "./clean"}, 0, "", `"results": []`},

		{[]string{"./printfbug"}, 3, "printfbug.go:5:55: fmt.Sprintf format %s has arg n of wrong type int (printf)\n", ""},
		{[]string{"-exit-zero", "./printfbug"}, 0, "printfbug.go:5:55: fmt.Sprintf format %s has arg n of wrong type int (printf)\n", ""},
		{[]string{"-exit-zero", "./broken"}, 1, "undefined: undefinedName", ""},
		{[]string{"-json", "./printfbug"}, 3, "", `"printf"`},
		{[]string{"-sarif", "./printfbug"}, 3, "", `"ruleId": "printf"`},
		{[]string{"-vet=false", "./printfbug"}, 0, "", ""},
		{[]string{"-json", "-vet=false", "./printfbug"}, 0, "", "{}"},
		{[]string{"-sarif", "-vet=false", "./printfbug"}, 0, "", `"results": []`},
		{[]string{"-printf=false", "./printfbug"}, 0, "", ""},

		{[]string{"./directive"}, 3, "directive.go:3:1: //flowvet:ignore backpressure gives no reason and silences nothing: add, after the analyzer, why the finding does not apply (flowvetignore)\n", ""},
		{[]string{"-vet=false", "./directive"}, 3, "gives no reason", ""},
		{[]string{"-flowvetignore=false", "./directive"}, 0, "", ""},
		{[]string{"-flowvetignore", "./directive", "./printfbug"}, 3, "gives no reason", ""},
		{[]string{"-sarif", "-flowvetignore", "./directive"}, 3, "", `"ruleId": "I-noreason"`},

		{[]string{"./broken"}, 1, "broken.go:3:23: undefined: undefinedName", ""},
		{[]string{"-json", "./broken"}, 1, "broken.go:3:23: undefined: undefinedName", ""},
		{[]string{"-sarif", "./broken"}, 1, "broken.go:3:23: undefined: undefinedName", `"executionSuccessful": false`},
		{[]string{"./nosuchdir"}, 1, "nosuchdir", ""},
		{[]string{"-nosuchflag", "./clean"}, 2, "flag provided but not defined: -nosuchflag", ""},
		{[]string{}, 2, "usage: flowvet [flags] packages", ""},
		{[]string{"-json", "-sarif", "./clean"}, 1, "cannot be combined", ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := run(t, dir, bin, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.wantStderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.wantStderr, r.stderr)
			}
			if !strings.Contains(r.stdout, tt.wantStdout) {
				t.Errorf("stdout does not contain %q:\n%s", tt.wantStdout, r.stdout)
			}
			if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
				t.Errorf("crash:\n%s", r.stderr)
			}
		})
	}
}

// TestGoVet runs the binary as go vet's tool.
func TestGoVet(t *testing.T) {
	t.Parallel() // each runs the binary in its own temporary module
	bin := flowvetBin(t)
	dir := module(t, map[string]string{
		"clean/clean.go":         cleanSrc,
		"printfbug/printfbug.go": printfSrc,
		"directive/directive.go": directiveSrc,
		"broken/broken.go":       brokenSrc,
	})
	vettool := "-vettool=" + bin
	tests := []struct {
		args       []string
		code       int
		wantStderr string
		notStderr  string
	}{
		{[]string{"vet", vettool, "./clean"}, 0, "", ""},
		{[]string{"vet", vettool, "./printfbug"}, 1, "printfbug.go:5:55: fmt.Sprintf format %s has arg n of wrong type int", ""},
		{[]string{"vet", vettool, "-vet=false", "./printfbug"}, 0, "", "Sprintf"},
		{[]string{"vet", vettool, "./directive"}, 1, "directive.go:3:1: //flowvet:ignore backpressure gives no reason", ""},
		{[]string{"vet", vettool, "-vet=false", "./directive"}, 1, "gives no reason", ""},
		{[]string{"vet", vettool, "-flowvetignore=false", "./directive"}, 0, "", "gives no reason"},
		{[]string{"vet", vettool, "./broken"}, 1, "undefined: undefinedName", "panic"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[2:], " "), func(t *testing.T) {
			r := run(t, dir, "go", tt.args...)
			if r.code != tt.code {
				t.Errorf("exit code %d, want %d\nstderr:\n%s", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.wantStderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.wantStderr, r.stderr)
			}
			if tt.notStderr != "" && strings.Contains(r.stderr, tt.notStderr) {
				t.Errorf("stderr contains %q:\n%s", tt.notStderr, r.stderr)
			}
		})
	}

	// go vet -json goes through the unit checker's JSON.
	r := run(t, dir, "go", "vet", vettool, "-json", "./directive")
	if !strings.Contains(r.stdout+r.stderr, `"flowvetignore"`) {
		t.Errorf("go vet -json: no flowvetignore entry:\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
}

// TestFlags checks go vet's -flags query and that the driver knows every
// flag multichecker accepts (the pre-parse that picks the -json/-sarif
// driver must not stumble on any of them).
func TestFlags(t *testing.T) {
	t.Parallel() // each runs the binary in its own temporary module
	bin := flowvetBin(t)
	r := run(t, t.TempDir(), bin, "-flags")
	if r.code != 0 {
		t.Fatalf("-flags: exit %d: %s", r.code, r.stderr)
	}
	var flags []struct {
		Name string
		Bool bool
	}
	if err := json.Unmarshal([]byte(r.stdout), &flags); err != nil {
		t.Fatalf("-flags output is not JSON: %v\n%s", err, r.stdout)
	}
	names := make(map[string]bool)
	for _, f := range flags {
		names[f.Name] = true
	}
	for _, want := range []string{"vet", "streams", "json", "printf", "printf.funcs"} {
		if !names[want] {
			t.Errorf("-flags lacks -%s", want)
		}
	}
	// Standalone only: go vet rejects them once, before running the tool.
	for _, standalone := range []string{"sarif", "exit-zero"} {
		if names[standalone] {
			t.Errorf("-flags lists -%s, which works standalone only", standalone)
		}
	}
	for _, a := range suite.Analyzers {
		if !names[a.Name] {
			t.Errorf("-flags lacks the enable flag -%s", a.Name)
		}
	}
	// Every accepted flag, given before -json, still selects the JSON driver.
	dir := module(t, map[string]string{"clean/clean.go": cleanSrc})
	var args []string
	for _, f := range flags {
		switch f.Name {
		case "V", "flags", "json", "sarif", "fix", "diff", "debug", "cpuprofile", "memprofile", "trace", "streams":
			continue
		}
		switch {
		case f.Bool:
			args = append(args, "-"+f.Name+"=false")
		case f.Name == "c":
			args = append(args, "-c", "1")
		case strings.Contains(f.Name, "stringmethods"):
			args = append(args, "-"+f.Name, "Error")
		case strings.Contains(f.Name, "funcs"):
			args = append(args, "-"+f.Name, "fmt.Errorf")
		default:
			args = append(args, "-"+f.Name, "")
		}
	}
	args = append(args, "-json", "./clean")
	r = run(t, dir, bin, args...)
	if r.code != 1 || !strings.Contains(r.stderr, "no analyzer enabled") {
		// Every analyzer was disabled: the JSON driver says so.
		t.Errorf("flowvet %s: exit %d, stderr:\n%s\nstdout:\n%s", strings.Join(args, " "), r.code, r.stderr, r.stdout)
	}

}

// TestKnownNames: flowvetignore accepts in directives every analyzer of the
// suite.
func TestKnownNames(t *testing.T) {
	for _, a := range suite.Analyzers {
		if !slices.Contains(flowvetignore.Known, a.Name) {
			t.Errorf("suite analyzer %q is missing from flowvetignore.Known", a.Name)
		}
	}
	found := false
	for _, a := range suite.Analyzers {
		found = found || a == flowvetignore.Analyzer
	}
	if !found {
		t.Error("flowvetignore.Analyzer is not in suite.Analyzers")
	}
}
