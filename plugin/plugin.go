// Package plugin is flowvet's golangci-lint v2 module plugin.
//
// A blank import of this package in a custom golangci-lint build registers
// the linter "flowvet", which runs the analyzers of
// github.com/flowvet/flowvet/analyzers/suite. Configure it in .golangci.yml:
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
// Both lists are optional. A settings key other than enable and disable,
// or an analyzer name flowvet does not have, is an error that names the
// valid choices, so a typo never silently turns a check off.
package plugin

import (
	"fmt"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/flowvet/flowvet/analyzers/suite"
)

// Name is the linter name golangci-lint reports findings under; it is also
// the name //nolint:flowvet uses.
const Name = "flowvet"

func init() {
	register.Plugin(Name, New)
}

// Settings is the plugin's configuration
// (linters.settings.custom.flowvet.settings in .golangci.yml).
type Settings struct {
	// Enable lists the analyzers to run. Empty means every analyzer.
	Enable []string `json:"enable"`
	// Disable lists analyzers not to run; it applies after Enable.
	Disable []string `json:"disable"`
}

// Plugin is the flowvet linter for golangci-lint.
type Plugin struct {
	analyzers []*analysis.Analyzer
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes the settings and selects the analyzers. It is the
// constructor registered with golangci-lint.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("flowvet: %w (valid keys: enable, disable)", err)
	}
	as, err := Select(suite.Analyzers, s)
	if err != nil {
		return nil, err
	}
	return &Plugin{analyzers: as}, nil
}

// Select returns the analyzers of all that the settings choose, in the
// order of all.
func Select(all []*analysis.Analyzer, s Settings) ([]*analysis.Analyzer, error) {
	known := make(map[string]bool, len(all))
	var names []string
	for _, a := range all {
		known[a.Name] = true
		names = append(names, a.Name)
	}
	check := func(key string, list []string) (map[string]bool, error) {
		set := make(map[string]bool, len(list))
		for _, n := range list {
			if !known[n] {
				return nil, fmt.Errorf("flowvet: settings.%s: unknown analyzer %q (flowvet has: %s)",
					key, n, strings.Join(names, ", "))
			}
			set[n] = true
		}
		return set, nil
	}
	enable, err := check("enable", s.Enable)
	if err != nil {
		return nil, err
	}
	disable, err := check("disable", s.Disable)
	if err != nil {
		return nil, err
	}
	for _, n := range s.Disable {
		if enable[n] {
			return nil, fmt.Errorf("flowvet: analyzer %q is in both settings.enable and settings.disable", n)
		}
	}
	var out []*analysis.Analyzer
	for _, a := range all {
		if len(enable) > 0 && !enable[a.Name] || disable[a.Name] {
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
