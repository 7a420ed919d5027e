package plugin

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/suite"
	"github.com/flowvet/flowvet/internal/config"
)

func fake(names ...string) []*analysis.Analyzer {
	var as []*analysis.Analyzer
	for _, n := range names {
		as = append(as, &analysis.Analyzer{Name: n, Doc: n, Run: func(*analysis.Pass) (any, error) { return nil, nil }})
	}
	return as
}

func names(as []*analysis.Analyzer) []string {
	var ns []string
	for _, a := range as {
		ns = append(ns, a.Name)
	}
	return ns
}

// decode runs settings through Settings the way New does, starting from the
// shape golangci-lint hands over (YAML decoded into map[string]any with
// []any lists), in a directory without a .flowvet.yml.
func decode(t *testing.T, raw any) (*config.Config, error) {
	t.Helper()
	return Settings(raw, t.TempDir())
}

func TestSelect(t *testing.T) {
	all := fake("backpressure", "writeafterclose", "pipelineerr", "unflushed", "flowvetignore")
	for _, tc := range []struct {
		name string
		raw  any
		want []string
	}{
		{"no settings", nil, names(all)},
		{"empty settings", map[string]any{}, names(all)},
		{"disable one", map[string]any{"disable": []any{"unflushed"}},
			[]string{"backpressure", "writeafterclose", "pipelineerr", "flowvetignore"}},
		{"enable two, in suite order", map[string]any{"enable": []any{"pipelineerr", "backpressure"}},
			[]string{"backpressure", "pipelineerr"}},
		{"a vet analyzer is ignored", map[string]any{"disable": []any{"printf", "unflushed"}},
			[]string{"backpressure", "writeafterclose", "pipelineerr", "flowvetignore"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := decode(t, tc.raw)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Select(all, s)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(names(got), tc.want) {
				t.Errorf("got %v, want %v", names(got), tc.want)
			}
		})
	}
}

func TestSettingsErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		raw  any
		want string
	}{
		{"unknown in enable", map[string]any{"enable": []any{"backpresure"}},
			`settings: enable: unknown analyzer "backpresure" (known: backpressure,`},
		{"unknown in disable", map[string]any{"disable": []any{"nosuch"}}, `settings: disable: unknown analyzer "nosuch"`},
		{"both lists", map[string]any{"enable": []any{"unflushed"}, "disable": []any{"unflushed"}}, `settings: analyzer "unflushed" is in both enable and disable`},
		{"unknown key", map[string]any{"disabled": []any{"unflushed"}}, `settings: unknown key "disabled" (valid keys: vet, enable, disable,`},
		{"a string for a list", map[string]any{"enable": "backpressure"}, "settings: enable: want a list"},
		{"bad stream", map[string]any{"streams": []any{"example.com/p.W"}}, `settings: streams: stream spec "example.com/p.W": no duty after a colon`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.raw)
			if err == nil || !strings.Contains(err.Error(), "flowvet: "+tc.want) {
				t.Errorf("New(%v) = %v, want an error containing %q", tc.raw, err, "flowvet: "+tc.want)
			}
		})
	}
	all := fake("backpressure", "unflushed")
	c := &config.Config{Disable: []string{"backpressure", "unflushed"}}
	if _, err := Select(all, c); err == nil || !strings.Contains(err.Error(), "remove it from linters.enable") {
		t.Errorf("nothing left: %v", err)
	}
}

// The plugin reads the .flowvet.yml of the directory golangci-lint runs in,
// as the flowvet command does; settings in both places are an error.
func TestSettingsFromFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, config.FileName)
	if err := os.WriteFile(file, []byte("disable: [unflushed]\nexclude: [gen]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Settings(nil, dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Disable, []string{"unflushed"}) || !slices.Equal(c.Exclude, []string{"gen"}) || c.Source != file {
		t.Errorf("settings from %s: %+v", file, c)
	}
	if _, err := Settings(map[string]any{"disable": []any{"backpressure"}}, dir); err == nil || !strings.Contains(err.Error(), "keep one of the two") {
		t.Errorf("settings in both places: %v", err)
	}
	if err := os.WriteFile(file, []byte("disable: [unflushd]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Settings(nil, dir); err == nil || !strings.Contains(err.Error(), file+`:1: disable: unknown analyzer "unflushd"`) {
		t.Errorf("a bad file: %v", err)
	}
}

func TestNewWithSuite(t *testing.T) {
	p, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode = %q, want %q", got, register.LoadModeTypesInfo)
	}
	got, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, suite.Analyzers) {
		t.Errorf("default analyzers = %v, want the whole suite %v", names(got), names(suite.Analyzers))
	}
	if len(suite.Analyzers) < 2 {
		t.Skip("suite has fewer than two analyzers; disable-one check needs two")
	}
	first := suite.Analyzers[0].Name
	p, err = New(map[string]any{"disable": []any{first}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ = p.BuildAnalyzers()
	if slices.Contains(names(got), first) || len(got) != len(suite.Analyzers)-1 {
		t.Errorf("disable %s: got %v", first, names(got))
	}
}

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("flowvet")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newPlugin(map[string]any{"disable": []any{"nosuch"}}); err == nil {
		t.Error("the registered constructor accepted an unknown analyzer")
	}
}

// Every analyzer needs a distinct name: settings and reports use it.
func TestSuiteNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range suite.Analyzers {
		if seen[a.Name] {
			t.Errorf("two analyzers named %q in the suite", a.Name)
		}
		seen[a.Name] = true
	}
}
