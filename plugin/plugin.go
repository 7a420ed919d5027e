// Package plugin is flowvet's golangci-lint v2 module plugin.
//
// A blank import of this package in a custom golangci-lint build registers
// the linter "flowvet", which runs the analyzers of
// github.com/flowvet/flowvet/analyzers/suite. It reads the same settings as
// the flowvet command: the .flowvet.yml of the module golangci-lint runs in,
// or the same keys in .golangci.yml (one or the other, not both):
//
//	version: "2"
//	linters:
//	  default: none
//	  enable:
//	    - flowvet
//	  settings:
//	    custom:
//	      flowvet:
//	        type: module
//	        description: stream backpressure and stream error checks
//	        settings:
//	          # Run only these analyzers (default: every analyzer) ...
//	          enable: [backpressure, pipelineerr]
//	          # ... minus these.
//	          disable: [unflushed]
//
// The keys are those of .flowvet.yml (docs/cli.md); vet and exit-zero have
// no effect here (golangci-lint has govet and its own exit codes). An
// unknown key, analyzer name or rule is an error that names the valid
// choices, so a typo never silently turns a check off.
package plugin

import (
	"fmt"
	"os"
	"slices"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/suite/vet"

	"github.com/flowvet/flowvet/analyzers/suite"
	"github.com/flowvet/flowvet/internal/config"
)

// Name is the linter name golangci-lint reports findings under; it is also
// the name //nolint:flowvet uses.
const Name = "flowvet"

func init() {
	register.Plugin(Name, New)
}

// Plugin is the flowvet linter for golangci-lint.
type Plugin struct {
	analyzers []*analysis.Analyzer
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New reads the settings, applies them and selects the analyzers. It is the
// constructor registered with golangci-lint.
func New(settings any) (register.LinterPlugin, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("flowvet: %w", err)
	}
	cfg, err := Settings(settings, cwd)
	if err != nil {
		return nil, fmt.Errorf("flowvet: %w", err)
	}
	as, err := Select(suite.Analyzers, cfg)
	if err != nil {
		return nil, err
	}
	if err := cfg.Apply(suite.Analyzers); err != nil {
		return nil, fmt.Errorf("flowvet: %w", err)
	}
	return &Plugin{analyzers: as}, nil
}

// Settings returns the configuration: the settings from .golangci.yml, or
// else the .flowvet.yml that applies in dir. Names of go vet's analyzers
// are valid (the file is shared with the flowvet command) and ignored.
func Settings(settings any, dir string) (*config.Config, error) {
	known := append(slices.Clone(suite.Analyzers), vet.Suite...)
	inline, err := config.FromSettings(settings, dir, known)
	if err != nil {
		return nil, err
	}
	file, err := config.Find(dir)
	if err != nil {
		return nil, err
	}
	if inline.Empty() {
		if file == "" {
			return inline, nil
		}
		return config.Load(file, known)
	}
	if file != "" {
		return nil, fmt.Errorf("settings in .golangci.yml and in %s: keep one of the two", file)
	}
	return inline, nil
}

// Select returns the analyzers of all that the configuration chooses, in
// the order of all: those of enable (every one when enable is empty),
// minus those of disable.
func Select(all []*analysis.Analyzer, c *config.Config) ([]*analysis.Analyzer, error) {
	var out []*analysis.Analyzer
	for _, a := range all {
		if len(c.Enable) > 0 && !slices.Contains(c.Enable, a.Name) || slices.Contains(c.Disable, a.Name) {
			continue
		}
		out = append(out, a)
	}
	if len(out) == 0 && len(all) > 0 {
		return nil, fmt.Errorf("flowvet: the settings leave no analyzer to run; to turn flowvet off, remove it from linters.enable")
	}
	return slices.Clip(out), nil
}

// BuildAnalyzers returns the selected analyzers.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return p.analyzers, nil
}

// GetLoadMode asks golangci-lint for type information: every flowvet
// analyzer matches calls by their types.
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
