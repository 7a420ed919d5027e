package main_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// enableSrc has one finding of each flowvet analyzer that reports code
// (backpressure, writeafterclose, pipelineerr, unflushed) and one of the
// vet suite (printf).
const enableSrc = `package en

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/flowvet/flowvet/flowrt"
)

func Emit(w *flowrt.Writer[int]) {
	w.Write(1)
}

func Twice(f *os.File, b []byte) {
	f.Close()
	f.Write(b)
}

func Save(dst *os.File, src io.Reader) {
	io.Copy(dst, src)
}

func Report(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	fmt.Fprintln(bw, "report")
	return f.Close()
}

func Hello(n int) string { return fmt.Sprintf("hello, %s", n) }
`

// flowrtModule writes a module that imports flowrt from this checkout.
func flowrtModule(t *testing.T, files map[string]string) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	dir := module(t, files)
	gomod := "module example.com/m\n\ngo 1.26\n\nrequire github.com/flowvet/flowvet v0.0.0\n\nreplace github.com/flowvet/flowvet => " + root + "\n"
	for name, data := range map[string][]byte{"go.mod": []byte(gomod), "go.sum": sum} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// reporting returns the analyzers with findings in the JSON output (one
// tree, or go vet's one per package), sorted.
func reporting(t *testing.T, out string) []string {
	t.Helper()
	var names []string
	eachDiagnostics(t, []byte(out), func(_, analyzer string, diags []jsonDiag) {
		if len(diags) > 0 {
			names = append(names, analyzer)
		}
	})
	slices.Sort(names)
	return slices.Compact(names)
}

// TestEnableFlags: the per-analyzer flags pick what runs, standalone and
// under go vet: -NAME runs only the named analyzers (and nothing of the vet
// suite), -NAME=false drops one, -vet=false drops the whole vet suite.
func TestEnableFlags(t *testing.T) {
	t.Parallel() // each runs the binary in its own temporary module
	bin := flowvetBin(t)
	dir := flowrtModule(t, map[string]string{"en/en.go": enableSrc})
	all := []string{"backpressure", "pipelineerr", "printf", "unflushed", "writeafterclose"}
	tests := []struct {
		flags []string
		want  []string
	}{
		{nil, all},
		{[]string{"-vet=false"}, []string{"backpressure", "pipelineerr", "unflushed", "writeafterclose"}},
		{[]string{"-backpressure"}, []string{"backpressure"}},
		{[]string{"-writeafterclose"}, []string{"writeafterclose"}},
		{[]string{"-pipelineerr", "-unflushed"}, []string{"pipelineerr", "unflushed"}},
		{[]string{"-backpressure", "-printf"}, []string{"backpressure", "printf"}},
		{[]string{"-writeafterclose=false"}, []string{"backpressure", "pipelineerr", "printf", "unflushed"}},
		{[]string{"-backpressure=false", "-pipelineerr=false", "-vet=false"}, []string{"unflushed", "writeafterclose"}},
	}
	for _, tt := range tests {
		name := strings.Join(tt.flags, " ")
		t.Run("standalone "+name, func(t *testing.T) {
			args := append(append([]string{"-json"}, tt.flags...), "./en")
			r := run(t, dir, bin, args...)
			if r.code != 3 {
				t.Fatalf("flowvet %s: exit %d, want 3\nstderr:\n%s", strings.Join(args, " "), r.code, r.stderr)
			}
			if got := reporting(t, r.stdout); !slices.Equal(got, tt.want) {
				t.Errorf("flowvet %s: findings of %v, want %v\n%s", strings.Join(args, " "), got, tt.want, r.stdout)
			}
		})
		t.Run("go vet "+name, func(t *testing.T) {
			args := append(append([]string{"vet", "-vettool=" + bin, "-json"}, tt.flags...), "./en")
			r := run(t, dir, "go", args...)
			if r.code != 0 { // go vet -json exits 0 with findings
				t.Fatalf("go %s: exit %d\nstderr:\n%s", strings.Join(args, " "), r.code, r.stderr)
			}
			if got := reporting(t, r.stdout); !slices.Equal(got, tt.want) {
				t.Errorf("go %s: findings of %v, want %v\n%s", strings.Join(args, " "), got, tt.want, r.stdout)
			}
		})
	}
	// Text output: exit 0 once every analyzer with a finding here is off.
	r := run(t, dir, bin, "-vet=false", "-backpressure=false", "-writeafterclose=false", "-pipelineerr=false", "-unflushed=false", "./en")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("every reporting analyzer off: exit %d, want 0\nstderr:\n%s", r.code, r.stderr)
	}
}
