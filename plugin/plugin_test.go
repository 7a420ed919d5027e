package plugin

import (
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/suite"
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

// decode runs settings through register.DecodeSettings the way New does,
// starting from the shape golangci-lint hands over (YAML decoded into
// map[string]any with []any lists).
func decode(t *testing.T, raw any) (Settings, error) {
	t.Helper()
	return register.DecodeSettings[Settings](raw)
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
		{"enable then disable", map[string]any{
			"enable":  []any{"backpressure", "pipelineerr", "unflushed"},
			"disable": []any{"unflushed"},
		}, nil}, // error: both lists
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := decode(t, tc.raw)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Select(all, s)
			if tc.want == nil {
				if err == nil || !strings.Contains(err.Error(), `"unflushed" is in both`) {
					t.Fatalf("got %v, %v; want an error about unflushed in both lists", names(got), err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(names(got), tc.want) {
				t.Errorf("got %v, want %v", names(got), tc.want)
			}
		})
	}
}

func TestSelectErrors(t *testing.T) {
	all := fake("backpressure", "unflushed")
	for _, tc := range []struct {
		name string
		s    Settings
		want []string // substrings of the error
	}{
		{"unknown in enable", Settings{Enable: []string{"backpresure"}},
			[]string{`settings.enable: unknown analyzer "backpresure"`, "backpressure, unflushed"}},
		{"unknown in disable", Settings{Disable: []string{"nosuch"}},
			[]string{`settings.disable: unknown analyzer "nosuch"`}},
		{"nothing left", Settings{Disable: []string{"backpressure", "unflushed"}},
			[]string{"no analyzer to run", "remove it from linters.enable"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Select(all, tc.s)
			if err == nil {
				t.Fatalf("got %v, want an error", names(got))
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestNewRejectsUnknownKey(t *testing.T) {
	for _, raw := range []any{
		map[string]any{"disabled": []any{"unflushed"}},
		map[string]any{"enable": []any{}, "backpressure": false},
	} {
		_, err := New(raw)
		if err == nil || !strings.Contains(err.Error(), "unknown field") || !strings.Contains(err.Error(), "valid keys: enable, disable") {
			t.Errorf("New(%v) error = %v; want unknown field with the valid keys", raw, err)
		}
	}
}

func TestNewRejectsWrongType(t *testing.T) {
	_, err := New(map[string]any{"enable": "backpressure"})
	if err == nil {
		t.Fatal("New accepted enable as a string; want an error asking for a list")
	}
}

func TestNewRejectsUnknownAnalyzer(t *testing.T) {
	_, err := New(map[string]any{"enable": []any{"nosuchanalyzer"}})
	if err == nil || !strings.Contains(err.Error(), `unknown analyzer "nosuchanalyzer"`) {
		t.Fatalf("error = %v, want unknown analyzer", err)
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
